"""A specification the municipalities stand behind: coverage minimum per round, content
fingerprints on requirements and answers, baselines, endorsement rounds.

Revision ID: 0015
Revises: 0013
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime
from storage.requirements import content_fingerprint

revision = "0015"
down_revision: str | None = "0013"
branch_labels = None
depends_on = None


def _columns() -> None:
    with op.batch_alter_table("requirements") as requirements:
        requirements.add_column(
            sa.Column("fingerprint", sa.String(64), nullable=False, server_default="")
        )
    with op.batch_alter_table("requirement_versions") as versions:
        versions.add_column(
            sa.Column("fingerprint", sa.String(64), nullable=False, server_default="")
        )
    with op.batch_alter_table("review_rounds") as rounds:
        rounds.add_column(sa.Column("min_municipalities", sa.Integer(), nullable=True))
    for table in ("review_answers", "review_answer_history"):
        with op.batch_alter_table(table) as answers:
            answers.add_column(sa.Column("requirement_version", sa.Integer(), nullable=True))
            answers.add_column(sa.Column("fingerprint", sa.String(64), nullable=True))


def _backfill() -> None:
    """Fingerprint every requirement and version already stored, from its snapshot."""
    bind = op.get_bind()
    requirements = sa.table(
        "requirements",
        sa.column("id", sa.Integer()),
        sa.column("key", sa.String()),
        sa.column("fingerprint", sa.String()),
    )
    versions = sa.table(
        "requirement_versions",
        sa.column("id", sa.Integer()),
        sa.column("requirement_id", sa.Integer()),
        sa.column("version", sa.Integer()),
        sa.column("snapshot", sa.JSON()),
        sa.column("fingerprint", sa.String()),
    )
    keys = dict(bind.execute(sa.select(requirements.c.id, requirements.c.key)).all())
    latest: dict[int, tuple[int, str]] = {}
    rows = bind.execute(
        sa.select(versions.c.id, versions.c.requirement_id, versions.c.version, versions.c.snapshot)
    ).all()
    for version_id, requirement_id, number, snapshot in rows:
        fingerprint = content_fingerprint(keys.get(requirement_id, ""), snapshot or {})
        bind.execute(
            versions.update().where(versions.c.id == version_id).values(fingerprint=fingerprint)
        )
        if number >= latest.get(requirement_id, (0, ""))[0]:
            latest[requirement_id] = (number, fingerprint)
    for requirement_id, (_number, fingerprint) in latest.items():
        bind.execute(
            requirements.update()
            .where(requirements.c.id == requirement_id)
            .values(fingerprint=fingerprint)
        )


def _baselines() -> None:
    op.create_table(
        "baselines",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("group_code", sa.String(16), nullable=False),
        sa.Column("status_filter", sa.String(16), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("created_by", sa.String(256), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("decision_sequence", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_baselines")),
        sa.UniqueConstraint("name", name=op.f("uq_baselines_name")),
    )
    op.create_table(
        "baseline_items",
        sa.Column("baseline_id", sa.Integer(), nullable=False),
        sa.Column("requirement_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["baseline_id"],
            ["baselines.id"],
            name=op.f("fk_baseline_items_baseline_id_baselines"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requirement_id"],
            ["requirements.id"],
            name=op.f("fk_baseline_items_requirement_id_requirements"),
        ),
        sa.PrimaryKeyConstraint("baseline_id", "requirement_id", name=op.f("pk_baseline_items")),
    )


def _endorsements() -> None:
    """The endorsement tables. Long because a schema is one declaration."""
    op.create_table(
        "endorsements",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("baseline_id", sa.Integer(), nullable=False),
        sa.Column("deadline", UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("municipalities", sa.JSON(), nullable=False),
        sa.Column("opened_by", sa.String(256), nullable=False),
        sa.Column("opened_by_person_id", sa.Integer(), nullable=True),
        sa.Column("opened_at", UTCDateTime(), nullable=False),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("closed_by", sa.String(256), nullable=True),
        sa.Column("decision_sequence", sa.Integer(), nullable=True),
        sa.Column("card_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["baseline_id"], ["baselines.id"], name=op.f("fk_endorsements_baseline_id_baselines")
        ),
        sa.ForeignKeyConstraint(
            ["opened_by_person_id"],
            ["people.id"],
            name=op.f("fk_endorsements_opened_by_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_endorsements")),
    )
    op.create_index(op.f("ix_endorsements_baseline_id"), "endorsements", ["baseline_id"])
    op.create_index(op.f("ix_endorsements_status"), "endorsements", ["status"])
    for table in ("endorsement_answers", "endorsement_answer_history"):
        extra: list[sa.Column[int]] = (
            [
                sa.Column("revision", sa.Integer(), nullable=False),
            ]
            if table == "endorsement_answers"
            else []
        )
        constraints: list[sa.Constraint] = [
            sa.ForeignKeyConstraint(
                ["endorsement_id"],
                ["endorsements.id"],
                name=op.f(f"fk_{table}_endorsement_id_endorsements"),
                ondelete="CASCADE",
            ),
            sa.ForeignKeyConstraint(
                ["person_id"],
                ["people.id"],
                name=op.f(f"fk_{table}_person_id_people"),
                ondelete="SET NULL",
            ),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        ]
        if table == "endorsement_answers":
            constraints += [
                sa.ForeignKeyConstraint(
                    ["municipality_number"],
                    ["municipalities.number"],
                    name=op.f(f"fk_{table}_municipality_number_municipalities"),
                ),
                sa.UniqueConstraint(
                    "endorsement_id",
                    "municipality_number",
                    name=op.f(f"uq_{table}_endorsement_id"),
                ),
            ]
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("endorsement_id", sa.Integer(), nullable=False),
            sa.Column("municipality_number", sa.String(4), nullable=False),
            sa.Column("person_id", sa.Integer(), nullable=True),
            sa.Column("person_name", sa.String(256), nullable=False),
            sa.Column("stance", sa.String(20), nullable=False),
            sa.Column("reservation", sa.Text(), nullable=False),
            *extra,
            sa.Column("answered_at", UTCDateTime(), nullable=False),
            *constraints,
        )
        op.create_index(op.f(f"ix_{table}_endorsement_id"), table, ["endorsement_id"])


def upgrade() -> None:
    """Add the columns (fingerprints backfilled) and the baseline and endorsement tables."""
    _columns()
    _backfill()
    _baselines()
    _endorsements()


def downgrade() -> None:
    """Drop what `upgrade` added."""
    for table in ("endorsement_answer_history", "endorsement_answers", "endorsements"):
        op.drop_table(table)
    op.drop_table("baseline_items")
    op.drop_table("baselines")
    for table in ("review_answer_history", "review_answers"):
        with op.batch_alter_table(table) as answers:
            answers.drop_column("fingerprint")
            answers.drop_column("requirement_version")
    with op.batch_alter_table("review_rounds") as rounds:
        rounds.drop_column("min_municipalities")
    for table in ("requirement_versions", "requirements"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("fingerprint")
