"""Ballot secrecy: an anonymous poll's votes are sealed at its close into ballots without
people (`polls.ballots`) and a turnout without choices (`poll_electors.voted`); the rows that
linked a person to a choice are deleted in the same transaction.

Revision ID: 0014
Revises: 0016
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision: str | None = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("polls", sa.Column("ballots", sa.JSON(), nullable=True))
    op.add_column(
        "poll_electors",
        sa.Column("voted", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    # Anonymous polls keep no vote history from now on; what was kept goes.
    op.execute(
        "DELETE FROM poll_vote_history WHERE poll_id IN (SELECT id FROM polls WHERE anonymous)"
    )
    _seal_closed_anonymous_polls(op.get_bind())


def _seal_closed_anonymous_polls(bind: sa.Connection) -> None:
    """Seal the anonymous polls that closed before this revision, as a close does now."""
    polls = sa.table("polls", sa.column("id"), sa.column("anonymous"), sa.column("status"),
                     sa.column("ballots", sa.JSON()))  # fmt: skip
    votes = sa.table("poll_votes", sa.column("poll_id"), sa.column("person_id"),
                     sa.column("choices", sa.JSON()))  # fmt: skip
    electors = sa.table("poll_electors", sa.column("poll_id"), sa.column("person_id"),
                        sa.column("voted"))  # fmt: skip
    closed = bind.execute(
        sa.select(polls.c.id).where(polls.c.anonymous == sa.true(), polls.c.status == "closed")
    ).scalars()
    for poll_id in list(closed):
        rows = bind.execute(
            sa.select(votes.c.person_id, votes.c.choices).where(votes.c.poll_id == poll_id)
        ).all()
        ballots = sorted(sorted(choices) for _, choices in rows)
        bind.execute(polls.update().where(polls.c.id == poll_id).values(ballots=ballots))
        bind.execute(
            electors.update()
            .where(
                electors.c.poll_id == poll_id,
                electors.c.person_id.in_([person for person, _ in rows]),
            )
            .values(voted=True)
        )
        bind.execute(votes.delete().where(votes.c.poll_id == poll_id))


def downgrade() -> None:
    with op.batch_alter_table("poll_electors") as batch:
        batch.drop_column("voted")
    with op.batch_alter_table("polls") as batch:
        batch.drop_column("ballots")
