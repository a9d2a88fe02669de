"""The decision log: append-only (triggers reject UPDATE and DELETE) and hash-chained.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0003"
down_revision: str | None = "0002"
branch_labels = None
depends_on = None

_MESSAGE = "decisions are append-only: record a correction instead"

_SQLITE_TRIGGERS = (
    "CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions "
    f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END",
    "CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions "
    f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END",
)

_POSTGRES_TRIGGERS = (
    "CREATE FUNCTION decisions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{_MESSAGE}' USING ERRCODE = 'restrict_violation'; END $$",
    "CREATE TRIGGER decisions_no_update BEFORE UPDATE OR DELETE ON decisions "
    "FOR EACH ROW EXECUTE FUNCTION decisions_append_only()",
    "CREATE TRIGGER decisions_no_truncate BEFORE TRUNCATE ON decisions "
    "FOR EACH STATEMENT EXECUTE FUNCTION decisions_append_only()",
)


def upgrade() -> None:
    op.create_table(
        "decisions",
        sa.Column("sequence", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("case_ref", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(64), nullable=False),
        sa.Column("basis", sa.JSON(), nullable=False),
        sa.Column("group_code", sa.String(16), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(256), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("corrects", sa.Integer(), nullable=True),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["corrects"], ["decisions.sequence"], name=op.f("fk_decisions_corrects_decisions")
        ),
        sa.PrimaryKeyConstraint("sequence", name=op.f("pk_decisions")),
        sa.UniqueConstraint("case_ref", name=op.f("uq_decisions_case_ref")),
        sa.UniqueConstraint("hash", name=op.f("uq_decisions_hash")),
    )
    op.create_index(op.f("ix_decisions_group_code"), "decisions", ["group_code"])
    dialect = op.get_bind().dialect.name
    for statement in _POSTGRES_TRIGGERS if dialect == "postgresql" else _SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS decisions_no_truncate ON decisions")
        op.execute("DROP TRIGGER IF EXISTS decisions_no_update ON decisions")
        op.execute("DROP FUNCTION IF EXISTS decisions_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS decisions_no_delete")
        op.execute("DROP TRIGGER IF EXISTS decisions_no_update")
    op.drop_index(op.f("ix_decisions_group_code"), table_name="decisions")
    op.drop_table("decisions")
