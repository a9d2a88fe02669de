"""Repository of polls, their electorate, current votes and vote history.

An anonymous poll keeps only each voter's current vote while it is open (no history, no time of
voting), and its close seals them: ballots without people, a turnout without choices.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Person,
    Poll,
    PollConflict,
    PollElector,
    PollSeat,
    PollVote,
    PollVoteHistory,
)
from vocabulary import RoundStatus


class PollRepository:
    """Reads and writes `polls`, `poll_electors`, `poll_votes` and `poll_vote_history`."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self,
        poll: Poll,
        electors: Sequence[tuple[int, bool]],
        seats: Sequence[PollSeat] = (),
        speaks_for: Mapping[int, tuple[str, str]] | None = None,
    ) -> Poll:
        """Store a new poll with its electorate: (person id, is chair) pairs; a per-municipality
        poll also its seats and, per elector, (municipality number, how they represent it)."""
        self._session.add(poll)
        await self._session.flush()
        roles = speaks_for or {}
        self._session.add_all(
            PollElector(
                poll_id=poll.id,
                person_id=person_id,
                is_chair=chair,
                municipality_number=roles.get(person_id, (None, None))[0],
                represents=roles.get(person_id, (None, None))[1],
            )
            for person_id, chair in electors
        )
        for seat in seats:
            seat.poll_id = poll.id
            self._session.add(seat)
        await self._session.flush()
        return poll

    async def seats(self, poll: Poll) -> list[PollSeat]:
        """A per-municipality poll's seats, by municipality number."""
        rows = await self._session.scalars(
            select(PollSeat)
            .where(PollSeat.poll_id == poll.id)
            .order_by(PollSeat.municipality_number)
            .execution_options(populate_existing=True)
        )
        return list(rows.all())

    async def give_proxy(self, poll: Poll, seat: PollSeat, holder: Person, now: datetime) -> None:
        """Record the delegate's proxy to `holder` (with its time); the holder joins the
        electorate as the seat's proxy."""
        seat.proxy_id, seat.proxy_at = holder.id, now
        elector = await self.elector(poll, holder.id)
        if elector is None:
            self._session.add(
                PollElector(
                    poll_id=poll.id,
                    person_id=holder.id,
                    municipality_number=seat.municipality_number,
                    represents="proxy",
                )
            )
        else:
            elector.represents = "proxy"
        await self._session.flush()

    async def disqualify(self, poll: Poll, conflict: PollConflict) -> bool:
        """Record a conflict of interest: the person leaves the electorate and any vote of
        theirs is withdrawn (the vote history keeps it). True when a vote was withdrawn."""
        vote = await self.vote_of(poll, conflict.person_id)
        conflict.poll_id = poll.id
        conflict.vote_withdrawn = vote is not None
        self._session.add(conflict)
        for model in (PollVote, PollElector):
            await self._session.execute(
                delete(model)
                .where(model.poll_id == poll.id, model.person_id == conflict.person_id)
                .execution_options(synchronize_session=False)
            )
        if vote is not None:
            self._session.expunge(vote)
        elector = await self._session.get(PollElector, (poll.id, conflict.person_id))
        if elector is not None:
            self._session.expunge(elector)
        await self._session.flush()
        return conflict.vote_withdrawn

    async def conflicts(self, poll: Poll) -> list[PollConflict]:
        """The poll's conflicts of interest, in the order they were declared."""
        rows = await self._session.scalars(
            select(PollConflict).where(PollConflict.poll_id == poll.id).order_by(PollConflict.id)
        )
        return list(rows.all())

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

    async def cast(
        self,
        poll: Poll,
        person_id: int,
        choices: list[str],
        now: datetime,
        reason: str | None = None,
    ) -> int:
        """Set the person's current vote (insert or replace) and append it to the history.

        One statement (INSERT ... ON CONFLICT DO UPDATE on the primary key) so two concurrent
        first votes of the same person can never make two rows. Returns the new revision.
        """
        dialect = self._session.bind.dialect.name if self._session.bind is not None else ""
        insert = postgresql.insert(PollVote) if dialect == "postgresql" else sqlite.insert(PollVote)
        # An anonymous vote carries the poll's opening time: when each person voted (to the
        # microsecond) would let the order of votes be matched against the tallies.
        cast_at = poll.created_at if poll.anonymous else now
        statement = insert.values(
            poll_id=poll.id,
            person_id=person_id,
            choices=choices,
            revision=1,
            cast_at=cast_at,
            reason=reason,
        )
        statement = statement.on_conflict_do_update(
            index_elements=["poll_id", "person_id"],
            set_={
                "choices": statement.excluded.choices,
                "cast_at": statement.excluded.cast_at,
                "reason": statement.excluded.reason,
                "revision": PollVote.revision + 1,
            },
        )
        revision = await self._session.scalar(statement.returning(PollVote.revision))
        if not poll.anonymous:
            self._session.add(
                PollVoteHistory(poll_id=poll.id, person_id=person_id, choices=choices, cast_at=now)
            )
        await self._session.flush()
        return int(revision or 1)

    async def ballots(self, poll: Poll) -> list[list[str]]:
        """Every ballot's option ids (abstentions are empty), sealed or current."""
        if poll.ballots is not None:
            return [list(ballot) for ballot in poll.ballots]
        return [list(vote.choices) for vote in await self.votes(poll)]

    async def turnout(self, poll: Poll) -> set[int]:
        """The ids of the people who voted (sealed or current)."""
        if poll.ballots is None:
            return {vote.person_id for vote in await self.votes(poll)}
        rows = await self._session.scalars(
            select(PollElector.person_id).where(
                PollElector.poll_id == poll.id, PollElector.voted.is_(True)
            )
        )
        return set(rows.all())

    async def seal(self, poll: Poll) -> None:
        """Unlink people from choices at an anonymous poll's close (the caller's transaction).

        The ballots are kept sorted, so their order says nothing about who voted when; the
        turnout is marked on the electorate; the current votes and any history are deleted.
        """
        votes = await self.votes(poll)
        poll.ballots = sorted(sorted(vote.choices) for vote in votes)
        voters = [vote.person_id for vote in votes]
        if voters:
            await self._session.execute(
                update(PollElector)
                .where(PollElector.poll_id == poll.id, PollElector.person_id.in_(voters))
                .values(voted=True)
                .execution_options(synchronize_session=False)
            )
        for model in (PollVote, PollVoteHistory):
            await self._session.execute(
                delete(model)
                .where(model.poll_id == poll.id)
                .execution_options(synchronize_session=False)
            )
        for vote in votes:
            self._session.expunge(vote)
        await self._session.flush()

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
