"""Which interview the app in the browser has open, told to the server that shows its map.

The app runs in a process of its own (one per browser session, started by the server); it says
which interview it shows, or none, as one JSON line per change (``{"interview": "<uuid>"}`` or
``{"interview": null}``) on a Unix socket in a folder only this user can open.  The server keeps
the last it was told (:class:`Showing`): the patient's map shows that interview, and nothing when
no interview is open, so it never lingers on the patient before.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import Callable
from pathlib import Path
from uuid import UUID

__all__ = ["LINK_VARIABLE", "Showing", "teller"]

LINK_VARIABLE = "EGONET_WEB_LINK"
"""The environment variable that gives the app the socket's path (set by the server)."""


def teller(path: Path) -> Callable[[UUID | None], None]:
    """For the app: a function that tells the server which interview is open.  A server that has
    gone away is not the interview's business: the app goes on (it is stopped with the server)."""
    link = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        link.connect(str(path))
    except OSError:
        link.close()
        return lambda _interview: None

    def tell(interview: UUID | None) -> None:
        line = json.dumps({"interview": None if interview is None else str(interview)}) + "\n"
        with contextlib.suppress(OSError):
            link.sendall(line.encode())

    return tell


class Showing:
    """The server's side: the interview the app last said it shows (``current``), and a counter
    that moves at each message (``changes``), so that a view can tell "the same" from "again".

    Each connection speaks for itself: the map follows the connection that spoke last, and a
    connection that closes clears the map only if it is that one (a process that connects and
    says nothing, as a probe does, changes nothing)."""

    MAX_LINE = 200
    """A message is some 60 bytes; a longer line is not one of ours."""

    def __init__(self) -> None:
        self.current: UUID | None = None
        self.changes = 0
        self.moved = asyncio.Event()
        self._speaker: object | None = None

    async def serve(self, path: Path) -> asyncio.Server:
        return await asyncio.start_unix_server(self._read, path=str(path), limit=self.MAX_LINE + 1)

    async def _read(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while line := await reader.readline():
                ours, said = _message(line)
                if ours:
                    self._speaker = writer
                    self._say(said)
        except (OSError, ValueError):  # a line over the limit: the connection is dropped
            pass
        finally:
            if self._speaker is writer:  # the app that spoke last closed its link: no interview open
                self._speaker = None
                self._say(None)
            writer.close()

    def _say(self, interview: UUID | None) -> None:
        self.current = interview
        self.changes += 1
        self.moved.set()
        self.moved = asyncio.Event()


def _message(line: bytes) -> tuple[bool, UUID | None]:
    """Whether a line is a message of ours, and the interview it names (``None``: none)."""
    if len(line) > Showing.MAX_LINE:
        return False, None
    try:
        said = json.loads(line)
        if not isinstance(said, dict) or "interview" not in said:
            return False, None
        return True, None if said["interview"] is None else UUID(str(said["interview"]))
    except (ValueError, RecursionError):
        return False, None
