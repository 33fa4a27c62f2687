"""The server's database: tables, engine, migrations."""

from __future__ import annotations

from server.db.engine import make_engine, migrate
from server.db.tables import (
    Alter,
    AuditEvent,
    AuthFailure,
    Base,
    InterviewRow,
    MeasureRow,
    Patient,
    ProtocolFile,
    Release,
    ReleaseReport,
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
    "AuthFailure",
    "Base",
    "InterviewRow",
    "MeasureRow",
    "Patient",
    "ProtocolFile",
    "Release",
    "ReleaseReport",
    "Role",
    "ServerKey",
    "Service",
    "Tie",
    "Token",
    "User",
    "make_engine",
    "migrate",
]
