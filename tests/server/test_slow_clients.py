"""Slow and idle clients against a real ``egonet-server serve`` process: 1,100 connections that
send half a request (or nothing, or headers and half a body) neither exhaust its file
descriptors nor keep a real client from being served, and each is closed after its timeout.

The server starts with a soft ``RLIMIT_NOFILE`` of 1,024 (a common default), as in production:
``server.serving`` raises it itself, so the cap of connections binds, not the descriptor table."""

from __future__ import annotations

import resource
import selectors
import socket
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest

from tests.server.helpers import PATIENCE, TunedServer, clinician

SLOW = 1100
TIMEOUT = 1.5  # EGONET_SERVER_HEADER_TIMEOUT and _BODY_TIMEOUT in these tests
CLIENT_TIMEOUT = 10.0  # generous for one /v1/me on loopback; plain uvicorn makes it wait for slots


def enough_descriptors(count: int) -> None:
    """Raise this process's soft RLIMIT_NOFILE to hold ``count`` more sockets, or skip."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = count + 256
    if soft != resource.RLIM_INFINITY and soft < wanted:
        if hard != resource.RLIM_INFINITY and hard < wanted:
            pytest.skip(f"RLIMIT_NOFILE's hard limit ({hard}) is too low for {count} sockets")
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


@pytest.fixture(scope="module")
def slow_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TunedServer, str]]:
    home = tmp_path_factory.mktemp("slow") / "server"
    token = clinician(home)
    settings = {"EGONET_SERVER_HEADER_TIMEOUT": str(TIMEOUT), "EGONET_SERVER_BODY_TIMEOUT": str(TIMEOUT)}
    process = TunedServer(home, settings)
    process.start()
    yield process, token
    process.kill()


def opened(port: int, data: bytes) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", port), timeout=PATIENCE)
    if data:
        s.sendall(data)
    return s


def answers(sockets: list[socket.socket]) -> list[bytes]:
    """What each socket receives until the server closes it (a reset counts as a close)."""
    received = [b""] * len(sockets)
    with selectors.DefaultSelector() as selector:
        for index, s in enumerate(sockets):
            s.setblocking(False)
            selector.register(s, selectors.EVENT_READ, index)
        deadline = time.monotonic() + PATIENCE
        while selector.get_map() and time.monotonic() < deadline:
            for key, _ in selector.select(timeout=1):
                try:
                    chunk = key.fileobj.recv(65536)  # type: ignore[union-attr]
                except ConnectionResetError:
                    chunk = b""
                received[key.data] += chunk
                if not chunk:
                    selector.unregister(key.fileobj)
        left = len(selector.get_map())
    assert left == 0, f"{left} slow connections were still open after {PATIENCE} s"
    return received


def still_open(sockets: list[socket.socket]) -> int:
    """How many of ``sockets`` have nothing to read yet (neither an answer nor a close)."""
    with selectors.DefaultSelector() as selector:
        for s in sockets:
            selector.register(s, selectors.EVENT_READ)
        return len(sockets) - len(selector.select(timeout=0))


def test_many_slow_connections_do_not_keep_a_real_client_from_being_served(
    slow_server: tuple[TunedServer, str],
) -> None:
    server, token = slow_server
    enough_descriptors(SLOW + 10)
    auth = f"Authorization: Bearer {token}\r\n".encode()
    uploading = (
        f"PUT /v1/interviews/{uuid.uuid4()} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode()
        + auth
        + b'Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"schema": '
    )
    unread = b"GET /v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth + b"Content-Length: 5000\r\n\r\n0123456789"
    half = b"GET /v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthori"
    # The oldest connections waiting for their headers are closed when more than the cap are open:
    # "nothing" first, then some of "half the headers"; the bodies come last, so they are not.
    groups = {"nothing": (b"", 100), "half the headers": (half, 900), "half a body": (uploading, 60)}
    groups["an unread body"] = (unread, SLOW - sum(n for _, n in groups.values()))
    slow: dict[str, list[socket.socket]] = {}
    try:
        for name, (data, count) in groups.items():
            slow[name] = [opened(server.port, data) for _ in range(count)]
        everyone = [s for group in slow.values() for s in group]
        with httpx.Client(base_url=server.url, timeout=CLIENT_TIMEOUT) as client:
            try:
                served = [client.get("/v1/me", headers={"Authorization": f"Bearer {token}"}) for _ in range(3)]
            except httpx.TransportError as exc:
                pytest.fail(f"the real client was not served while {SLOW} slow connections were open: {exc!r}")
        assert [r.status_code for r in served] == [200] * 3
        assert served[0].json()["name"] == "anna"
        assert still_open(everyone) > SLOW // 2  # served while most of them are still waiting

        got = {name: answers(group) for name, group in slow.items()}
    finally:
        for group in slow.values():
            for s in group:
                s.close()
    expected = {
        "nothing": b"",  # closed, silently
        "half the headers": b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\n",
        "half a body": b"HTTP/1.1 408 Request Timeout\r\n",  # from the app (server.bodies), JSON too
        "an unread body": b"HTTP/1.1 200 OK\r\n",  # answered, then closed when the rest did not come
    }
    for name, beginning in expected.items():
        kinds = {a[: len(beginning)] for a in got[name]}
        assert beginning in kinds and kinds <= {b"", beginning}, (name, {a[:200] for a in got[name]})
    assert all(a.endswith(b'{"error": "the request\'s headers came too slowly"}') for a in got["half the headers"] if a)
    assert all(b'{"error":"the body came too slowly' in a for a in got["half a body"] if a)
    assert "Traceback" not in server.stderr()
    assert httpx.get(f"{server.url}/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_headers_trickled_a_byte_at_a_time_get_a_408_before_they_are_complete(
    slow_server: tuple[TunedServer, str],
) -> None:
    server, token = slow_server
    request = f"GET /v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\r\n".encode()
    with opened(server.port, b"") as s:
        s.settimeout(0.2)  # the pause between bytes: progress does not extend the deadline
        answer, sent = b"", 0
        while sent < len(request) and not answer:
            try:
                s.sendall(request[sent : sent + 1])
                sent += 1
                answer = s.recv(65536) or b"<closed>"
            except TimeoutError:
                continue
            except (BrokenPipeError, ConnectionResetError):
                answer = b"<closed>"
    assert sent < len(request)  # 0.2 s a byte for ~90 bytes: far longer than the header timeout
    assert answer.startswith(b"HTTP/1.1 408 "), answer


def test_an_idle_kept_alive_connection_is_closed_without_an_answer(slow_server: tuple[TunedServer, str]) -> None:
    server, token = slow_server
    with opened(server.port, f"GET /v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\r\n".encode()) as s:
        received = b""
        while chunk := s.recv(65536):  # uvicorn's keep-alive timeout ends it: no unsolicited 408
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")  # the answer may come in several segments
    assert head.startswith(b"HTTP/1.1 200 ")
    length = next(
        int(line.split(b":")[1]) for line in head.lower().split(b"\r\n") if line.startswith(b"content-length:")
    )
    assert len(body) == length, body  # the answer, and nothing after it
