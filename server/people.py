"""Services, users and device tokens: what ``egonet-server admin`` does.

A token is 32 random bytes (URL-safe base64), shown once when issued; the server keeps only
its SHA-256 digest, so a copy of the database does not give access.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import Role, Service, Token, User
from server.errors import Conflict, Invalid, NotFound

__all__ = ["create_service", "create_user", "digest", "expiry", "issue_token", "now", "revoke_tokens"]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_service(db: Session, name: str) -> Service:
    if not name.strip() or name.strip() == "*":
        raise Invalid("a service needs a name (and '*' stands for every service)")
    if db.scalar(select(Service).where(Service.name == name)) is not None:
        raise Conflict(f"service {name!r} already exists")
    service = Service(name=name)
    db.add(service)
    db.flush()
    return service


def create_user(db: Session, name: str, role: str, services: list[str]) -> User:
    if role not in {r.value for r in Role}:
        raise Invalid(f"{role!r} is not a role ({', '.join(r.value for r in Role)})")
    if db.scalar(select(User).where(User.name == name)) is not None:
        raise Conflict(f"user {name!r} already exists")
    found = list(db.scalars(select(Service).where(Service.name.in_(services))))
    missing = set(services) - {s.name for s in found}
    if missing:
        raise NotFound(f"no such service: {', '.join(sorted(missing))} (create it first)")
    if role in (Role.CLINICIAN, Role.SERVICE_LEAD) and not found:
        raise Invalid(f"a {role} belongs to at least one service (--service)")
    user = User(name=name, role=role, created_at=now(), services=found)
    db.add(user)
    db.flush()
    return user


def expiry(text: str, moment: datetime | None = None) -> datetime:
    """When a token given ``--expires text`` stops working: ``90d``, ``12h``, ``30m`` from now, or
    an ISO date (the end of that day, UTC) or date and time."""
    moment = moment or datetime.now(UTC)
    text = text.strip()
    units = {"d": 86400, "h": 3600, "m": 60}
    if text[:-1].isdigit() and text[-1:] in units and int(text[:-1]) > 0:
        return moment + timedelta(seconds=int(text[:-1]) * units[text[-1]])
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time.max, UTC).replace(microsecond=0)
        found = datetime.fromisoformat(text)
    except ValueError:
        raise Invalid(f"--expires {text!r}: give a duration (90d, 12h, 30m) or a date (2027-06-30)") from None
    return found if found.tzinfo else found.replace(tzinfo=UTC)


def issue_token(db: Session, user_name: str, device: str, expires: datetime | None = None) -> str:
    """A new token for ``user_name`` on ``device``, working until ``expires`` (if given); returned
    once, stored as a digest."""
    user = db.scalar(select(User).where(User.name == user_name))
    if user is None:
        raise NotFound(f"no such user: {user_name!r}")
    if expires is not None and expires <= datetime.now(UTC):
        raise Invalid("the token would expire before it is used: give a later --expires")
    token = secrets.token_urlsafe(32)
    until = None if expires is None else expires.astimezone(UTC).isoformat(timespec="seconds")
    db.add(Token(user_id=user.id, digest=digest(token), device=device, created_at=now(), expires_at=until))
    db.flush()
    return token


def revoke_tokens(db: Session, user_name: str, device: str | None = None) -> int:
    """Revoke a user's tokens (on one device, or all); returns how many."""
    user = db.scalar(select(User).where(User.name == user_name))
    if user is None:
        raise NotFound(f"no such user: {user_name!r}")
    query = select(Token).where(Token.user_id == user.id, Token.revoked_at.is_(None))
    if device is not None:
        query = query.where(Token.device == device)
    tokens = list(db.scalars(query))
    for token in tokens:
        token.revoked_at = now()
    return len(tokens)
