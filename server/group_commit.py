"""Group commit: the uploads that arrive while one batch is being written share the next
transaction, its statements and its one commit (one fsync), each answered only once that
commit has returned.

Each server process has one committer thread (a :class:`~server.batching.Batcher`).  An upload
is handed to it and awaited; the thread takes every upload waiting (at most :data:`MOST` of them, and no more once their
documents reach :data:`MOST_BYTES`), stores them with :func:`server.uploads.store_uploads` and their audit rows
(refusals included) in one transaction, commits, and hands each its outcome; then the next
batch.  Nothing waits to gather a batch: an upload alone is a batch of one, at once.  A batch
that fails (its writes break a constraint: another process stored the same interview or wave at
the same moment, on PostgreSQL, or the batch's own updates swap two interviews' waves; a
deadlock; anything the database refuses of one upload) is rolled back and its uploads are
stored one by one, each in a transaction of its own, as if there had been no batch; one alone
that meets a constraint or a deadlock is read once more, then refused as the wave's conflict (a
constraint again) or answered 500.

On SQLite the batches queue for the write lock with the process's other writers (the context's
``writes`` lock); on PostgreSQL each process writes its batches one at a time, and several
processes' batches at once, under row locks.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from server.audit import AUDIT, audit_row
from server.batching import Batcher
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


class GroupCommit:
    """Stores prepared uploads, gathering those that arrive together into one transaction (in a
    :class:`~server.batching.Batcher`'s thread)."""

    def __init__(self, engine: Engine, writes: AbstractContextManager[object]) -> None:
        self.engine = engine
        self.writes = writes
        self._batcher: Batcher[Upload, Stored] = Batcher(
            "egonet-commit", self.store_together, most=MOST, size=lambda u: len(u.text), most_size=MOST_BYTES
        )

    async def store(self, upload: Upload) -> Stored:
        """Store ``upload`` (in a batch with those waiting with it); what was done, or raise why not
        (a :class:`ServerError`, audited like the rest of the batch)."""
        return await self._batcher.submit(upload)

    def store_together(self, uploads: Sequence[Upload]) -> list[Stored | BaseException]:
        """Store ``uploads`` as one batch, as given: what each did, or why not."""
        tickets = [_Ticket(u) for u in uploads]
        self._commit(tickets)
        return [t.outcome if t.outcome is not None else RuntimeError("no outcome") for t in tickets]

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
        except Exception as exc:
            if len(batch) > 1:  # another writer's rows, or one upload the database refuses: one by one
                for ticket in batch:
                    self._commit([ticket])
            elif isinstance(exc, _RETRIED) and not again:  # read once more: the other writer's rows are committed now
                self._commit(batch, again=True)
            elif isinstance(exc, IntegrityError):
                upload = uploads[0]
                refusal = Conflict(f"patient {upload.code} already has another interview for wave {upload.wave}")
                self._alone(batch[0], refusal)
            else:
                self._alone(batch[0], exc)
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
