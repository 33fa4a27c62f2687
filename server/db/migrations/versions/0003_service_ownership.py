"""Ownership by service: a patient code, an interview and a custom protocol belong to one service.

Patients are keyed by (service, code), so two services may use the same code; each interview
carries its patient's service (``interviews.service_id``), unique per (service, code, wave);
protocols uploaded by clients are kept per service (built-in protocols are never stored).
Existing protocol files are given to every service that has an interview made with them.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"

INTERVIEW_COLUMNS = (
    "id, service_id, patient_code, wave_index, revision, status, protocol, digest, document, received_at, received_from"
)


def _patients(name: str) -> None:
    op.create_table(
        name,
        sa.Column("service_id", sa.Integer, sa.ForeignKey("services.id"), primary_key=True),
        sa.Column("code", sa.String(64), primary_key=True),
    )


def _interviews(name: str, patients: str) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("service_id", sa.Integer, nullable=False),
        sa.Column("patient_code", sa.String(64), nullable=False),
        sa.Column("wave_index", sa.Integer, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("protocol", sa.String(120), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("received_at", sa.String(40), nullable=False),
        sa.Column("received_from", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.ForeignKeyConstraint(["service_id", "patient_code"], [f"{patients}.service_id", f"{patients}.code"]),
        sa.UniqueConstraint("service_id", "patient_code", "wave_index", name="one_interview_per_patient_wave"),
    )


def _protocols(name: str) -> None:
    op.create_table(
        name,
        sa.Column("service_id", sa.Integer, sa.ForeignKey("services.id"), primary_key=True),
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("version", sa.String(64), primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("received_at", sa.String(40), nullable=False),
    )


COPY_PROTOCOLS = """
    INSERT INTO protocols_new (service_id, id, version, text, digest, received_at)
    SELECT DISTINCT p.service_id, f.id, f.version, f.text, f.digest, f.received_at
    FROM protocols f
    JOIN interviews i ON i.protocol = f.id || ' ' || f.version
    JOIN patients p ON p.code = i.patient_code
"""


def upgrade() -> None:
    """SQLite cannot change a primary key in place: every changed table is rebuilt and renamed
    (the migration runs with foreign keys off, :func:`server.db.migrate`); PostgreSQL rebuilds
    the same way so that both end with one schema."""
    _patients("patients_new")
    op.execute("INSERT INTO patients_new (service_id, code) SELECT service_id, code FROM patients")
    _protocols("protocols_new")
    op.execute(COPY_PROTOCOLS)
    _interviews("interviews_new", "patients_new")
    op.execute(
        f"INSERT INTO interviews_new ({INTERVIEW_COLUMNS}) SELECT i.id, p.service_id, i.patient_code, i.wave_index, "
        "i.revision, i.status, i.protocol, i.digest, i.document, i.received_at, i.received_from "
        "FROM interviews i JOIN patients p ON p.code = i.patient_code"
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in ("alters", "ties", "measures"):
        if postgres:  # their foreign keys follow the old table; point them at the new one
            op.drop_constraint(f"{table}_interview_id_fkey", table, type_="foreignkey")
    op.drop_table("interviews")
    op.drop_table("patients")
    op.drop_table("protocols")
    op.rename_table("patients_new", "patients")
    op.rename_table("protocols_new", "protocols")
    op.rename_table("interviews_new", "interviews")
    if postgres:
        for table in ("alters", "ties", "measures"):
            op.create_foreign_key(
                f"{table}_interview_id_fkey", table, "interviews", ["interview_id"], ["id"], ondelete="CASCADE"
            )


def downgrade() -> None:
    raise NotImplementedError("0003 is not reversible: two services may now share a patient code")
