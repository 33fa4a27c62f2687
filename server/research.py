"""Anonymised data for researchers: measure rows with keyed pseudonyms instead of codes and ids.

A researcher sees the completed interviews of the services they are a member of, as rows of
measures (no document, no label, no free text, no clinician, no date).  The patient code and
the interview id are replaced by HMAC-SHA-256 pseudonyms under a key the server generates once
and keeps in its database: stable from one download to the next (a researcher can follow a
patient across waves and downloads), and impossible to link back to a code without the key.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy.orm import Session

from server.db import Role, ServerKey, User
from server.db.upsert import insert_if_absent
from server.errors import ServerError
from server.measured import Row, measured_rows

__all__ = ["pseudonym", "research_rows"]

KEY_NAME = "research-pseudonyms"


def _key(db: Session) -> bytes:
    """The server's pseudonym key, generated on first use (two processes racing agree on one)."""
    values = {"name": KEY_NAME, "value": secrets.token_hex(32)}
    insert_if_absent(db, ServerKey.__table__, values, ["name"])  # type: ignore[arg-type]
    stored = db.get(ServerKey, KEY_NAME)
    assert stored is not None  # inserted just above, or already there
    return bytes.fromhex(stored.value)


def pseudonym(key: bytes, kind: str, value: str) -> str:
    """``<kind initial>_`` and the first 20 hex digits (80 bits) of HMAC-SHA-256(key, kind:value)."""
    mac = hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
    return f"{kind[0]}_{mac[:20]}"


def research_rows(db: Session, user: User) -> list[Row]:
    """The anonymised measure rows a researcher may download."""
    if user.role != Role.RESEARCHER:
        raise ServerError("only researchers download anonymised data", 403)
    services = [s.id for s in user.services]
    if not services:
        return []
    with db.begin():  # a short write, before any read of this session
        key = _key(db)
    rows = measured_rows(db, services, completed_only=True).rows
    for row in rows:
        row["patient"] = pseudonym(key, "patient", str(row["patient"]))
        row["interview_id"] = pseudonym(key, "interview", str(row["interview_id"]))
    return rows
