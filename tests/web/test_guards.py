"""``egonet interview --web`` refusing what it must, without a browser: the address it is given,
the browser's one-use start address, odd requests answered with a 4xx (never a 500), the
headers on every answer, and the link that tells the map which interview is open."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from egonet.web.link import Showing, teller
from tests.web.browser import WebCommand, wait_for


@pytest.fixture
def command(tmp_path: Path) -> Iterator[WebCommand]:
    web = WebCommand(tmp_path)
    yield web
    web.stop(signal.SIGKILL)


@pytest.mark.parametrize("address", ["0.0.0.0", "0", "::", "localhost", "127.1"])
def test_an_address_that_is_not_one_ip_is_a_one_line_usage_error(tmp_path: Path, address: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "egonet", "interview", "--web", "--no-browser", "--address", address],
        env={**os.environ, "EGONET_HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr  # a usage error


def test_the_browser_is_opened_on_an_address_that_works_once(tmp_path: Path) -> None:
    """Other users can read a browser's command line: what it holds is spent at its first use."""
    told = tmp_path / "opened"
    opener = tmp_path / "browser.sh"
    opener.write_text(f'#!/bin/sh\necho "$1" > {told}\n', encoding="utf-8")
    opener.chmod(0o700)
    web = WebCommand(tmp_path / "home", opener=opener)
    try:
        wait_for("the browser to be opened", told.exists)
        start = told.read_text(encoding="utf-8").strip()
        assert web.interview.rstrip("/") not in start  # the secret is not on the command line
        with httpx.Client(timeout=30) as client:
            first = client.get(start)
            assert first.status_code == 302 and first.headers["location"] == web.interview
            assert client.get(start).status_code == 404
    finally:
        web.stop(signal.SIGKILL)


def test_odd_requests_get_a_4xx_with_the_headers(command: WebCommand) -> None:
    with httpx.Client(timeout=30) as client:
        assert client.get(command.interview, params={"fontsize": "²"}).status_code == 200  # a digit int() refuses
        plain = client.get(command.interview + "ws", headers={"Origin": command.interview.split("/", 3)[:3][-1]})
        assert plain.status_code == 400  # the websocket's address, asked without an upgrade
        for answer in (plain, client.get(command.interview + "static/"), client.get(command.interview + "nothing")):
            assert 400 <= answer.status_code < 500
            assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
            assert answer.headers["cache-control"] == "no-store"


def test_the_map_follows_the_link_that_spoke_last_and_nothing_else() -> None:
    async def scenario() -> None:
        showing = Showing()
        folder = Path(f"/tmp/egonet-test-link-{uuid.uuid4().hex[:8]}")
        folder.mkdir(mode=0o700)
        server = await showing.serve(folder / "link.sock")
        try:
            app = await asyncio.to_thread(teller, folder / "link.sock")
            interview = uuid.uuid4()
            await asyncio.to_thread(app, interview)
            await _until(lambda: showing.current == interview)
            # a probe that connects and says nothing, and lines that are not messages, change nothing
            for line in (b"", b"[" * 150 + b"\n", b"x" * 5000 + b"\n", b'{"interview": "not an id"}\n', b"[]\n"):
                _reader, writer = await asyncio.open_unix_connection(str(folder / "link.sock"))
                writer.write(line)
                await writer.drain()
                writer.close()
                await writer.wait_closed()
            await asyncio.sleep(0.2)
            assert showing.current == interview
            await asyncio.to_thread(app, None)  # the app went back to the patient list
            await _until(lambda: showing.current is None)
        finally:
            server.close()
            (folder / "link.sock").unlink(missing_ok=True)
            folder.rmdir()

    asyncio.run(scenario())


async def _until(condition: object) -> None:
    deadline = time.monotonic() + 30
    while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
        await asyncio.sleep(0.01)
    assert condition()  # type: ignore[operator]


def test_a_page_opened_again_reopens_the_interview_only_soon_after(tmp_path: Path) -> None:
    """Within REOPEN seconds of a closed tab, the interview left open; later, the patient list
    (whoever opens the page then may be with another patient, and the map would show the first)."""
    from egonet.web.server import REOPEN, WebInterview

    server = WebInterview(tmp_path / "s.sqlite3", "en", host="127.0.0.1", port=1, secret="s")
    try:
        assert "--patient" not in server._command()
        server.reopen = ("P-001", time.monotonic())
        assert server._command().endswith("--patient P-001")
        server.reopen = ("P-001", time.monotonic() - REOPEN - 1)
        assert "--patient" not in server._command()
    finally:
        server.folder.rmdir()
