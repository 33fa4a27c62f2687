"""Tokens that expire, and failed authentications counted where every server process sees them.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    op.add_column("tokens", sa.Column("expires_at", sa.String(40), nullable=True))
    op.create_table(
        "auth_failures",
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("window_start", sa.Float, nullable=False),
        sa.Column("blocked_until", sa.Float, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("auth_failures")
    with op.batch_alter_table("tokens") as batch:
        batch.drop_column("expires_at")
