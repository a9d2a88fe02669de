"""Delivery fencing and retry budget: leader terms (epochs), the epoch that claimed a row, and
when a row's current run of transient failures began.

Revision ID: 0010
Revises: 0007
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0010"
down_revision: str | None = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "delivery_terms",
        sa.Column("epoch", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("holder", sa.String(200), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("lease_until", UTCDateTime(), nullable=False),
        sa.Column("fenced_at", UTCDateTime(), nullable=True),
        sa.Column("ended_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("epoch", name=op.f("pk_delivery_terms")),
    )
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("claim_epoch", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("failing_since", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("failing_since")
        batch.drop_column("claim_epoch")
    op.drop_table("delivery_terms")
