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
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, bindparam, delete, select
from sqlalchemy.orm import Session

from server.db import AuditEvent, AuthFailure, Service, Token, User
from server.db.tables import memberships
from server.db.upsert import insert_if_absent
from server.errors import TooManyAttempts, Unauthenticated
from server.people import digest, now
from server.settings import ServerSettings

__all__ = ["Account", "Limits", "Membership", "authenticate"]

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


_ACCOUNT = (
    select(Token.revoked_at, Token.expires_at, User.id, User.name, User.role, Service.id, Service.name)
    .join(User, User.id == Token.user_id)
    .outerjoin(memberships, memberships.c.user_id == User.id)
    .outerjoin(Service, Service.id == memberships.c.service_id)
    .where(Token.digest == bindparam("digest"))
    .order_by(Service.name)
)
"""A token's user and services in one statement (a row per service; one with no service for a
user without)."""


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


def _presented(header: str | None) -> str | None:
    scheme, _, token = (header or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _expired(expires_at: str | None, moment: datetime) -> bool:
    return expires_at is not None and datetime.fromisoformat(expires_at) <= moment


def authenticate(engine: Engine, reader: Engine, header: str | None, address: str, limits: Limits) -> Account:
    """The user of a valid ``Authorization: Bearer <token>``; 401, or 429 while blocked, otherwise."""
    token = _presented(header)
    reason = "no bearer token"
    if token is not None:
        with reader.begin() as connection:  # a read: no write lock
            rows = connection.execute(_ACCOUNT, {"digest": digest(token)}).all()
        if rows and rows[0][0] is None and not _expired(rows[0][1], datetime.now(UTC)):
            _, _, user_id, name, role, _, _ = rows[0]
            services = tuple(Membership(r[5], r[6]) for r in rows if r[5] is not None)
            return Account(user_id, name, role, services)
        reason = "unknown token" if not rows else ("revoked token" if rows[0][0] else "expired token")
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
