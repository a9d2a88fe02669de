"""Participation counted in the database: members, review answers and votes per municipality
and group, in a handful of grouped queries (the overview must stay fast at full scale), and the
log of nudges sent to municipalities."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Membership,
    ParticipationNudge,
    Person,
    Poll,
    PollElector,
    PollVote,
    ReviewAnswer,
    ReviewRound,
)


@dataclass(frozen=True, slots=True)
class Counts:
    """What was counted for one group and municipality."""

    members: int = 0
    answers: int = 0
    # Answers the members were asked for: requirements of the group's rounds x members.
    asked: int = 0
    votes: int = 0
    electors: int = 0
    last_activity: datetime | None = None


Key = tuple[int, str]


class ParticipationRepository:
    """Grouped counts by (group id, municipality number), and the nudge log."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def counts(self) -> dict[Key, Counts]:
        """Counts for every group and municipality that has a member there or acted there."""
        members = await self._pairs(
            select(Membership.group_id, Person.municipality_number, func.count())
            .select_from(Membership)
            .join(Person, Person.id == Membership.person_id)
            .where(Person.municipality_number.is_not(None))
            .group_by(Membership.group_id, Person.municipality_number)
        )
        asked_per_member = await self._requirements_per_group()
        answers = await self._activity(
            select(
                ReviewRound.group_id,
                Person.municipality_number,
                func.count(),
                func.max(ReviewAnswer.answered_at),
            )
            .select_from(ReviewAnswer)
            .join(ReviewRound, ReviewRound.id == ReviewAnswer.round_id)
            .join(Person, Person.id == ReviewAnswer.person_id)
            .group_by(ReviewRound.group_id, Person.municipality_number)
        )
        votes = await self._activity(
            select(
                Poll.group_id, Person.municipality_number, func.count(), func.max(PollVote.cast_at)
            )
            .select_from(PollVote)
            .join(Poll, Poll.id == PollVote.poll_id)
            .join(Person, Person.id == PollVote.person_id)
            .group_by(Poll.group_id, Person.municipality_number)
        )
        electors = await self._pairs(
            select(Poll.group_id, Person.municipality_number, func.count())
            .select_from(PollElector)
            .join(Poll, Poll.id == PollElector.poll_id)
            .join(Person, Person.id == PollElector.person_id)
            .group_by(Poll.group_id, Person.municipality_number)
        )
        found: dict[Key, Counts] = {}
        for key in members.keys() | answers.keys() | votes.keys() | electors.keys():
            given, answered_at = answers.get(key, (0, None))
            cast, voted_at = votes.get(key, (0, None))
            moments = [m for m in (answered_at, voted_at) if m is not None]
            found[key] = Counts(
                members=members.get(key, 0),
                answers=given,
                asked=asked_per_member.get(key[0], 0) * members.get(key, 0),
                votes=cast,
                electors=electors.get(key, 0),
                last_activity=max(moments) if moments else None,
            )
        return found

    async def _pairs(self, query: Select[int, str | None, int]) -> dict[Key, int]:
        rows = await self._session.execute(query)
        return {(group, number): count for group, number, count in rows if number is not None}

    async def _activity(
        self, query: Select[int, str | None, int, datetime]
    ) -> dict[Key, tuple[int, datetime | None]]:
        rows = await self._session.execute(query)
        return {
            (group, number): (count, _aware(last))
            for group, number, count, last in rows
            if number is not None
        }

    async def _requirements_per_group(self) -> dict[int, int]:
        rows = await self._session.execute(
            select(ReviewRound.group_id, ReviewRound.requirement_ids)
        )
        total: dict[int, int] = {}
        for group_id, ids in rows:
            total[group_id] = total.get(group_id, 0) + len(ids or [])
        return total

    async def log_nudge(self, nudge: ParticipationNudge) -> None:
        """Record a nudge (its key is unique: one per municipality and week)."""
        self._session.add(nudge)
        await self._session.flush()

    async def nudge(self, key: str) -> ParticipationNudge | None:
        """The nudge with this key, or None."""
        return await self._session.scalar(
            select(ParticipationNudge).where(ParticipationNudge.key == key)
        )

    async def nudges(self) -> list[ParticipationNudge]:
        """Every nudge sent, newest first."""
        rows = await self._session.scalars(
            select(ParticipationNudge).order_by(ParticipationNudge.id.desc())
        )
        return list(rows.all())


def _aware(moment: datetime | None) -> datetime | None:
    # An aggregate bypasses the UTC column type: SQLite hands back a naive value (or a string).
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
