"""What an admin reads over HTTP: the users (roles, services, devices) and the audit log.

Admins manage people, not interviews: they see no document and no figure.  Creating users and
issuing tokens stays on the server's command line (``egonet-server admin``), where a token can be
shown once to the person who will use it.
"""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from server.auth import Account
from server.db import AuditEvent, Role, Token, User
from server.errors import Forbidden
from server.people import now

__all__ = ["audit_log", "list_users"]


def _admin(user: Account) -> None:
    if user.role != Role.ADMIN:
        raise Forbidden("only admins manage users")


def list_users(db: Session, user: Account) -> list[dict[str, object]]:
    """Every user with role, services and how many active (unrevoked, unexpired) device tokens they have."""
    _admin(user)
    unexpired = or_(Token.expires_at.is_(None), Token.expires_at > now())  # both ISO 8601 in UTC, to the second
    query = select(Token.user_id, func.count()).where(Token.revoked_at.is_(None), unexpired).group_by(Token.user_id)
    active = dict(db.execute(query).all())
    return [
        {
            "name": u.name,
            "role": u.role,
            "services": sorted(s.name for s in u.services),
            "active_tokens": active.get(u.id, 0),
            "created_at": u.created_at,
        }
        for u in db.scalars(select(User).order_by(User.name))
    ]


def audit_log(db: Session, user: Account, *, limit: int, before: int | None) -> list[dict[str, object]]:
    """The latest audit events (newest first), ``limit`` of them, older than event ``before``."""
    _admin(user)
    query = select(AuditEvent, User.name).outerjoin(User, User.id == AuditEvent.user_id)
    if before is not None:
        query = query.where(AuditEvent.id < before)
    rows = db.execute(query.order_by(AuditEvent.id.desc()).limit(limit)).all()
    return [
        {"id": e.id, "at": e.at, "user": name, "action": e.action, "resource": e.resource, "outcome": e.outcome}
        for e, name in rows
    ]
