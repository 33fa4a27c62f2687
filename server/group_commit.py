"""Group commit: the uploads that arrive while one batch is being written share the next
transaction, its statements and its one commit (one fsync), each answered only once that
commit has returned.

Each server process has one committer thread.  An upload is handed to it and awaited; the
thread takes every upload waiting (at most :data:`MOST` of them, and no more once their
documents reach :data:`MOST_BYTES`), stores them with :func:`server.uploads.store_uploads` and their audit rows
(refusals included) in one transaction, commits, and hands each its outcome; then the next
batch.  Nothing waits to gather a batch: an upload alone is a batch of one, at once.  A batch
whose writes break a constraint (another process stored the same interview or wave at the same
moment, on PostgreSQL) or deadlocks is rolled back and its uploads are stored one by one, each in
a transaction of its own, as if there had been no batch; one alone that meets that again is read
once more, then refused as the wave's conflict.

On SQLite the batches queue for the write lock with the process's other writers (the context's
``writes`` lock); on PostgreSQL each process writes its batches one at a time, and several
processes' batches at once, under row locks.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from server.audit import AUDIT, audit_row
from server.errors import Conflict, ServerError
from server.routes.errors import status_of
from server.stored import Result, Stored
from server.uploads import Upload, store_uploads

__all__ = ["MOST", "MOST_BYTES", "GroupCommit"]

MOST = 64
"""Uploads in one batch at most."""
MOST_BYTES = 8_000_000
"""A batch takes no more uploads once its documents' text reaches this (one holds at least one upload)."""

_RETRIED = (IntegrityError, OperationalError)
"""What a concurrent writer elsewhere can make a batch's writes fail with (a unique key, a deadlock)."""


@dataclass(eq=False)
class _Ticket:
    upload: Upload
    outcome: Stored | BaseException | None = None
    loop: asyncio.AbstractEventLoop | None = None
    answer: asyncio.Future[Stored] | None = None


def _settle(tickets: list[_Ticket]) -> None:
    """In the uploads' event loop: each awaiting upload gets its outcome."""
    for ticket in tickets:
        answer, outcome = ticket.answer, ticket.outcome
        if answer is None or answer.done():
            continue  # the request went away
        if isinstance(outcome, Stored):
            answer.set_result(outcome)
        else:
            answer.set_exception(outcome or RuntimeError("the upload's batch ended without an outcome"))


class GroupCommit:
    """Stores prepared uploads, gathering those that arrive together into one transaction."""

    def __init__(self, engine: Engine, writes: AbstractContextManager[object]) -> None:
        self.engine = engine
        self.writes = writes
        self._waiting: queue.SimpleQueue[_Ticket] = queue.SimpleQueue()
        self._start = threading.Lock()
        self._thread: threading.Thread | None = None

    async def store(self, upload: Upload) -> Stored:
        """Store ``upload`` (in a batch with those waiting with it); what was done, or raise why not
        (a :class:`ServerError`, audited like the rest of the batch)."""
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[Stored] = loop.create_future()
        self._waiting.put(_Ticket(upload, loop=loop, answer=answer))
        if self._thread is None:
            with self._start:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name="egonet-commit", daemon=True)
                    self._thread.start()
        return await answer

    def store_together(self, uploads: Sequence[Upload]) -> list[Stored | BaseException]:
        """Store ``uploads`` as one batch, as given (not gathered): what each did, or why not."""
        tickets = [_Ticket(u) for u in uploads]
        self._commit(tickets)
        return [t.outcome if t.outcome is not None else RuntimeError("no outcome") for t in tickets]

    def _run(self) -> None:
        """The committer thread: batch after batch, for as long as the process lives."""
        while True:
            batch = self._take()
            try:
                self._commit(batch)
            except BaseException as exc:
                for ticket in batch:
                    ticket.outcome = ticket.outcome or exc
            by_loop: dict[asyncio.AbstractEventLoop, list[_Ticket]] = {}
            for ticket in batch:
                if ticket.loop is not None:
                    by_loop.setdefault(ticket.loop, []).append(ticket)
            for loop, tickets in by_loop.items():
                with contextlib.suppress(RuntimeError):  # a loop closed meanwhile: nobody waits
                    loop.call_soon_threadsafe(_settle, tickets)

    def _take(self) -> list[_Ticket]:
        batch = [self._waiting.get()]
        size = len(batch[0].upload.text)
        while len(batch) < MOST:
            try:
                ticket = self._waiting.get_nowait()
            except queue.Empty:
                break
            batch.append(ticket)
            size += len(ticket.upload.text)
            if size > MOST_BYTES:
                break
        return batch

    def _commit(self, batch: Sequence[_Ticket], *, again: bool = False) -> None:
        """Store ``batch`` in one transaction and set each ticket's outcome."""
        uploads = [t.upload for t in batch]
        try:
            with self.writes, self.engine.begin() as connection:
                outcomes: list[Stored | ServerError] = store_uploads(connection, uploads)
                rows = [
                    audit_row(u.user.id, "write", u.resource, _status(o))
                    for u, o in zip(uploads, outcomes, strict=True)
                ]
                connection.execute(AUDIT, rows)
        except _RETRIED as exc:
            if len(batch) > 1:  # another process wrote the same rows at the same moment: one by one
                for ticket in batch:
                    self._commit([ticket])
            elif not again:  # read once more: the other writer's rows are committed now
                self._commit(batch, again=True)
            elif isinstance(exc, IntegrityError):
                upload = uploads[0]
                refusal = Conflict(f"patient {upload.code} already has another interview for wave {upload.wave}")
                self._alone(batch[0], refusal)
            else:
                self._alone(batch[0], exc)
            return
        except Exception as exc:
            for ticket in batch:
                self._alone(ticket, exc)
            return
        for ticket, outcome in zip(batch, outcomes, strict=True):
            ticket.outcome = outcome

    def _alone(self, ticket: _Ticket, failure: BaseException) -> None:
        """A failed upload: its outcome, and its audit row in a transaction of its own."""
        status = status_of(failure) if isinstance(failure, ServerError) else 500
        upload = ticket.upload
        try:
            with self.writes, self.engine.begin() as connection:
                connection.execute(AUDIT, [audit_row(upload.user.id, "write", upload.resource, status)])
        except Exception as exc:
            failure = exc
        ticket.outcome = failure


def _status(outcome: Stored | ServerError) -> int:
    if isinstance(outcome, ServerError):
        return status_of(outcome)
    return 201 if outcome.result is Result.CREATED else 200
