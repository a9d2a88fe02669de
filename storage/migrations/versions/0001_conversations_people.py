"""Conversations the bot knows and the people who talked to it.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0001"
down_revision: str | None = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", sa.String(512), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("channel_id", sa.String(32), nullable=False),
        sa.Column("tenant_id", sa.String(64), nullable=True),
        sa.Column("team_id", sa.String(512), nullable=True),
        sa.Column("teams_channel_id", sa.String(512), nullable=True),
        sa.Column("name", sa.String(512), nullable=True),
        sa.Column("service_url", sa.String(1024), nullable=False),
        sa.Column("bot_id", sa.String(256), nullable=False),
        sa.Column("reference", sa.JSON(), nullable=False),
        sa.Column("installed", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversations")),
    )
    op.create_index(op.f("ix_conversations_tenant_id"), "conversations", ["tenant_id"])
    op.create_index(op.f("ix_conversations_team_id"), "conversations", ["team_id"])
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("teams_user_id", sa.String(256), nullable=True),
        sa.Column("aad_object_id", sa.String(64), nullable=True),
        sa.Column("name", sa.String(256), nullable=False),
        sa.Column("locale", sa.String(16), nullable=True),
        sa.Column("tenant_id", sa.String(64), nullable=True),
        sa.Column("personal_conversation_id", sa.String(512), nullable=True),
        sa.Column("first_seen_at", UTCDateTime(), nullable=True),
        sa.Column("last_seen_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["personal_conversation_id"],
            ["conversations.id"],
            name=op.f("fk_people_personal_conversation_id_conversations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("teams_user_id", name=op.f("uq_people_teams_user_id")),
        sa.UniqueConstraint("aad_object_id", name=op.f("uq_people_aad_object_id")),
    )


def downgrade() -> None:
    op.drop_table("people")
    op.drop_index(op.f("ix_conversations_team_id"), table_name="conversations")
    op.drop_index(op.f("ix_conversations_tenant_id"), table_name="conversations")
    op.drop_table("conversations")
