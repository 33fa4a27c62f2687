"""Checker processes: each upload's document is checked in a process of its own, beside the
server's, so that the server process spends its one core (the GIL) on HTTP and the database.

:func:`server.uploads.prepare_upload` (strict JSON, schema, model, protocol, the stored text,
digest and rows) is pure CPU.  A server process starts ``EGONET_SERVER_CHECKERS`` checker
processes (``python -m server.checkers``, default 1; 0 checks in the server process, in a thread)
and sends each one the bodies to check over a socket pair, several at a time, answered in order.
A checker reads the service's own protocols from the database itself (a protocol, once stored,
never changes, so it keeps the ones it read) and holds nothing else.

What comes back is a plain :class:`~server.uploads.Upload` or the refusal, unpickled with only
those classes allowed.  A checker that stops (killed, out of memory) is replaced and the uploads
it held are checked again by another (a check has no effect to undo); one that also stops a
second checker is answered 500.  The checkers stop with the server: when the socket closes (the
server stopped, or was killed), a checker exits.

    Frames, both ways: a 4-byte big-endian length, then a pickle.
    server → checker:  first the settings (database URL, the most ties), then
                       (account, interview id, body, base) for each upload
    checker → server:  ("ok", Upload), ("refused", ServerError) or ("failed", a line: a bug,
                       answered 500), in the order asked
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import pickle
import signal
import socket
import struct
import subprocess
import sys
import traceback
from collections import deque
from collections.abc import Callable
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
        self.waiting: deque[asyncio.Future[Upload]] = deque()
        self.gone = False
        self.stopping = False
        self.on_gone = gone
        self.reader: asyncio.StreamReader
        self.writer: asyncio.StreamWriter
        self.task: asyncio.Task[None]

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_unix_connection(sock=self.socket, limit=2**16)
        self.writer.write(_frame({"database_url": self.settings.url, "max_ties": self.settings.max_ties}))
        self.task = asyncio.get_running_loop().create_task(self._read())

    async def check(self, request: tuple[Account, str, bytes, int]) -> Upload:
        if self.gone:
            raise CheckerGone
        answer: asyncio.Future[Upload] = asyncio.get_running_loop().create_future()
        self.waiting.append(answer)
        try:
            self.writer.write(_frame(request))
            await self.writer.drain()
        except OSError:  # its socket closed: the reader fails every answer it was waiting for
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
        with contextlib.suppress(Exception):
            self.writer.close()
        self.task.cancel()
        loop = asyncio.get_running_loop()
        try:
            await asyncio.wait_for(loop.run_in_executor(None, self.process.wait), STOP_WAIT)
        except TimeoutError:
            self.process.kill()
            await loop.run_in_executor(None, self.process.wait)


class Checkers:
    """The server process's checker processes (none, or none running: checks run in a thread of
    the server's, with the same function)."""

    def __init__(self, settings: ServerSettings, protocol_of: ProtocolOf) -> None:
        self.settings = settings
        self.protocol_of = protocol_of
        self._checkers: list[_Checker] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._stopping = False

    async def start(self) -> None:
        for _ in range(self.settings.checkers):
            self._checkers.append(await self._started())

    async def _started(self) -> _Checker:
        checker = _Checker(self.settings, self._replace)
        await checker.open()
        return checker

    async def stop(self) -> None:
        self._stopping = True
        for task in list(self._tasks):
            task.cancel()
        checkers, self._checkers = self._checkers, []
        await asyncio.gather(*(c.stop() for c in checkers))

    async def prepare(self, user: Account, interview_id: str, body: bytes, base: int) -> Upload:
        """:func:`~server.uploads.prepare_upload` in the least busy checker (raise its refusal)."""
        for _attempt in range(2):
            live = [c for c in self._checkers if not c.gone]
            if not live:
                loop = asyncio.get_running_loop()
                return await loop.run_in_executor(None, self._here, user, interview_id, body, base)
            checker = min(live, key=lambda c: len(c.waiting))
            with contextlib.suppress(CheckerGone):  # it stopped: it is being replaced, and another checks
                return await checker.check((user, interview_id, body, base))
        raise RuntimeError("two checker processes stopped while checking this upload")

    def _here(self, user: Account, interview_id: str, body: bytes, base: int) -> Upload:
        return prepare_upload(self.protocol_of, user, interview_id, body, base, max_ties=self.settings.max_ties)

    def _replace(self, checker: _Checker) -> None:
        """Retire a checker that stopped and start another (uploads go to the others, or are
        checked here, meanwhile)."""
        if checker not in self._checkers:
            return  # retired already, by another upload it held
        self._checkers.remove(checker)
        logger.warning("A checker process stopped (exit status %s); another replaces it.", checker.process.poll())

        async def replace() -> None:
            await checker.stop()
            if not self._stopping:
                self._checkers.append(await self._started())

        task = asyncio.get_running_loop().create_task(replace())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


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
