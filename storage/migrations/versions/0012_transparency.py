"""The decision log as a transparency log: witnessed checkpoints, and append-only for real on
SQLite (`INSERT OR REPLACE`/`REPLACE` delete the conflicting row without firing the DELETE
trigger, so an insert that would collide with a stored decision is refused before it happens).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0012"
down_revision: str | None = "0011"
branch_labels = None
depends_on = None

_MESSAGE = "decisions are append-only: record a correction instead"

# A BEFORE INSERT trigger runs before REPLACE's conflict resolution deletes anything; every unique
# column is checked, since a colliding hash or case reference would replace that row too.
_SQLITE_NO_REPLACE = (
    "CREATE TRIGGER decisions_no_replace BEFORE INSERT ON decisions "  # noqa: S608
    "WHEN EXISTS (SELECT 1 FROM decisions WHERE sequence = NEW.sequence "
    "OR case_ref = NEW.case_ref OR hash = NEW.hash) "
    f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
)


def upgrade() -> None:
    op.create_table(
        "decision_checkpoints",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("root", sa.String(64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_checkpoints")),
    )
    op.create_index(
        op.f("ix_decision_checkpoints_size"), "decision_checkpoints", ["size"], unique=False
    )
    # PostgreSQL needs nothing new: ON CONFLICT DO UPDATE and MERGE fire the row triggers of 0003.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(_SQLITE_NO_REPLACE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS decisions_no_replace")
    op.drop_index(op.f("ix_decision_checkpoints_size"), table_name="decision_checkpoints")
    op.drop_table("decision_checkpoints")
