"""``egonet login`` takes the token from a prompt, standard input or EGONET_TOKEN, never an argument.

A stand-in for the server's ``GET /v1/me`` on loopback answers only the right bearer token; the
real login against ``egonet-server`` is in ``tests/server/test_sync.py``.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.helpers import assert_clean_error, egonet

TOKEN = "3Jx-device-token-of-anna"


class Me(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        right = self.path == "/v1/me" and self.headers.get("Authorization") == f"Bearer {TOKEN}"
        body = json.dumps({"name": "anna", "role": "clinician"} if right else {"error": "unknown token"}).encode()
        self.send_response(200 if right else 401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Me)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def saved(home: Path) -> dict[str, str]:
    path = home / "server.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    found: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return found


def test_the_token_is_read_from_standard_input(tmp_path: Path, server: str) -> None:
    result = egonet(tmp_path / "home", "login", "--server", server, stdin=f"  {TOKEN}  \nignored\n")
    assert result.returncode == 0, result.stderr
    assert "as anna (clinician)" in result.stdout
    assert TOKEN not in result.stdout + result.stderr
    assert saved(tmp_path / "home") == {"server": server, "token": TOKEN}


def test_the_token_is_taken_from_egonet_token(tmp_path: Path, server: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EGONET_")}
    env |= {"EGONET_HOME": str(tmp_path / "home"), "EGONET_TOKEN": TOKEN}
    result = subprocess.run(
        [sys.executable, "-m", "egonet", "login", "--server", server],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert saved(tmp_path / "home")["token"] == TOKEN


def test_a_wrong_token_from_standard_input_is_refused_and_nothing_is_saved(tmp_path: Path, server: str) -> None:
    result = egonet(tmp_path, "login", "--server", server, stdin="not-the-token\n")
    assert_clean_error(result, "unknown token")
    assert not (tmp_path / "server.json").exists()


def test_the_token_on_the_command_line_is_refused(tmp_path: Path, server: str) -> None:
    result = egonet(tmp_path, "login", "--server", server, "--token", TOKEN, stdin=f"{TOKEN}\n")
    assert result.returncode == 2
    assert_clean_error(result, "--token is not accepted", "paste the token when asked")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "server.json").exists()


@pytest.mark.parametrize("stdin", [None, "", "\n", "   \n"])
def test_no_token_is_a_one_line_usage_error(tmp_path: Path, server: str, stdin: str | None) -> None:
    result = egonet(tmp_path, "login", "--server", server, stdin=stdin)
    assert result.returncode == 2
    assert_clean_error(result, "no device token")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "server.json").exists()


def test_the_help_shows_how_to_give_the_token(tmp_path: Path) -> None:
    result = egonet(tmp_path, "login", "--help")
    assert result.returncode == 0
    assert "--token" not in result.stdout
    assert "< token.txt" in result.stdout
    assert "paste the token when asked" in result.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
def test_on_a_terminal_the_token_is_asked_for_and_not_echoed(tmp_path: Path, server: str) -> None:
    import pty
    import select

    main, terminal = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("EGONET_")}
    env["EGONET_HOME"] = str(tmp_path / "home")
    process = subprocess.Popen(
        [sys.executable, "-m", "egonet", "login", "--server", server],
        env=env,
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=terminal,
        start_new_session=True,  # no controlling terminal: the prompt can only use this one
    )
    os.close(terminal)
    shown = b""
    try:
        while b"Device token:" not in shown:
            assert select.select([main], [], [], 30)[0], shown
            shown += os.read(main, 1024)
        os.write(main, f"{TOKEN}\n".encode())
        out, _ = process.communicate(timeout=30)
        while select.select([main], [], [], 0.2)[0]:
            try:
                shown += os.read(main, 1024)
            except OSError:
                break
    finally:
        os.close(main)
    assert process.returncode == 0, shown
    assert b"as anna (clinician)" in out
    assert TOKEN.encode() not in shown + out
    assert saved(tmp_path / "home")["token"] == TOKEN
