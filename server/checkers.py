"""Checker processes: each upload's document is checked in a process of its own, beside the
server's, so that the server process spends its one core (the GIL) on HTTP and the database.

:func:`server.uploads.prepare_upload` (strict JSON, schema, model, protocol, the stored text,
digest and rows) is pure CPU.  A server process starts ``EGONET_SERVER_CHECKERS`` checker
processes (``python -m server.checkers``, default 1; 0 checks in the server process, in a thread)
and sends each one the bodies to check over a socket pair, several at a time, answered in order.
A checker reads the service's own protocols from the database itself (a protocol, once stored,
never changes, so it keeps the ones it read) and holds nothing else.

What comes back is a plain :class:`~server.uploads.Upload` or the refusal, unpickled with only
those classes allowed, and taken only if it is the upload asked about (the same caller, id and
base revision, one of the caller's services).  A checker that stops (killed, out of memory) is
replaced at once and the uploads it held are checked again by its replacement (a check has no
effect to undo); one whose replacement stops too is answered 500.  Checkers that keep stopping
as they start (a broken installation) are started again after a wait that doubles, and the
uploads are checked in the server process meanwhile, with a warning in the log.  The checkers
stop with the server: when the socket closes (the server stopped, or was killed), a checker exits.

    Frames, both ways: a 4-byte big-endian length, then a pickle.
    server → checker:  first the settings (database URL, the most ties), then
                       (account, interview id, body, base) for each upload
    checker → server:  ("ok", Upload), ("refused", ServerError) or ("failed", a line: a bug,
                       answered 500), in the order asked
"""

from __future__ import annotations

import asyncio
import io
import logging
import pickle
import signal
import socket
import struct
import subprocess
import sys
import time
import traceback
from collections import deque
from collections.abc import Callable, Coroutine
from typing import Any

from egonet.model import Protocol
from egonet.protocol import builtin_protocol
from server.auth import Account
from server.errors import ServerError
from server.settings import ServerSettings
from server.uploads import ProtocolOf, Upload, prepare_upload

__all__ = ["CheckerGone", "Checkers", "serve"]

logger = logging.getLogger("egonet.server")

HEADER = struct.Struct(">I")
STOP_WAIT = 5.0
"""Seconds a checker has to exit once its socket is closed, before it is killed."""
QUICK = 10.0
"""A checker that stops within this many seconds of its start stopped "as it started"."""
MOST_BACKOFF = 60.0
ANSWERS = {
    ("server.uploads", "Upload"),
    ("server.auth", "Account"),
    ("server.auth", "Membership"),
    ("uuid", "UUID"),
    *(("server.errors", name) for name in ("Conflict", "Forbidden", "Invalid", "NotFound", "ServerError")),
}
"""The only classes a checker's answer may hold."""


class CheckerGone(Exception):
    """The checker process stopped before answering."""


class _Answers(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in ANSWERS:
            raise pickle.UnpicklingError(f"a checker's answer may not hold {module}.{name}")
        return super().find_class(module, name)


def _frame(value: object) -> bytes:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(payload)) + payload


class _Checker:
    """One checker process and the uploads it has been sent, oldest first."""

    def __init__(self, settings: ServerSettings, gone: Callable[[_Checker], None]) -> None:
        ours, theirs = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "server.checkers", str(theirs.fileno())],
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
        )
        theirs.close()
        self.socket = ours
        self.settings = settings
        self.born = time.monotonic()
        self.waiting: deque[asyncio.Future[Upload]] = deque()
        self.ready = asyncio.Event()
        self.gone = False
        self.stopping = False
        self.on_gone = gone
        self.reader: asyncio.StreamReader
        self.writer: asyncio.StreamWriter
        self.task: asyncio.Task[None] | None = None

    async def open(self) -> None:
        """Connect to the process and send it the settings (uploads sent meanwhile wait for this)."""
        try:
            self.reader, self.writer = await asyncio.open_unix_connection(sock=self.socket, limit=2**16)
            self.writer.write(_frame({"database_url": self.settings.url, "max_ties": self.settings.max_ties}))
            self.task = asyncio.get_running_loop().create_task(self._read())
        except OSError:
            self.gone = True
            if not self.stopping:
                self.on_gone(self)
        finally:
            self.ready.set()

    async def check(self, request: tuple[Account, str, bytes, int]) -> Upload:
        await self.ready.wait()  # a new checker: about a second
        if self.gone:
            raise CheckerGone
        answer: asyncio.Future[Upload] = asyncio.get_running_loop().create_future()
        self.waiting.append(answer)
        try:
            self.writer.write(_frame(request))
            await self.writer.drain()
        except OSError:  # its socket closed: the reader fails every answer it was waiting for
            self.gone = True  # and no other upload is sent here meanwhile
            answer.cancel()  # nobody reads this one
            raise CheckerGone from None
        return await answer

    async def _read(self) -> None:
        try:
            while True:
                size = HEADER.unpack(await self.reader.readexactly(HEADER.size))[0]
                kind, value = _Answers(io.BytesIO(await self.reader.readexactly(size))).load()
                answer = self.waiting.popleft()
                if answer.done():
                    continue  # its request was cancelled (the client went away)
                if kind == "ok":
                    answer.set_result(value)
                elif kind == "refused":
                    answer.set_exception(value)
                else:
                    answer.set_exception(RuntimeError(value))
        except (asyncio.IncompleteReadError, ConnectionError, pickle.UnpicklingError, IndexError, ValueError):
            pass
        finally:
            self.gone = True
            for answer in self.waiting:
                if not answer.done():
                    answer.set_exception(CheckerGone())
            self.waiting.clear()
            if not self.stopping:
                self.on_gone(self)

    async def stop(self) -> None:
        self.gone = self.stopping = True
        await self.ready.wait()
        if self.task is None:  # never connected
            self.socket.close()
        else:
            self.writer.close()
            self.task.cancel()
        loop = asyncio.get_running_loop()
        try:
            await asyncio.wait_for(loop.run_in_executor(None, self.process.wait), STOP_WAIT)
        except TimeoutError:
            self.process.kill()
            await loop.run_in_executor(None, self.process.wait)


class Checkers:
    """The server process's checker processes (none configured, or none left while they keep
    stopping as they start: checks run in a thread of the server's, with the same function)."""

    def __init__(self, settings: ServerSettings, protocol_of: ProtocolOf) -> None:
        self.settings = settings
        self.protocol_of = protocol_of
        self._checkers: list[_Checker] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._stopping = False
        self._quick_deaths = 0

    async def start(self) -> None:
        started = [self._spawn() for _ in range(self.settings.checkers)]
        await asyncio.gather(*(c.ready.wait() for c in started))

    def _spawn(self) -> _Checker:
        """A new checker, in the list at once (uploads sent to it wait for it to be ready)."""
        checker = _Checker(self.settings, self._replace)
        self._checkers.append(checker)
        self._track(checker.open())
        return checker

    def _track(self, work: Coroutine[object, object, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def stop(self) -> None:
        self._stopping = True
        checkers, self._checkers = self._checkers, []
        await asyncio.gather(*(c.stop() for c in checkers))
        for task in list(self._tasks):
            task.cancel()

    async def prepare(self, user: Account, interview_id: str, body: bytes, base: int) -> Upload:
        """:func:`~server.uploads.prepare_upload` in the least busy checker (raise its refusal)."""
        for _attempt in range(2):
            live = [c for c in self._checkers if not c.gone]
            if not live:
                loop = asyncio.get_running_loop()
                return await loop.run_in_executor(None, self._here, user, interview_id, body, base)
            checker = min(live, key=lambda c: len(c.waiting))
            try:
                upload = await checker.check((user, interview_id, body, base))
            except CheckerGone:  # it stopped: its replacement, or another, checks it again
                continue
            if (upload.user, upload.id, upload.base) != (user, interview_id, base) or upload.service_id not in {
                s.id for s in user.services
            }:
                checker.process.kill()  # never trusted again: it is replaced
                raise RuntimeError("a checker process answered for another upload")
            return upload
        raise RuntimeError("two checker processes stopped while checking this upload")

    def _here(self, user: Account, interview_id: str, body: bytes, base: int) -> Upload:
        return prepare_upload(self.protocol_of, user, interview_id, body, base, max_ties=self.settings.max_ties)

    def _replace(self, checker: _Checker) -> None:
        """Retire a checker that stopped and start another at once, or, if they keep stopping as
        they start, after a wait that doubles each time (up to :data:`MOST_BACKOFF` seconds)."""
        if checker not in self._checkers:
            return  # retired already
        self._checkers.remove(checker)
        self._quick_deaths = self._quick_deaths + 1 if time.monotonic() - checker.born < QUICK else 0

        async def retire() -> None:
            await checker.stop()
            logger.warning(
                "A checker process stopped (exit status %s); another replaces it.", checker.process.returncode
            )

        self._track(retire())
        if self._stopping:
            return
        if self._quick_deaths < 2:
            self._spawn()
            return
        wait = min(MOST_BACKOFF, 2.0 ** (self._quick_deaths - 2))
        logger.warning("Checker processes stop as they start: the next in %.0f s; checks run here meanwhile.", wait)

        async def later() -> None:
            await asyncio.sleep(wait)
            if not self._stopping:
                self._spawn()

        self._track(later())


def _read_frame(stream: io.BufferedReader) -> Any:
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        return None
    payload = stream.read(HEADER.unpack(header)[0])
    return pickle.loads(payload)


def serve(fd: int) -> None:
    """A checker process: check each upload sent on socket ``fd`` until it closes."""
    from sqlalchemy.orm import Session  # noqa: PLC0415

    from server.db import make_engine  # noqa: PLC0415
    from server.protocols import service_protocol  # noqa: PLC0415

    connection = socket.socket(fileno=fd)
    incoming, outgoing = connection.makefile("rb"), connection.makefile("wb")
    hello = _read_frame(incoming)
    if hello is None:
        return
    engine = make_engine(hello["database_url"]).execution_options(egonet_deferred=True)
    kept: dict[tuple[int, str, str], Protocol] = {}

    def protocol_of(service_id: int, protocol_id: str, version: str) -> Protocol | None:
        builtin = builtin_protocol(protocol_id, version)
        if builtin is not None or (service_id, protocol_id, version) in kept:
            return builtin or kept[service_id, protocol_id, version]
        with Session(engine) as db:
            found = service_protocol(db, service_id, protocol_id, version)
        if found is not None:
            kept[service_id, protocol_id, version] = found
        return found

    while (request := _read_frame(incoming)) is not None:
        user, interview_id, body, base = request
        answer: tuple[str, object]
        try:
            answer = ("ok", prepare_upload(protocol_of, user, interview_id, body, base, max_ties=hello["max_ties"]))
        except ServerError as exc:
            answer = ("refused", exc)
        except Exception as exc:  # a bug met by this upload: answered 500, and the checker goes on
            where = "".join(traceback.format_tb(exc.__traceback__))  # code lines, never the values
            logger.error("checking an upload failed: %s\n%s", type(exc).__name__, where)
            answer = ("failed", f"checking the upload failed: {type(exc).__name__}")
        outgoing.write(_frame(answer))
        outgoing.flush()


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole process group: the server stops us
    serve(int(sys.argv[1]))
