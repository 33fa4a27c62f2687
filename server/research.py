"""Anonymised data for researchers: measure rows with keyed pseudonyms instead of codes and ids.

A researcher sees the completed interviews of the services they are a member of, as rows of
measures (no document, no label, no free text, no clinician, no date).  The patient code and
the interview id are replaced by HMAC-SHA-256 pseudonyms under a key the server generates once
and keeps in its database: stable from one download to the next (a researcher can follow a
patient across waves and downloads), and impossible to link back to a code without the key
(:mod:`server.keys`).  Rows come sorted by pseudonym, not by code.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from server.db import Role, User
from server.errors import ServerError
from server.keys import pseudonym, server_key
from server.measured import Row, measured_rows

__all__ = ["research_rows"]


def research_rows(db: Session, user: User) -> list[Row]:
    """The anonymised measure rows a researcher may download."""
    if user.role != Role.RESEARCHER:
        raise ServerError("only researchers download anonymised data", 403)
    services = [s.id for s in user.services]
    if not services:
        return []
    with db.begin():  # a short write, before any read of this session
        key = server_key(db)
    rows = measured_rows(db, services, completed_only=True).rows
    for row in rows:
        row["patient"] = pseudonym(key, "patient", str(row["patient"]))
        row["interview_id"] = pseudonym(key, "interview", str(row["interview_id"]))
    return sorted(rows, key=lambda r: (str(r["patient"]), int(r["wave_index"])))  # type: ignore[arg-type]  # not by code
