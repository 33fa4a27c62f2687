"""Releases: the frozen figures (summary and reports) that leads of a service are shown.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    op.create_table(
        "releases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("service_id", sa.Integer, sa.ForeignKey("services.id"), nullable=False),
        sa.Column("released_at", sa.String(40), nullable=False),
        sa.Column("members", sa.Text, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
    )
    op.create_index("releases_by_service", "releases", ["service_id", "id"])
    op.create_table(
        "release_reports",
        sa.Column("release_id", sa.Integer, sa.ForeignKey("releases.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("language", sa.String(8), primary_key=True),
        sa.Column("html", sa.Text, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("release_reports")
    op.drop_table("releases")
