"""The server's database: tables, engine, migrations."""

from __future__ import annotations

from server.db.engine import make_engine, migrate
from server.db.tables import (
    Alter,
    AuditEvent,
    Base,
    Interview,
    MeasureRow,
    Patient,
    ProtocolFile,
    Role,
    ServerKey,
    Service,
    Tie,
    Token,
    User,
)

__all__ = [
    "Alter",
    "AuditEvent",
    "Base",
    "Interview",
    "MeasureRow",
    "Patient",
    "ProtocolFile",
    "Role",
    "ServerKey",
    "Service",
    "Tie",
    "Token",
    "User",
    "make_engine",
    "migrate",
]
