"""The steering group's overview: the ROS risk register and its change log, the log of
participation nudges, and status reports.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0016"
down_revision: str | None = "0015"
branch_labels = None
depends_on = None


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    name = op.f(f"fk_{table}_{column}_{target.split('.')[0]}")
    return sa.ForeignKeyConstraint([column], [target], name=name, ondelete=ondelete)


def upgrade() -> None:
    """Create the four tables. Long because a schema is one declaration."""
    op.create_table(
        "risks",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("likelihood", sa.Integer(), nullable=False),
        sa.Column("consequence", sa.Integer(), nullable=False),
        sa.Column("measures", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("next_review", sa.Date(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        _fk("risks", "owner_id", "people.id", "SET NULL"),
        _pk("risks"),
    )
    op.create_index(op.f("ix_risks_status"), "risks", ["status"], unique=False)
    op.create_table(
        "risk_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("risk_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(16), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=False),
        sa.Column("new_value", sa.Text(), nullable=False),
        sa.Column("changed_by", sa.String(256), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        _fk("risk_changes", "risk_id", "risks.id", "CASCADE"),
        _pk("risk_changes"),
    )
    op.create_index(op.f("ix_risk_changes_risk_id"), "risk_changes", ["risk_id"], unique=False)
    op.create_table(
        "participation_nudges",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("municipality_number", sa.String(4), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("sent_by", sa.String(256), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_number"],
            ["municipalities.number"],
            name=op.f("fk_participation_nudges_municipality_number_municipalities"),
        ),
        _fk("participation_nudges", "person_id", "people.id", "SET NULL"),
        _pk("participation_nudges"),
        sa.UniqueConstraint("key", name=op.f("uq_participation_nudges_key")),
    )
    op.create_index(
        op.f("ix_participation_nudges_municipality_number"),
        "participation_nudges",
        ["municipality_number"],
        unique=False,
    )
    op.create_table(
        "status_reports",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("assessment", sa.Text(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("approved_at", UTCDateTime(), nullable=True),
        sa.Column("approved_by", sa.String(256), nullable=True),
        sa.Column("decision_sequence", sa.Integer(), nullable=True),
        _pk("status_reports"),
        sa.UniqueConstraint("period_end", name=op.f("uq_status_reports_period_end")),
    )


def downgrade() -> None:
    op.drop_table("status_reports")
    op.drop_index(
        op.f("ix_participation_nudges_municipality_number"), table_name="participation_nudges"
    )
    op.drop_table("participation_nudges")
    op.drop_index(op.f("ix_risk_changes_risk_id"), table_name="risk_changes")
    op.drop_table("risk_changes")
    op.drop_index(op.f("ix_risks_status"), table_name="risks")
    op.drop_table("risks")
