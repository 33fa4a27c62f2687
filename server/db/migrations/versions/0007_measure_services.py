"""The measures cache keeps each interview's care settings and professions (the service
network's nodes), so releases can tell which networks changed.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    with op.batch_alter_table("measures") as batch:
        batch.add_column(sa.Column("services", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("measures") as batch:
        batch.drop_column("services")
