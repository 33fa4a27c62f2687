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
    that moves at each message (``changes``), so that a view can tell "the same" from "again"."""

    def __init__(self) -> None:
        self.current: UUID | None = None
        self.changes = 0
        self.moved = asyncio.Event()

    async def serve(self, path: Path) -> asyncio.Server:
        return await asyncio.start_unix_server(self._read, path=str(path))

    async def _read(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while line := await reader.readline():
                self._told(line)
        except (OSError, ValueError):
            pass
        finally:
            self._say(None)  # the app closed the link: it has no interview open any more
            writer.close()

    def _told(self, line: bytes) -> None:
        try:
            said = json.loads(line).get("interview")
            self._say(None if said is None else UUID(str(said)))
        except (ValueError, AttributeError):
            return  # not a message of ours: ignored

    def _say(self, interview: UUID | None) -> None:
        self.current = interview
        self.changes += 1
        self.moved.set()
        self.moved = asyncio.Event()
