"""Who is calling: a bearer token, looked up by its digest; failures slowed down without ever
locking out a valid token.

A valid, unrevoked, unexpired token always works, whatever failed before it from the same
address (one person behind a hospital's NAT cannot lock out the hospital).  Failures are counted
per client address and per presented credential (its digest), in the database so that every
server process counts the same: after ``max_failed_auth`` failures within ``failed_auth_window``
seconds, each further failure of that address or credential blocks it for twice as long as the
one before (1 s, 2 s, 4 s, ... up to ``max_auth_delay``), and while blocked a failing request is
answered 429 with ``Retry-After``.  Every failure is audited with the address and the reason,
never the token.
"""

from __future__ import annotations

import hashlib
import math
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NoReturn

from sqlalchemy import Engine, bindparam, delete, select
from sqlalchemy.orm import Session

from server.db import AuditEvent, AuthFailure, Service, Token, User
from server.db.tables import memberships
from server.db.upsert import insert_if_absent
from server.errors import TooManyAttempts, Unauthenticated
from server.people import digest, now
from server.settings import ServerSettings

__all__ = [
    "Account",
    "Found",
    "Limits",
    "Membership",
    "account_of",
    "authenticate",
    "lookup_tokens",
    "presented",
    "refuse",
]

PRUNE_CHANCE = 1 / 64


@dataclass(frozen=True, slots=True)
class Membership:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class Account:
    """The user a request's token belongs to, as the database holds them when the request came
    (read for each request, never cached, so a revoked token or a removed membership counts at
    once): what every endpoint authorises from."""

    id: int
    name: str
    role: str
    services: tuple[Membership, ...]


_ACCOUNTS = (
    select(Token.digest, Token.revoked_at, Token.expires_at, User.id, User.name, User.role, Service.id, Service.name)
    .join(User, User.id == Token.user_id)
    .outerjoin(memberships, memberships.c.user_id == User.id)
    .outerjoin(Service, Service.id == memberships.c.service_id)
    .where(Token.digest.in_(bindparam("digests", expanding=True)))
    .order_by(Token.digest, Service.name)
)
"""Tokens' users and services in one statement (a row per token and service; one with no
service for a user without)."""

Found = Sequence[Sequence[Any]]
"""The rows :data:`_ACCOUNTS` gives for one token (none: unknown)."""


def lookup_tokens(reader: Engine, digests: Sequence[str]) -> list[Found]:
    """The rows of each token digest, in one read (no write lock)."""
    with reader.begin() as connection:
        rows = connection.execute(_ACCOUNTS, {"digests": sorted(set(digests))}).all()
    by_digest: dict[str, list[Sequence[Any]]] = {}
    for row in rows:
        by_digest.setdefault(row[0], []).append(row)
    return [by_digest.get(d, []) for d in digests]


def account_of(found: Found) -> Account | str:
    """The account of a valid token's rows, or why the token is refused."""
    if not found:
        return "unknown token"
    _, revoked, expires, user_id, name, role, _, _ = found[0]
    if revoked is not None:
        return "revoked token"
    if _expired(expires, datetime.now(UTC)):
        return "expired token"
    return Account(user_id, name, role, tuple(Membership(r[6], r[7]) for r in found if r[6] is not None))


@dataclass(frozen=True)
class Limits:
    failures: int
    window: float
    max_delay: float

    @classmethod
    def of(cls, settings: ServerSettings) -> Limits:
        return cls(settings.max_failed_auth, settings.failed_auth_window, settings.max_auth_delay)

    def delay(self, failures: int) -> float:
        """The block after the ``failures``-th failure of a window (0 up to the limit)."""
        if failures <= self.failures:
            return 0.0
        return min(self.max_delay, 2.0 ** min(failures - self.failures - 1, 60))


def presented(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header (None: none)."""
    scheme, _, token = (header or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _expired(expires_at: str | None, moment: datetime) -> bool:
    return expires_at is not None and datetime.fromisoformat(expires_at) <= moment


def authenticate(engine: Engine, reader: Engine, header: str | None, address: str, limits: Limits) -> Account:
    """The user of a valid ``Authorization: Bearer <token>``; 401, or 429 while blocked, otherwise."""
    token = presented(header)
    found = "no bearer token" if token is None else account_of(lookup_tokens(reader, [digest(token)])[0])
    if isinstance(found, Account):
        return found
    return refuse(engine, address, token, found, limits)


def refuse(engine: Engine, address: str, token: str | None, reason: str, limits: Limits) -> NoReturn:
    """Count and audit a failed authentication (``reason``), then raise 401, or 429 while blocked."""
    keys = [f"address:{address}"[:80]]
    if token is not None:
        keys.append(f"credential:{hashlib.sha256(token.encode()).hexdigest()[:32]}")
    wait = _count_failure(engine, keys, limits)
    status = 429 if wait > 0 else 401
    with Session(engine) as db, db.begin():
        db.add(
            AuditEvent(
                at=now(),
                user_id=None,
                action="authenticate",
                resource=f"address:{address} {reason}"[:200],
                outcome=status,
            )
        )
    if wait > 0:
        raise TooManyAttempts(
            "too many failed attempts to authenticate; wait and try again", retry_after=math.ceil(wait)
        )
    if token is None:
        raise Unauthenticated("a token is needed: Authorization: Bearer <token>")
    raise Unauthenticated("this token is not valid (unknown, revoked or expired)")


def _count_failure(engine: Engine, keys: list[str], limits: Limits) -> float:
    """Count a failure against each key; how long the caller must wait (0: not blocked)."""
    moment = time.time()
    wait = 0.0
    with Session(engine) as db, db.begin():
        if random.random() < PRUNE_CHANCE:  # forget windows long over, now and then
            db.execute(
                delete(AuthFailure).where(
                    AuthFailure.blocked_until < moment, AuthFailure.window_start < moment - limits.window
                )
            )
        for key in keys:
            values = {"key": key, "failures": 0, "window_start": moment, "blocked_until": 0.0}
            insert_if_absent(db, AuthFailure.__table__, values, ["key"])  # type: ignore[arg-type]
            row = db.get(AuthFailure, key, with_for_update=True)
            assert row is not None  # inserted just above, or already there
            if row.blocked_until > moment:
                wait = max(wait, row.blocked_until - moment)
            if moment - row.window_start > limits.window and row.blocked_until <= moment:
                row.failures, row.window_start = 0, moment
            row.failures += 1
            delay = limits.delay(row.failures)
            if delay > 0:
                row.blocked_until = max(row.blocked_until, moment + delay)
                wait = max(wait, row.blocked_until - moment)
    return wait
