"""Organisation: group aliases and archiving, municipality roles (contact person), why a
person cannot be reached, and channel links repaired to the channel itself.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0011"
down_revision: str | None = "0010"
branch_labels = None
depends_on = None

# Teams gives a reply's conversation id as `<channel id>;messageid=<post id>`.
THREAD_SUFFIX = ";messageid="


def upgrade() -> None:
    """Create the tables and repair thread links. Long because a schema is one declaration."""
    with op.batch_alter_table("groups") as groups:
        groups.add_column(sa.Column("archived_at", UTCDateTime(), nullable=True))
    with op.batch_alter_table("people") as people:
        people.add_column(sa.Column("unreachable_reason", sa.String(16), nullable=True))
        people.add_column(sa.Column("unreachable_at", UTCDateTime(), nullable=True))
    op.create_table(
        "group_aliases",
        sa.Column("folded", sa.String(128), nullable=False),
        sa.Column("alias", sa.String(128), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_group_aliases_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("folded", name=op.f("pk_group_aliases")),
    )
    op.create_index(op.f("ix_group_aliases_group_id"), "group_aliases", ["group_id"])
    op.create_table(
        "municipality_roles",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("municipality_number", sa.String(4), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("group_key", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_number"],
            ["municipalities.number"],
            name=op.f("fk_municipality_roles_municipality_number_municipalities"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_municipality_roles_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_municipality_roles_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_municipality_roles")),
        sa.UniqueConstraint(
            "municipality_number",
            "role",
            "group_key",
            name=op.f("uq_municipality_roles_municipality_number"),
        ),
    )
    op.create_index(
        op.f("ix_municipality_roles_municipality_number"),
        "municipality_roles",
        ["municipality_number"],
    )
    op.create_index(op.f("ix_municipality_roles_person_id"), "municipality_roles", ["person_id"])
    _repair_thread_links()


def _repair_thread_links() -> None:
    """Point groups linked to a reply thread at the channel, and store that channel once."""
    bind = op.get_bind()
    conversations = sa.table(
        "conversations",
        *(sa.column(name) for name in _CONVERSATION_COLUMNS),
        sa.column("reference", sa.JSON()),
    )
    groups = sa.table("groups", sa.column("id"), sa.column("conversation_id"))
    linked = bind.execute(
        sa.select(groups.c.id, groups.c.conversation_id).where(
            groups.c.conversation_id.like(f"%{THREAD_SUFFIX}%")
        )
    ).all()
    for group_id, thread_id in linked:
        channel_id = thread_id.split(THREAD_SUFFIX, 1)[0]
        known = bind.execute(
            sa.select(conversations.c.id).where(conversations.c.id == channel_id)
        ).first()
        if known is None:
            row = (
                bind.execute(sa.select(conversations).where(conversations.c.id == thread_id))
                .mappings()
                .first()
            )
            if row is None:
                continue
            values = dict(row)
            values["id"] = channel_id
            reference = dict(values["reference"] or {})
            reference["conversation"] = {**reference.get("conversation", {}), "id": channel_id}
            values["reference"] = reference
            bind.execute(sa.insert(conversations).values(values))
        bind.execute(
            sa.update(groups).where(groups.c.id == group_id).values(conversation_id=channel_id)
        )


_CONVERSATION_COLUMNS = (
    "id",
    "kind",
    "channel_id",
    "tenant_id",
    "team_id",
    "teams_channel_id",
    "name",
    "service_url",
    "bot_id",
    "installed",
    "created_at",
    "updated_at",
    "blocked_at",
)


def downgrade() -> None:
    op.drop_index(op.f("ix_municipality_roles_person_id"), table_name="municipality_roles")
    op.drop_index(
        op.f("ix_municipality_roles_municipality_number"), table_name="municipality_roles"
    )
    op.drop_table("municipality_roles")
    op.drop_index(op.f("ix_group_aliases_group_id"), table_name="group_aliases")
    op.drop_table("group_aliases")
    with op.batch_alter_table("people") as people:
        people.drop_column("unreachable_at")
        people.drop_column("unreachable_reason")
    with op.batch_alter_table("groups") as groups:
        groups.drop_column("archived_at")
