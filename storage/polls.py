"""Repository of polls, their electorate, current votes and vote history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Person, Poll, PollElector, PollVote, PollVoteHistory
from vocabulary import RoundStatus


class PollRepository:
    """Reads and writes `polls`, `poll_electors`, `poll_votes` and `poll_vote_history`."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, poll: Poll, electors: Sequence[tuple[int, bool]]) -> Poll:
        """Store a new poll with its electorate: (person id, is chair) pairs."""
        self._session.add(poll)
        await self._session.flush()
        self._session.add_all(
            PollElector(poll_id=poll.id, person_id=person_id, is_chair=chair)
            for person_id, chair in electors
        )
        await self._session.flush()
        return poll

    async def get(self, poll_id: int, *, lock: bool = False) -> Poll | None:
        """The poll, or None; `lock` takes its row lock (PostgreSQL) so votes and the close
        of one poll are serialized and none is counted after the close."""
        statement = select(Poll).where(Poll.id == poll_id)
        if lock:
            statement = statement.with_for_update()
        return await self._session.scalar(statement)

    async def open_polls(self) -> list[Poll]:
        """Polls not yet closed, oldest first."""
        rows = await self._session.scalars(
            select(Poll).where(Poll.status == RoundStatus.OPEN).order_by(Poll.id)
        )
        return list(rows.all())

    async def electors(self, poll: Poll) -> list[tuple[Person, PollElector]]:
        """The electorate with their people, by name."""
        rows = await self._session.execute(
            select(Person, PollElector)
            .join(PollElector, PollElector.person_id == Person.id)
            .where(PollElector.poll_id == poll.id)
            .order_by(Person.name, Person.id)
        )
        return [(person, elector) for person, elector in rows.all()]

    async def elector(self, poll: Poll, person_id: int) -> PollElector | None:
        """The person's place in the electorate, or None."""
        return await self._session.get(PollElector, (poll.id, person_id))

    async def electorate_size(self, poll: Poll) -> int:
        """How many may vote."""
        return int(
            await self._session.scalar(
                select(func.count()).select_from(PollElector).where(PollElector.poll_id == poll.id)
            )
            or 0
        )

    async def vote_of(self, poll: Poll, person_id: int) -> PollVote | None:
        """The person's current vote, or None."""
        return await self._session.scalar(
            select(PollVote)
            .where(PollVote.poll_id == poll.id, PollVote.person_id == person_id)
            .execution_options(populate_existing=True)
        )

    async def votes(self, poll: Poll) -> list[PollVote]:
        """Every current vote."""
        rows = await self._session.scalars(
            select(PollVote)
            .where(PollVote.poll_id == poll.id)
            .order_by(PollVote.person_id)
            .execution_options(populate_existing=True)
        )
        return list(rows.all())

    async def cast(self, poll: Poll, person_id: int, choices: list[str], now: datetime) -> int:
        """Set the person's current vote (insert or replace) and append it to the history.

        One statement (INSERT ... ON CONFLICT DO UPDATE on the primary key) so two concurrent
        first votes of the same person can never make two rows. Returns the new revision.
        """
        dialect = self._session.bind.dialect.name if self._session.bind is not None else ""
        insert = postgresql.insert(PollVote) if dialect == "postgresql" else sqlite.insert(PollVote)
        statement = insert.values(
            poll_id=poll.id, person_id=person_id, choices=choices, revision=1, cast_at=now
        )
        statement = statement.on_conflict_do_update(
            index_elements=["poll_id", "person_id"],
            set_={
                "choices": statement.excluded.choices,
                "cast_at": statement.excluded.cast_at,
                "revision": PollVote.revision + 1,
            },
        )
        revision = await self._session.scalar(statement.returning(PollVote.revision))
        self._session.add(
            PollVoteHistory(poll_id=poll.id, person_id=person_id, choices=choices, cast_at=now)
        )
        await self._session.flush()
        return int(revision or 1)

    async def history(self, poll: Poll) -> list[PollVoteHistory]:
        """Every vote and change, in order."""
        rows = await self._session.scalars(
            select(PollVoteHistory)
            .where(PollVoteHistory.poll_id == poll.id)
            .order_by(PollVoteHistory.id)
        )
        return list(rows.all())

    async def bump_card(self, poll: Poll) -> int:
        """The next version number of the poll card (for unique update keys)."""
        poll.card_version += 1
        await self._session.flush()
        return poll.card_version
