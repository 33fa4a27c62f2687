"""What every endpoint shares: the settings, the database, who is calling, and the audit log."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated, TypeVar, cast

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine, Table, insert
from sqlalchemy.orm import Session

from server.addresses import TrustedProxies
from server.auth import Account, Limits, authenticate
from server.db import AuditEvent
from server.errors import ServerError
from server.keys import pseudonym
from server.people import now
from server.routes.errors import status_of
from server.settings import ServerSettings
from server.stored import Result, Stored

__all__ = ["Context"]

T = TypeVar("T")

BEARER = HTTPBearer(auto_error=False, description="A device token from `egonet-server admin issue-token`.")
"""Declares the bearer scheme in the OpenAPI description; the token itself is checked below."""


_AUDIT = insert(cast(Table, AuditEvent.__table__))


def _event(user_id: int | None, action: str, resource: str, outcome: int) -> dict[str, object]:
    """An audit row's values; a resource names what the request named, cut to the column (found:
    a 200-character service name made the audit row, and so the answer, fail on PostgreSQL)."""
    return {"at": now(), "user_id": user_id, "action": action, "resource": resource[:200], "outcome": outcome}


@dataclass(frozen=True)
class Context:
    settings: ServerSettings
    engine: Engine
    limits: Limits
    proxies: TrustedProxies
    key: bytes
    """The server's key (:mod:`server.keys`): patient codes appear in the audit log only as pseudonyms."""
    writes: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)
    """On SQLite, this process's writing transactions of :meth:`audited` queue here for the write
    lock, and the next starts the moment one ends; SQLite's own wait for a lock held elsewhere
    (another process, or another writer of this one) sleeps and polls (1, 2, 5, ... 100 ms), which
    measured at 32 connections left the lock idle and put p99 at 2 s."""

    def hidden(self, kind: str, value: str) -> str:
        """``value`` as the audit log shows it: a keyed pseudonym (admins read the log)."""
        return pseudonym(self.key, f"audit-{kind}", value)

    @cached_property
    def reader(self) -> Engine:
        """The engine for reads that may last: on SQLite its transactions do not take the write lock."""
        return self.engine.execution_options(egonet_deferred=True)

    def caller(
        self, request: Request, _declared: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)]
    ) -> Account:
        """The user of the request's bearer token (401, or 429 while failures are being slowed down)."""
        peer = request.client.host if request.client else "unknown"
        address = self.proxies.client(peer, request.headers.get("x-forwarded-for"))
        user = authenticate(self.engine, self.reader, request.headers.get("authorization"), address, self.limits)
        request.state.user = user  # for the audit of a request refused before its endpoint runs
        return user

    def record(self, user_id: int | None, action: str, resource: str, outcome: int) -> None:
        """One row of the audit log (never a label, free text, token or clear patient code)."""
        with self.engine.begin() as connection:
            connection.execute(_AUDIT, [_event(user_id, action, resource, outcome)])

    def audited(
        self, user: Account, action: str, resource: str, work: Callable[[Session], T], *, one_transaction: bool = True
    ) -> T:
        """Run ``work`` in a transaction (or, if not ``one_transaction``, in transactions it ends
        itself, reading without the write lock), then log who did what and the outcome (never a label)."""
        outcome, recorded = 200, False
        try:
            if not one_transaction:
                with Session(self.reader, expire_on_commit=False) as db:
                    found = work(db)
                    db.commit()
                    return found
            queue = self.writes if self.engine.dialect.name == "sqlite" else nullcontext()
            with queue, Session(self.engine, expire_on_commit=False) as db, db.begin():
                done = work(db)
                if isinstance(done, Stored) and done.result is Result.CREATED:
                    outcome = 201  # as answered (found: the log could not tell a creation from an update)
                # the row of a success is committed with the work: one transaction and one fsync
                # (measured: the second one cost an upload a third of its time on SQLite)
                db.execute(_AUDIT, [_event(user.id, action, resource, outcome)])
            recorded = True
            return done
        except ServerError as exc:
            outcome = status_of(exc)
            raise
        except Exception:
            outcome = 500
            raise
        finally:
            if not recorded:  # a refusal or failure: the work was rolled back, its row is written alone
                self.record(user.id, action, resource, outcome)
