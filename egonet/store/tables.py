"""The tables of the local store (SQLAlchemy Core).

The interview document is the truth (``interviews.document``); the other columns copy a few
of its fields so that patients and waves can be listed without parsing every document.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

__all__ = ["STORE_VERSION", "interviews", "meta", "metadata", "outbox", "patients", "places", "protocols", "synced"]

STORE_VERSION = 1
APPLICATION_ID = 0x45474F4E
"""SQLite ``application_id`` of an Egonet store ("EGON"), so a foreign database is told apart."""

metadata = MetaData()

meta = Table(
    "egonet_meta",
    metadata,
    Column("key", String, primary_key=True),
    Column("value", String, nullable=False),
)

patients = Table(
    "patients",
    metadata,
    Column("code", String, primary_key=True),
    Column("service", String, nullable=False),
    Column("created_at", String, nullable=False),
)

interviews = Table(
    "interviews",
    metadata,
    Column("id", String, primary_key=True),
    Column("patient_code", String, ForeignKey("patients.code"), nullable=False),
    Column("wave_index", Integer, nullable=False),
    Column("wave_label", String, nullable=False),
    Column("status", String, nullable=False),
    Column("revision", Integer, nullable=False),
    Column("protocol_id", String, nullable=False),
    Column("protocol_version", String, nullable=False),
    Column("started_at", String, nullable=False),
    Column("updated_at", String),
    Column("completed_at", String),
    Column("n_alters", Integer, nullable=False),
    Column("document", Text, nullable=False),
    UniqueConstraint("patient_code", "wave_index", name="one_interview_per_wave"),
)

outbox = Table(
    "outbox",
    metadata,
    Column("interview_id", String, ForeignKey("interviews.id"), primary_key=True),
    Column("revision", Integer, nullable=False),
    Column("queued_at", String, nullable=False),
)

protocols = Table(
    "protocols",
    metadata,
    Column("id", String, primary_key=True),
    Column("version", String, primary_key=True),
    Column("text", Text, nullable=False),
)

places = Table(
    "places",
    metadata,
    Column("interview_id", String, ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True),
    Column("step", String, nullable=False),
    Column("updated_at", String, nullable=False),
)
"""Where the interview screen was on each interview (its step), so it resumes there.

Added after store version 1 was released; opening an older store creates it, and an older
Egonet ignores it, so the store version is unchanged."""

synced = Table(
    "synced",
    metadata,
    Column("interview_id", String, ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True),
    Column("revision", Integer, nullable=False),
)
"""The revision of each interview the server is known to hold: the base of the next upload."""
