"""Who is told when a 1:1 message cannot be delivered: `outbox.report_to` (the lead of the
round or poll that sent it), so a card that ends dead or blocked is reported, not silent.

Revision ID: 0013
Revises: 0017
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision: str | None = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("report_to", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_outbox_report_to_people", "people", ["report_to"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_constraint("fk_outbox_report_to_people", type_="foreignkey")
        batch.drop_column("report_to")
