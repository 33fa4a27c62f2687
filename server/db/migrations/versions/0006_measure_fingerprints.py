"""The measures cache keeps a fingerprint of each interview's anonymised content (releases count
the patients whose content changed, not whose revision moved: a name corrected is no change).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    with op.batch_alter_table("measures") as batch:
        batch.add_column(sa.Column("fingerprint", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("measures") as batch:
        batch.drop_column("fingerprint")
