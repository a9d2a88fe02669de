"""Polls as a municipal body votes: per-municipality polls (seats with weight, delegate, deputy
and proxy), reasons on named votes, conflicts of interest, the dissent window, and each
municipality's vote weight.

Revision ID: 0020
Revises: 0014
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0020"
down_revision: str | None = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "municipalities",
        sa.Column("vote_weight", sa.Integer(), nullable=False, server_default="1"),
    )
    op.add_column(
        "polls",
        sa.Column("per_municipality", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "polls", sa.Column("dissent_hours", sa.Integer(), nullable=False, server_default="48")
    )
    op.add_column("poll_electors", sa.Column("municipality_number", sa.String(4), nullable=True))
    op.add_column("poll_electors", sa.Column("represents", sa.String(8), nullable=True))
    op.add_column("poll_votes", sa.Column("reason", sa.Text(), nullable=True))
    op.create_table(
        "poll_seats",
        sa.Column(
            "poll_id", sa.Integer(), sa.ForeignKey("polls.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column(
            "municipality_number",
            sa.String(4),
            sa.ForeignKey("municipalities.number"),
            primary_key=True,
        ),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("delegate_id", sa.Integer(), sa.ForeignKey("people.id", ondelete="SET NULL")),
        sa.Column("deputy_id", sa.Integer(), sa.ForeignKey("people.id", ondelete="SET NULL")),
        sa.Column("proxy_id", sa.Integer(), sa.ForeignKey("people.id", ondelete="SET NULL")),
        sa.Column("proxy_at", UTCDateTime(), nullable=True),
    )
    op.create_table(
        "poll_conflicts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "poll_id",
            sa.Integer(),
            sa.ForeignKey("polls.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column(
            "person_id",
            sa.Integer(),
            sa.ForeignKey("people.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("person_name", sa.String(256), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("declared_by", sa.String(256), nullable=False),
        sa.Column("declared_at", UTCDateTime(), nullable=False),
        sa.Column("vote_withdrawn", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("poll_id", "person_id"),
    )


def downgrade() -> None:
    op.drop_table("poll_conflicts")
    op.drop_table("poll_seats")
    with op.batch_alter_table("poll_votes") as batch:
        batch.drop_column("reason")
    with op.batch_alter_table("poll_electors") as batch:
        batch.drop_column("represents")
        batch.drop_column("municipality_number")
    with op.batch_alter_table("polls") as batch:
        batch.drop_column("dissent_hours")
        batch.drop_column("per_municipality")
    with op.batch_alter_table("municipalities") as batch:
        batch.drop_column("vote_weight")
