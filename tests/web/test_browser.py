"""``egonet interview --web`` in a real browser: an interview typed in the browser lands in the
store and on the patient's map; closing the tab or killing the command loses nothing and the
interview reopens where it was; a second browser cannot take it; nothing answers without the
secret, from another ``Host`` or from another page's ``Origin``."""

from __future__ import annotations

import base64
import os
import signal
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.web.browser import CHROMIUM, DRIVER, WebCommand, browser, documents, keyboard, wait_for

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None, reason="chromium and chromium-driver are not installed (.ci/run installs them)"
)

CTRL_N = "\ue009n\ue009"  # selenium's Control key down, n, Control up: the next step


@pytest.fixture
def command(tmp_path: Path) -> Iterator[WebCommand]:
    web = WebCommand(tmp_path)
    yield web
    web.stop(signal.SIGKILL)


def labels(home: Path) -> list[str]:
    found = documents(home)
    return [a.label for a in found[0].alters.values()] if found else []


def handshake(url: str, *, origin: str) -> int:
    """The status of a websocket handshake to ``url`` (101: the app would start)."""
    parts = urlsplit(url)
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        f"GET {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nOrigin: {origin}\r\n\r\n"
    )
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as s:
        s.sendall(request.encode())
        return int(s.recv(1024).split(b" ", 2)[1])


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def person(home: Path, label: str) -> dict[str, object]:
    return next(a.answers for a in documents(home)[0].alters.values() if a.label == label)


def test_an_interview_in_the_browser_with_the_patients_map_beside_it(tmp_path: Path) -> None:
    home = tmp_path
    command = WebCommand(home)
    page = browser()
    try:
        page.get(command.interview)
        keys = keyboard(page)
        keys.send_keys("nT-001\n")  # a new patient, in one burst: the dialog opens under the keys
        wait_for("the interview in the store", lambda: len(documents(home)) == 1)
        keys.send_keys("Anna\nBob\nCleo\n")  # three names, typed at full speed
        wait_for("three people in the store", lambda: labels(home) == ["Anna", "Bob", "Cleo"])

        page.switch_to.new_window("window")  # the second screen, turned to the patient
        page.get(command.map)
        interviewing, patients_screen = page.window_handles

        def drawn() -> str:
            return page.find_element("id", "map").get_attribute("innerHTML") or ""

        wait_for("the three names on the patient's map", lambda: all(n in drawn() for n in ("Anna", "Bob", "Cleo")))
        assert "T-001" not in page.page_source  # the map shows the network, not the record
        page.switch_to.window(interviewing)
        keyboard(page).send_keys("Dirk\n")
        page.switch_to.window(patients_screen)
        wait_for("a name added in the interview on the patient's map", lambda: "Dirk" in drawn())

        # a second browser cannot take the interview over while this one has it
        assert handshake(command.interview + "ws", origin=origin(command.interview)) == 409

        page.switch_to.window(interviewing)
        keys = keyboard(page)
        keys.send_keys(CTRL_N * 5 + "1")  # past the other four naming steps; the first person's relationship
        wait_for("the answer in the store", lambda: person(home, "Anna"))
        keys.send_keys(CTRL_N + " \n")  # who knows whom: Anna knows the first one listed
        wait_for("the tie in the store", lambda: len(documents(home)[0].ties) == 1)

        page.get(command.interview)  # the tab reloaded: its app quits, a new one reopens the interview
        keys = keyboard(page)
        page.switch_to.window(patients_screen)
        wait_for("the reopened interview on the patient's map", lambda: "Dirk" in drawn())
        page.switch_to.window(interviewing)
        keys.send_keys(" \n")  # the census goes on where it was: the next person knows someone
        wait_for("a second tie in the store", lambda: len(documents(home)[0].ties) == 2)

        command.stop(signal.SIGKILL)  # a crash: the command and the app it started, no time to save
        stored = documents(home)
        assert len(stored) == 1 and stored[0].patient.code == "T-001"
        assert labels(home) == ["Anna", "Bob", "Cleo", "Dirk"]
        assert person(home, "Anna") == {"relationship": "partner"}
        assert len(stored[0].ties) == 2

        command = WebCommand(home)  # started again: the patient list, then the interview where it was
        page.get(command.interview)
        keyboard(page).send_keys("\n")
        page.switch_to.window(patients_screen)
        page.get(command.map)
        wait_for("the interview open again, on the new map", lambda: "Dirk" in drawn())
    finally:
        page.quit()
        command.stop(signal.SIGKILL)
    assert [d.revision for d in documents(home)] == [stored[0].revision]  # reopening changed nothing


def test_nothing_answers_without_the_secret_or_from_elsewhere(command: WebCommand) -> None:
    root = origin(command.interview)
    secret = command.interview.removeprefix(root).strip("/")
    wrong = secret[:-4] + ("aaaa" if not secret.endswith("aaaa") else "bbbb")
    with httpx.Client(timeout=30) as client:
        assert client.get(command.interview).status_code == 200
        assert client.get(command.map).status_code == 200
        for path in ("/", f"/{wrong}/", f"/{wrong}/map", f"/{wrong}/map/events", f"/{wrong}/static/js/textual.js"):
            assert client.get(root + path).status_code == 404, path
        elsewhere = client.get(command.interview, headers={"Host": "egonet.example.org"})
        assert elsewhere.status_code == 403  # a name rebound to this address by another site
        answer = client.get(command.map)
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
        assert answer.headers["referrer-policy"] == "no-referrer" and answer.headers["cache-control"] == "no-store"
    assert handshake(f"{root}/{wrong}/ws", origin=root) == 404
    assert handshake(command.interview + "ws", origin="http://evil.example.org") == 403


def test_stopping_the_command_stops_the_app_in_the_browser(command: WebCommand) -> None:
    page = browser()
    try:
        page.get(command.interview)
        keyboard(page)  # the app is running, in a process of the command's
        command.stop(signal.SIGINT)  # Ctrl+C
        assert command.process.returncode == 0
        wait_for("every process of the command to end", lambda: not _group(command.process.pid))
    finally:
        page.quit()


def _group(pid: int) -> list[str]:
    """The live processes of process group ``pid`` (zombies waiting to be reaped do not count)."""
    out = subprocess.run(["ps", "-o", "stat=", "-g", str(pid)], capture_output=True, text=True, check=False).stdout
    return [s for s in out.split() if not s.startswith("Z")]
