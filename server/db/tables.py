"""The server's tables (SQLAlchemy 2.0).  The schema itself is built by the Alembic migrations.

An interview is kept as its document (the truth, as the client sent it) and as rows that
queries can use: the patient, the interview's header, its alters (answers, no label) and ties.
Labels and free text live only in the document, which only clinicians of the service read.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Column, Float, ForeignKey, ForeignKeyConstraint, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

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
    "ResourceDirectory",
    "Role",
    "ServerKey",
    "Service",
    "Tie",
    "Token",
    "User",
]


class Role(StrEnum):
    CLINICIAN = "clinician"
    SERVICE_LEAD = "service_lead"
    RESEARCHER = "researcher"
    ADMIN = "admin"


class Base(DeclarativeBase):
    pass


memberships = Table(
    "memberships",
    Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("service_id", ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
)


class Service(Base):
    __tablename__ = "services"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[str] = mapped_column(String(40))
    services: Mapped[list[Service]] = relationship(secondary=memberships, lazy="selectin")


class Token(Base):
    """A device token: only its SHA-256 digest is stored; the token itself is shown once."""

    __tablename__ = "tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    device: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[str] = mapped_column(String(40))
    revoked_at: Mapped[str | None] = mapped_column(String(40), nullable=True)
    expires_at: Mapped[str | None] = mapped_column(String(40), nullable=True)
    """When the token stops working (UTC, ISO 8601); never if null."""
    user: Mapped[User] = relationship(lazy="joined")


class Patient(Base):
    """A patient of a service: codes are the service's own (two services may use the same one)."""

    __tablename__ = "patients"
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    code: Mapped[str] = mapped_column(String(64), primary_key=True)


class InterviewRow(Base):
    """An interview, owned by the service of its patient as stored here (never as a document says)."""

    __tablename__ = "interviews"
    __table_args__ = (
        ForeignKeyConstraint(["service_id", "patient_code"], ["patients.service_id", "patients.code"]),
        UniqueConstraint("service_id", "patient_code", "wave_index", name="one_interview_per_patient_wave"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    service_id: Mapped[int] = mapped_column(Integer)
    patient_code: Mapped[str] = mapped_column(String(64))
    wave_index: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    protocol: Mapped[str] = mapped_column(String(120))
    digest: Mapped[str] = mapped_column(String(64))
    """SHA-256 of the document as stored: a repeated upload of the same revision is recognised."""
    document: Mapped[str] = mapped_column(Text)
    received_at: Mapped[str] = mapped_column(String(40))
    received_from: Mapped[int] = mapped_column(ForeignKey("users.id"))


class Alter(Base):
    __tablename__ = "alters"
    interview_id: Mapped[str] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True)
    alter_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    presence: Mapped[str] = mapped_column(String(20))
    generators: Mapped[str] = mapped_column(Text)
    """Name generators, comma-separated."""
    answers: Mapped[str] = mapped_column(Text)
    """The answers as JSON (no label: labels stay in the document)."""


class Tie(Base):
    __tablename__ = "ties"
    interview_id: Mapped[str] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True)
    a: Mapped[str] = mapped_column(String(36), primary_key=True)
    b: Mapped[str] = mapped_column(String(36), primary_key=True)
    value: Mapped[str | None] = mapped_column(String(40), nullable=True)


class ProtocolFile(Base):
    """A protocol file as a clinician of the service uploaded it: the server checks and measures
    that service's interviews with it.  Built-in protocols are not stored (the server has them)."""

    __tablename__ = "protocols"
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[str] = mapped_column(String(64), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[str] = mapped_column(String(40))


class ResourceDirectory(Base):
    """A service's directory of local resources, as its CSV file (:mod:`egonet.wire.resources`),
    written as the server read it; a service lead of the service (or an admin) replaces it."""

    __tablename__ = "resource_directories"
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(64))
    """SHA-256 of ``text``: the same file again is answered as unchanged."""
    updated_at: Mapped[str] = mapped_column(String(40))
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)


class MeasureRow(Base):
    """The measures of an interview's stored revision (a cache: recomputed when the revision moves)."""

    __tablename__ = "measures"
    interview_id: Mapped[str] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer)
    row: Mapped[str] = mapped_column(Text)
    """:meth:`egonet.analysis.Measures.row` as JSON: identity (patient code, no label) and figures."""
    fingerprint: Mapped[str | None] = mapped_column(String(64), nullable=True)
    """SHA-256 of the interview's anonymised content (:func:`server.measured.content_fingerprint`)."""
    services: Mapped[str | None] = mapped_column(Text, nullable=True)
    """The service network's nodes in this interview as JSON (:func:`egonet.analysis.services_present`)."""


class ServerKey(Base):
    """Secrets the server generates once (the key of researchers' pseudonyms)."""

    __tablename__ = "server_keys"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))


class AuthFailure(Base):
    """Failed authentications of one address (``address:<ip>``) or one presented credential
    (``credential:<digest>``) in the current window, and until when further failures are refused."""

    __tablename__ = "auth_failures"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    window_start: Mapped[float] = mapped_column(Float)
    """Seconds since the epoch."""
    blocked_until: Mapped[float] = mapped_column(Float)


class Release(Base):
    """Figures of a service as its leads are shown them, frozen until enough patients change
    (:mod:`server.releases`)."""

    __tablename__ = "releases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    released_at: Mapped[str] = mapped_column(String(40))
    members: Mapped[str] = mapped_column(Text)
    """The completed interviews described, as JSON ``{interview id: [patient code, revision]}``."""
    summary: Mapped[str] = mapped_column(Text)
    """The service's summary (``GET /v1/services/{name}/summary``) as JSON."""


class ReleaseReport(Base):
    """A release's service report in one language (null: no completed interview to report on)."""

    __tablename__ = "release_reports"
    release_id: Mapped[int] = mapped_column(ForeignKey("releases.id", ondelete="CASCADE"), primary_key=True)
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    html: Mapped[str | None] = mapped_column(Text, nullable=True)


class AuditEvent(Base):
    """Who read, wrote or exported what, and when; never a label or free text."""

    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    action: Mapped[str] = mapped_column(String(40))
    resource: Mapped[str] = mapped_column(String(200))
    outcome: Mapped[int] = mapped_column(Integer)
