"""What every endpoint shares: the settings, the database, who is calling, and the audit log."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from egonet.model import Protocol
from egonet.protocol import builtin_protocol
from server.addresses import TrustedProxies
from server.audit import AUDIT, audit_row
from server.auth import Account, Found, Limits, account_of, lookup_tokens, presented, refuse
from server.batching import Batcher
from server.checkers import Checkers
from server.errors import ServerError
from server.group_commit import GroupCommit
from server.keys import pseudonym
from server.people import digest
from server.protocols import service_protocol
from server.routes.errors import status_of
from server.settings import ServerSettings
from server.stored import Result, Stored

__all__ = ["MOST_TOKENS", "Context"]

MOST_TOKENS = 256
"""Tokens looked up in one read at most."""

T = TypeVar("T")

BEARER = HTTPBearer(auto_error=False, description="A device token from `egonet-server admin issue-token`.")
"""Declares the bearer scheme in the OpenAPI description; the token itself is checked below."""


@dataclass(frozen=True)
class Context:
    settings: ServerSettings
    engine: Engine
    limits: Limits
    proxies: TrustedProxies
    key: bytes
    """The server's key (:mod:`server.keys`): patient codes appear in the audit log only as pseudonyms."""
    writes: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)
    """On SQLite, this process's writing transactions (of :meth:`audited`, and the upload batches of
    :attr:`uploads`) queue here for the write lock, and the next starts the moment one ends;
    SQLite's own wait for a lock held elsewhere (another process, or another writer of this one)
    sleeps and polls (1, 2, 5, ... 100 ms), which measured at 32 connections left the lock idle
    and put p99 at 2 s."""

    def hidden(self, kind: str, value: str) -> str:
        """``value`` as the audit log shows it: a keyed pseudonym (admins read the log)."""
        return pseudonym(self.key, f"audit-{kind}", value)

    @cached_property
    def reader(self) -> Engine:
        """The engine for reads that may last: on SQLite its transactions do not take the write lock."""
        return self.engine.execution_options(egonet_deferred=True)

    @cached_property
    def checkers(self) -> Checkers:
        """Where uploads are checked (started with the app: :func:`server.api.create_app`'s lifespan)."""
        return Checkers(self.settings, self.protocol_of)

    @cached_property
    def uploads(self) -> GroupCommit:
        """Where prepared uploads are stored, those arriving together in one transaction."""
        return GroupCommit(self.engine, self.writes if self.engine.dialect.name == "sqlite" else nullcontext())

    def protocol_of(self, service_id: int, protocol_id: str, version: str) -> Protocol | None:
        """The protocol a service's interview names: built-in, or the service's own, read without
        the write lock (a service's protocol, once stored, never changes)."""
        builtin = builtin_protocol(protocol_id, version)
        if builtin is not None:
            return builtin
        with Session(self.reader) as db:
            return service_protocol(db, service_id, protocol_id, version)

    @cached_property
    def tokens(self) -> Batcher[str, Found]:
        """Token lookups, those of requests arriving together in one read."""
        return Batcher("egonet-tokens", lambda digests: list(lookup_tokens(self.reader, digests)), most=MOST_TOKENS)

    async def caller(
        self, request: Request, _declared: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)]
    ) -> Account:
        """The user of the request's bearer token (401, or 429 while failures are being slowed down)."""
        token = presented(request.headers.get("authorization"))
        reason = "no bearer token"
        if token is not None:
            found = account_of(await self.tokens.submit(digest(token)))
            if isinstance(found, Account):
                request.state.user = found  # for the audit of a request refused before its endpoint runs
                return found
            reason = found
        peer = request.client.host if request.client else "unknown"
        address = self.proxies.client(peer, request.headers.get("x-forwarded-for"))
        await run_in_threadpool(refuse, self.engine, address, token, reason, self.limits)
        raise AssertionError("refuse raises")

    def record(self, user_id: int | None, action: str, resource: str, outcome: int) -> None:
        """One row of the audit log (never a label, free text, token or clear patient code)."""
        with self.engine.begin() as connection:
            connection.execute(AUDIT, [audit_row(user_id, action, resource, outcome)])

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
                db.execute(AUDIT, [audit_row(user.id, action, resource, outcome)])
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
