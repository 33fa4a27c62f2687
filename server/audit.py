"""The audit log's rows: who did what to which resource, when, and the answer's status.

A row never holds a label, free text, token or clear patient code (patient codes appear only as
the server's keyed pseudonyms, :mod:`server.keys`)."""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table, insert

from server.db import AuditEvent
from server.people import now

__all__ = ["AUDIT", "audit_row"]

AUDIT = insert(cast(Table, AuditEvent.__table__))
"""The audit row's INSERT, built once (run with one :func:`audit_row` or a list of them)."""


def audit_row(user_id: int | None, action: str, resource: str, outcome: int) -> dict[str, object]:
    """An audit row's values; a resource names what the request named, cut to the column (found:
    a 200-character service name made the audit row, and so the answer, fail on PostgreSQL)."""
    return {"at": now(), "user_id": user_id, "action": action, "resource": resource[:200], "outcome": outcome}
