"""Running the app in uvicorn, as ``egonet-server serve`` does, so that slow, idle and hostile
clients cannot exhaust a server process.

What holds, per process (the settings are ``EGONET_SERVER_*``, see :mod:`server.settings`):

- **Headers**: a connection has ``header_timeout`` seconds to send a request's complete headers,
  counted from its opening, or from the first byte of a later request on a kept-alive connection;
  then it is closed, with a 408 if part of a request had come.  uvicorn has no such timeout: its
  ``timeout_keep_alive`` only runs between requests, after a response; it is kept (5 s, or
  ``header_timeout`` rounded up if shorter), and an idle kept-alive connection closes silently.
- **Bodies** the app reads time out in :mod:`server.bodies` (408 after ``body_timeout`` without a
  chunk).  A body the app does not read (answered early: 401, 413, a GET with a body) has
  ``body_timeout`` seconds more to finish arriving, discarded, and the connection is then closed:
  in plain uvicorn each byte of it cancels the keep-alive timer, so it could trickle forever.
- **Absurd requests** never get a 5xx, and a 4xx here has the app's JSON error shape.  h11
  refuses bad framing (two lengths, a negative or 5,000-digit one, a bad chunk size, a coding
  other than chunked), bytes outside the grammar and headers that stay incomplete past 16 KiB
  (its ``max_incomplete_event_size``); uvicorn then answers 400 and closes (RFC 9112 section
  6.3).  Accepted by h11 but refused here, with a close: Content-Length with Transfer-Encoding
  (a smuggling attempt behind a proxy), a version other than HTTP/1.x, and headers over 16 KiB
  that came in one read (431).  A request the parser refuses after the app has it leaves the
  app answering nobody (uvicorn would raise sending that answer: a traceback in the log), and a
  ``ValueError`` escaping h11 or uvicorn on odd input gets a 400, not an event-loop traceback.
- **Connections**: at most ``max_connections`` are open.  uvicorn's ``limit_concurrency`` is not
  used: it counts only when a request's headers are complete, so connections that never finish
  them hold their file descriptors regardless, and it answers 503 to the legitimate client while
  the slow ones keep their places.  Instead, a connection accepted over the cap closes the one
  that has waited longest for its headers (idle or slow; a real client sends them within a round
  trip, so evicting it would take ``max_connections`` new connections per round trip); when every
  connection is inside a request, the newcomer gets a 503 and is closed.
- **File descriptors**: the soft ``RLIMIT_NOFILE`` is raised to the hard limit at start, so the
  cap binds before the descriptor table does; if even the hard limit leaves less than
  ``max_connections`` plus ``RESERVED_FDS``, the cap is lowered to fit, with a warning.
- **Forwarded headers** are never taken from uvicorn (which believes ``X-Forwarded-For`` from
  127.0.0.1 by default): the app reads them itself, only from ``EGONET_SERVER_TRUSTED_PROXIES``.

The protocol is always h11 (pure Python, a dependency of uvicorn): httptools, when installed,
would be chosen by uvicorn's ``auto`` without these guards.  Over TLS (``--cert``), a handshake
is bounded by asyncio's 60 s, not by ``header_timeout``: behind a reverse proxy that terminates
TLS (README, "Limits, timeouts and a reverse proxy"), the proxy bounds it.

**Workers** (``--workers N``, :func:`run_workers`): uvicorn's supervisor binds the socket once and
starts N processes that accept on it, each building the app and the guarded protocol from the
same ``EGONET_SERVER_*`` environment (uvicorn spawns them and sends each its config: the config
is sent as what rebuilds it, :class:`WorkerConfig`), so every guard above holds in every worker,
``max_connections`` per worker.  SIGTERM or SIGINT stops them all (each finishes what it has
started, for at most ``GRACE`` seconds); a worker that dies or stops answering its health check is
replaced, with a warning; SIGHUP replaces them one by one.  What they share lives in the database.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import h11
from uvicorn import Config, Server
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.supervisors import Multiprocess

from server.headers import ALWAYS
from server.settings import ServerSettings

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = [
    "RESERVED_FDS",
    "GuardedH11Protocol",
    "Listening",
    "Supervisor",
    "WorkerConfig",
    "raise_fd_limit",
    "run",
    "run_workers",
    "worker_app",
]

KEEP_ALIVE = 5  # seconds an idle connection is kept between requests (uvicorn's default), at most
RESERVED_FDS = 128  # descriptors kept for the database, its pool, logs and the listening sockets
MAX_HEADER_BYTES = 16 * 1024  # h11's default, named here: larger headers get a 400 or 431 and a close
GRACE = 30  # seconds a stopping server process gives the requests it has started

logger = logging.getLogger("uvicorn.error")


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a header deadline, a deadline for unread bodies, a connection
    cap enforced at accept time, and a JSON 4xx (then a close) for every request it refuses."""

    header_timeout: ClassVar[float] = 10.0
    body_timeout: ClassVar[float] = 10.0
    max_connections: ClassVar[int] = 1000

    _deadline: asyncio.TimerHandle | None = None
    _phase: Literal["headers", "unread body"] | None = None
    _waiting_since = 0.0

    @classmethod
    def configured(cls, settings: ServerSettings, max_connections: int) -> type[GuardedH11Protocol]:
        """A subclass with the settings' timeouts and ``max_connections`` (uvicorn builds one
        protocol per connection from the class it is given)."""
        attributes = {
            "header_timeout": settings.header_timeout,
            "body_timeout": settings.body_timeout,
            "max_connections": max_connections,
        }
        return type("ConfiguredH11Protocol", (cls,), attributes)

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._watch("headers", self.header_timeout)
        if len(self.connections) > self.max_connections:
            self._make_room()

    def connection_lost(self, exc: Exception | None) -> None:
        self._watch(None, 0)
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.transport.is_closing():
            return
        if self.conn.their_state is h11.IDLE:
            if self._phase != "headers":  # the first bytes of a request: its headers' deadline starts
                self._watch("headers", self.header_timeout)
        elif self._phase == "headers":  # the headers are complete: the app (and bodies.py) takes over
            self._watch(None, 0)

    def handle_events(self) -> None:
        cycle = self.cycle
        try:
            super().handle_events()
        except ValueError:  # from int() or bytes.decode() inside h11 or uvicorn, on absurd input
            self.logger.warning("Invalid HTTP request received.")
            self.send_400_response("Invalid HTTP request received.")
            return
        if self.cycle is not cycle and not self.transport.is_closing():
            refusal = self._refusal()
            if refusal is not None:
                self.logger.warning("Refused a request: %s.", refusal[1])
                self._refuse(*refusal)

    def _refusal(self) -> tuple[int, str] | None:
        """Why a request that h11 accepted is refused all the same: a version other than 1.x, both
        framings (a smuggling attempt behind a proxy; RFC 9112 section 6.1 allows refusing it), or
        headers that passed h11's size check only because they came in one read."""
        if self.scope["http_version"] not in {"1.0", "1.1"}:  # h11 parses "PRI * HTTP/2.0" and passes it
            return 400, "the server speaks HTTP/1.1 only"
        names = {name for name, _ in self.headers}
        if b"content-length" in names and b"transfer-encoding" in names:
            return 400, "the request has both Content-Length and Transfer-Encoding"
        size = len(self.scope["raw_path"]) + len(self.scope["query_string"])
        size += sum(len(name) + len(value) + 4 for name, value in self.headers)
        if size > MAX_HEADER_BYTES:
            return 431, f"the request's headers are larger than {MAX_HEADER_BYTES} bytes"
        return None

    def send_400_response(self, msg: str) -> None:
        """uvicorn's answer to what h11 refuses, in the app's JSON shape."""
        self._refuse(400, "the request is not valid HTTP")

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self.transport.is_closing():
            return
        if self.conn.our_state is h11.DONE and self.conn.their_state is h11.SEND_BODY:
            self._watch("unread body", self.body_timeout)
        elif self.conn.their_state is h11.IDLE and self.timeout_keep_alive_task is not None:
            self._watch(None, 0)  # between requests uvicorn's keep-alive timer runs

    def _watch(self, phase: Literal["headers", "unread body"] | None, seconds: float) -> None:
        """Replace the connection's deadline: ``phase`` must end within ``seconds`` (None: no deadline)."""
        if self._deadline is not None:
            self._deadline.cancel()
        self._phase, self._deadline, self._waiting_since = phase, None, self.loop.time()
        if phase is not None:
            self._deadline = self.loop.call_later(seconds, self._expire)

    def _waiting_for_headers(self) -> bool:
        return (
            self._phase == "headers" or self.timeout_keep_alive_task is not None
        ) and not self.transport.is_closing()

    def _expire(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        started = self._phase == "headers" and bool(self.conn.trailing_data[0])
        if started and self.conn.our_state is h11.IDLE:
            self._refuse(408, "the request's headers came too slowly")
        else:
            self.transport.close()

    def _make_room(self) -> None:
        """Over the cap: close the connection waiting longest for headers, else refuse this one."""
        open_ = [c for c in self.connections if isinstance(c, GuardedH11Protocol) and not c.transport.is_closing()]
        if len(open_) <= self.max_connections:
            return
        waiting = [c for c in open_ if c is not self and c._waiting_for_headers()]
        if waiting:
            min(waiting, key=lambda c: c._waiting_since).transport.close()
        else:
            self.logger.warning("Refused a connection: %d are open.", len(open_) - 1)
            self._refuse(503, "the server has too many open connections; try again later")

    def _refuse(self, status: int, message: str) -> None:
        """Answer ``status`` with the app's JSON error shape, if h11 still can, and close; the
        app, if it has the request, answers nobody (uvicorn would raise sending it after this)."""
        if self.cycle is not None and not self.cycle.response_complete:
            self.cycle.disconnected = True
            self.cycle.message_event.set()
        body = json.dumps({"error": message}).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
            *ALWAYS,  # the security headers of every answer (found: missing on the parser's refusals)
        ]
        response = h11.Response(status_code=status, headers=headers, reason=HTTPStatus(status).phrase)
        try:
            for event in (response, h11.Data(data=body), h11.EndOfMessage()):
                self.transport.write(self.conn.send(event) or b"")
        except h11.LocalProtocolError:  # a response had started: the close says it all
            pass
        self.transport.close()


def raise_fd_limit() -> int:
    """Raise the soft ``RLIMIT_NOFILE`` to the hard limit; the soft limit now (0: unknown)."""
    try:
        import resource  # noqa: PLC0415  (POSIX only)
    except ImportError:  # pragma: no cover
        return 0
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        except (ValueError, OSError):  # pragma: no cover  (e.g. a sandbox that forbids it)
            return soft
        return hard
    return hard if soft == resource.RLIM_INFINITY else soft


@dataclass(frozen=True)
class Listening:
    """Where and how a server process listens, and its cap of connections (fitted to its descriptors)."""

    host: str
    port: int
    cert: Path | None
    key: Path | None
    cap: int

    @classmethod
    def of(cls, settings: ServerSettings, host: str, port: int, cert: Path | None, key: Path | None) -> Listening:
        """Raise the descriptor limit (the workers inherit it) and fit ``max_connections`` to it."""
        cap = settings.max_connections
        limit = raise_fd_limit()
        if limit and limit - RESERVED_FDS < cap:
            cap = max(1, limit - RESERVED_FDS)
            logger.warning("EGONET_SERVER_MAX_CONNECTIONS lowered to %d: the file-descriptor limit is %d", cap, limit)
        return cls(host, port, cert, key, cap)

    def options(self, settings: ServerSettings) -> dict[str, Any]:
        """uvicorn's options for a server process with every guard of this module."""
        return {
            "host": self.host,
            "port": self.port,
            "ssl_certfile": self.cert,
            "ssl_keyfile": self.key,
            "http": GuardedH11Protocol.configured(settings, self.cap),
            "ws": "none",
            "h11_max_incomplete_event_size": MAX_HEADER_BYTES,
            "limit_concurrency": None,
            "timeout_keep_alive": min(KEEP_ALIVE, math.ceil(settings.header_timeout)),
            "timeout_graceful_shutdown": GRACE,
            "log_level": "warning",
            "access_log": False,
            "proxy_headers": False,
            "server_header": False,
        }


def run(app: FastAPI, settings: ServerSettings, host: str, port: int, cert: Path | None, key: Path | None) -> None:  # noqa: PLR0917
    """Serve ``app`` on ``host:port`` (over TLS with ``cert`` and ``key``) until interrupted."""
    listening = Listening.of(settings, host, port, cert, key)
    Server(Config(app, **listening.options(settings))).run()


def worker_app() -> FastAPI:
    """The app of a worker, on the settings of the environment it inherited."""
    from server.api import create_app  # noqa: PLC0415  (server.api imports this module's users)

    return create_app(ServerSettings())


class WorkerConfig(Config):
    """uvicorn's config of one worker.  uvicorn pickles a config to send it to a worker it spawns,
    and neither an app nor a protocol class made at run time pickles: this config is sent as its
    ``listening`` and ``workers``, and the worker rebuilds it from the environment's settings."""

    def __init__(self, listening: Listening, workers: int) -> None:
        super().__init__(
            "server.serving:worker_app", factory=True, workers=workers, **listening.options(ServerSettings())
        )
        self.listening = listening

    def __reduce__(self) -> tuple[type[WorkerConfig], tuple[Listening, int]]:
        return WorkerConfig, (self.listening, self.workers)


class Supervisor(Multiprocess):
    """uvicorn's supervisor, saying when it replaces a worker (uvicorn logs it below warnings)."""

    def keep_subprocess_alive(self) -> None:
        before = {process.pid for process in self.processes}
        super().keep_subprocess_alive()
        for process in self.processes:
            if process.pid not in before:
                logger.warning("A worker stopped; worker %s replaces it.", process.pid)


def run_workers(listening: Listening, workers: int) -> None:
    """Serve with ``workers`` processes on one socket (the database migrated beforehand) until
    SIGTERM or SIGINT, replacing any that dies."""
    config = WorkerConfig(listening, workers)
    Supervisor(config, sockets=[config.bind_socket()]).run()
