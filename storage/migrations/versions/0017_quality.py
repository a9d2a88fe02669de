"""Requirement quality: stored findings per requirement, dismissals tied to the text's
fingerprint, and marks on overlapping pairs.

Revision ID: 0017
Revises: 0012
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0017"
down_revision: str | None = "0012"
branch_labels = None
depends_on = None


def _requirement_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        ["requirements.id"],
        name=op.f(f"fk_{table}_{column}_requirements"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "requirement_quality",
        sa.Column("requirement_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("rules_version", sa.String(32), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("dismissed", sa.JSON(), nullable=False),
        sa.Column("checked_at", UTCDateTime(), nullable=False),
        _requirement_fk("requirement_quality", "requirement_id"),
        sa.PrimaryKeyConstraint("requirement_id", name=op.f("pk_requirement_quality")),
    )
    op.create_table(
        "quality_dismissals",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("requirement_id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(32), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("reason", sa.String(1000), nullable=False),
        sa.Column("dismissed_by", sa.String(256), nullable=False),
        sa.Column("dismissed_at", UTCDateTime(), nullable=False),
        _requirement_fk("quality_dismissals", "requirement_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quality_dismissals")),
        sa.UniqueConstraint(
            "requirement_id",
            "rule",
            "fingerprint",
            name=op.f("uq_quality_dismissals_requirement_id"),
        ),
    )
    op.create_index(
        op.f("ix_quality_dismissals_requirement_id"), "quality_dismissals", ["requirement_id"]
    )
    op.create_table(
        "overlap_marks",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("low_id", sa.Integer(), nullable=False),
        sa.Column("high_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("duplicate_id", sa.Integer(), nullable=True),
        sa.Column("marked_by", sa.String(256), nullable=False),
        sa.Column("marked_at", UTCDateTime(), nullable=False),
        _requirement_fk("overlap_marks", "low_id"),
        _requirement_fk("overlap_marks", "high_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_overlap_marks")),
        sa.UniqueConstraint("low_id", "high_id", name=op.f("uq_overlap_marks_low_id")),
    )
    op.create_index(op.f("ix_overlap_marks_low_id"), "overlap_marks", ["low_id"])
    op.create_index(op.f("ix_overlap_marks_high_id"), "overlap_marks", ["high_id"])


def downgrade() -> None:
    op.drop_table("overlap_marks")
    op.drop_table("quality_dismissals")
    op.drop_table("requirement_quality")
