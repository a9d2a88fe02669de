"""Reviews: review rounds, members' current answers and the history of every answer.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0007"
down_revision: str | None = "0006"
branch_labels = None
depends_on = None


def _answer_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("requirement_id", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(20), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("proposal", sa.Text(), nullable=False),
        sa.Column("priority", sa.String(8), nullable=True),
    ]


def _answer_keys(table: str) -> list[sa.ForeignKeyConstraint]:
    return [
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["review_rounds.id"],
            name=op.f(f"fk_{table}_round_id_review_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f(f"fk_{table}_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requirement_id"],
            ["requirements.id"],
            name=op.f(f"fk_{table}_requirement_id_requirements"),
            ondelete="CASCADE",
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "review_rounds",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("requirement_ids", sa.JSON(), nullable=False),
        sa.Column("deadline", UTCDateTime(), nullable=False),
        sa.Column("instructions", sa.Text(), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("opened_by", sa.String(256), nullable=False),
        sa.Column("opened_by_person_id", sa.Integer(), nullable=True),
        sa.Column("nonce", sa.String(32), nullable=False),
        sa.Column("card_key", sa.String(200), nullable=False),
        sa.Column("opened_at", UTCDateTime(), nullable=False),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("closed_by", sa.String(256), nullable=True),
        sa.Column("decision_sequence", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_review_rounds_group_id_groups")
        ),
        sa.ForeignKeyConstraint(
            ["opened_by_person_id"],
            ["people.id"],
            name=op.f("fk_review_rounds_opened_by_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_rounds")),
    )
    op.create_index(op.f("ix_review_rounds_group_id"), "review_rounds", ["group_id"])
    op.create_index(op.f("ix_review_rounds_status"), "review_rounds", ["status"])
    op.create_table(
        "review_answers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        *_answer_columns(),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("answered_at", UTCDateTime(), nullable=False),
        *_answer_keys("review_answers"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_answers")),
        sa.UniqueConstraint(
            "round_id", "person_id", "requirement_id", name=op.f("uq_review_answers_round_id")
        ),
    )
    op.create_table(
        "review_answer_history",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        *_answer_columns(),
        sa.Column("saved_at", UTCDateTime(), nullable=False),
        *_answer_keys("review_answer_history"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_answer_history")),
    )
    op.create_index(
        op.f("ix_review_answer_history_round_id"), "review_answer_history", ["round_id"]
    )


def downgrade() -> None:
    op.drop_table("review_answer_history")
    op.drop_table("review_answers")
    op.drop_table("review_rounds")
