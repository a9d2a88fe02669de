"""Catalogue: municipalities (built in), people's details, groups, requirements and versions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime
from storage.municipalities import MUNICIPALITIES

revision = "0002"
down_revision: str | None = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the tables. Long because a schema is one declaration, read table by table."""
    municipalities = op.create_table(
        "municipalities",
        sa.Column("number", sa.String(4), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("county", sa.String(64), nullable=False),
        sa.Column("participating", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("number", name=op.f("pk_municipalities")),
        sa.UniqueConstraint("name", name=op.f("uq_municipalities_name")),
    )
    op.bulk_insert(
        municipalities,
        [
            {"number": number, "name": name, "county": county, "participating": False}
            for number, name, county in MUNICIPALITIES
        ],
    )
    with op.batch_alter_table("people") as people:
        people.add_column(sa.Column("email", sa.String(320), nullable=True))
        people.add_column(sa.Column("municipality_number", sa.String(4), nullable=True))
        people.add_column(sa.Column("language", sa.String(2), nullable=True))
        people.add_column(
            sa.Column("is_admin", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        people.add_column(
            sa.Column("is_project_lead", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        people.create_unique_constraint(op.f("uq_people_email"), ["email"])
        people.create_foreign_key(
            op.f("fk_people_municipality_number_municipalities"),
            "municipalities",
            ["municipality_number"],
            ["number"],
        )
    op.create_table(
        "groups",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("conversation_id", sa.String(512), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_groups_conversation_id_conversations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_groups")),
        sa.UniqueConstraint("code", name=op.f("uq_groups_code")),
    )
    op.create_table(
        "memberships",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("joined_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_memberships_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_memberships_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("group_id", "person_id", name=op.f("pk_memberships")),
    )
    op.create_table(
        "requirements",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(32), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("type", sa.String(8), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(500), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_requirements_group_id_groups")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requirements")),
        sa.UniqueConstraint("key", name=op.f("uq_requirements_key")),
    )
    op.create_index(op.f("ix_requirements_group_id"), "requirements", ["group_id"])
    op.create_index(op.f("ix_requirements_status"), "requirements", ["status"])
    op.create_table(
        "requirement_versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("requirement_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("changed_by", sa.String(256), nullable=False),
        sa.Column("reason", sa.String(1000), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["requirement_id"],
            ["requirements.id"],
            name=op.f("fk_requirement_versions_requirement_id_requirements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requirement_versions")),
        sa.UniqueConstraint(
            "requirement_id", "version", name=op.f("uq_requirement_versions_requirement_id")
        ),
    )
    op.create_index(
        op.f("ix_requirement_versions_requirement_id"), "requirement_versions", ["requirement_id"]
    )


def downgrade() -> None:
    op.drop_table("requirement_versions")
    op.drop_table("requirements")
    op.drop_table("memberships")
    op.drop_table("groups")
    with op.batch_alter_table("people") as people:
        people.drop_constraint(
            op.f("fk_people_municipality_number_municipalities"), type_="foreignkey"
        )
        people.drop_constraint(op.f("uq_people_email"), type_="unique")
        for column in ("is_project_lead", "is_admin", "language", "municipality_number", "email"):
            people.drop_column(column)
    op.drop_table("municipalities")
