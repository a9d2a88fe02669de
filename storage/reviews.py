"""Repository of the review-round aggregate: rounds, their current answers (one per member and
requirement) and the answer history. People, groups, requirements and timers have their own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Group,
    Membership,
    Person,
    Requirement,
    ReviewAnswer,
    ReviewAnswerHistory,
    ReviewRound,
)
from vocabulary import RoundStatus, Verdict


@dataclass(frozen=True, slots=True)
class AnswerData:
    """What a member answered to one requirement."""

    verdict: str
    comment: str = ""
    proposal: str = ""
    priority: str | None = None
    # The requirement version and content fingerprint the member saw on the card.
    requirement_version: int | None = None
    fingerprint: str | None = None


@dataclass(frozen=True, slots=True)
class AnswerRow:
    """A current answer, flat, for outcomes and exports."""

    requirement_id: int
    person_id: int
    verdict: str
    comment: str
    proposal: str
    priority: str | None
    answered_at: datetime
    # Given on the requirement's current text (not suspect).
    current: bool = True


class ReviewRepository:
    """Reads and writes `review_rounds`, `review_answers` and `review_answer_history`."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, review: ReviewRound) -> ReviewRound:
        """Store a new round (its id is known afterwards)."""
        self._session.add(review)
        await self._session.flush()
        return review

    async def get(self, round_id: int) -> ReviewRound | None:
        """The round with this id, or None."""
        return await self._session.get(ReviewRound, round_id)

    async def with_group(self, round_id: int) -> tuple[ReviewRound, Group] | None:
        """The round and its group in one query (every card action needs both), or None."""
        row = (
            await self._session.execute(
                select(ReviewRound, Group)
                .join(Group, Group.id == ReviewRound.group_id)
                .where(ReviewRound.id == round_id)
            )
        ).first()
        return None if row is None else (row[0], row[1])

    async def member(
        self,
        round_id: int,
        group_id: int,
        teams_user_id: str,
        aad_object_id: str | None,
    ) -> tuple[Person, set[int]] | None:
        """The group's member who is this Teams user, with the requirement ids they have
        answered in the round, in one query; None if the user is not a member.

        Found by Teams id first, then by Entra object id, as `dialogs.kernel.access.sender_people`
        does.
        """
        who = [Person.teams_user_id == teams_user_id]
        if aad_object_id:
            who.append(Person.aad_object_id == aad_object_id.strip().lower())
        rows = await self._session.execute(
            select(Person, ReviewAnswer.requirement_id)
            .join(Membership, Membership.person_id == Person.id)
            .outerjoin(
                ReviewAnswer,
                and_(ReviewAnswer.round_id == round_id, ReviewAnswer.person_id == Person.id),
            )
            .where(Membership.group_id == group_id, or_(*who))
        )
        people: dict[int, tuple[Person, set[int]]] = {}
        for person, requirement_id in rows.all():
            entry = people.setdefault(person.id, (person, set()))
            if requirement_id is not None:
                entry[1].add(int(requirement_id))
        if not people:
            return None
        return sorted(people.values(), key=lambda e: e[0].teams_user_id != teams_user_id)[0]

    async def open_rounds(self) -> list[ReviewRound]:
        """Every open round, oldest first."""
        rows = await self._session.scalars(
            select(ReviewRound)
            .where(ReviewRound.status == RoundStatus.OPEN)
            .order_by(ReviewRound.id)
        )
        return list(rows.all())

    async def close(self, review: ReviewRound, *, by: str, now: datetime) -> bool:
        """Mark the round closed; False when it already was (someone else closed it first)."""
        result = await self._session.execute(
            update(ReviewRound)
            .where(ReviewRound.id == review.id, ReviewRound.status == RoundStatus.OPEN)
            .values(status=RoundStatus.CLOSED, closed_at=now, closed_by=by)
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            return False
        await self._session.refresh(review)
        return True

    async def answers_of(self, round_id: int, person_id: int) -> dict[int, ReviewAnswer]:
        """A member's current answers in a round, by requirement id."""
        rows = await self._session.scalars(
            select(ReviewAnswer).where(
                ReviewAnswer.round_id == round_id, ReviewAnswer.person_id == person_id
            )
        )
        return {row.requirement_id: row for row in rows.all()}

    async def answer_counts(self, round_id: int) -> dict[int, int]:
        """Person id -> how many requirements they have answered in the round."""
        rows = await self._session.execute(
            select(ReviewAnswer.person_id, func.count())
            .where(ReviewAnswer.round_id == round_id)
            .group_by(ReviewAnswer.person_id)
        )
        return {int(person): int(count) for person, count in rows.all()}

    async def disagreed_requirements(self, round_id: int) -> int:
        """How many requirements of the round have at least one `disagree` answer."""
        count = await self._session.scalar(
            select(func.count(func.distinct(ReviewAnswer.requirement_id))).where(
                ReviewAnswer.round_id == round_id, ReviewAnswer.verdict == Verdict.DISAGREE
            )
        )
        return int(count or 0)

    async def answers(self, round_id: int) -> list[AnswerRow]:
        """Every current answer of the round, by requirement and person."""
        rows = await self._session.execute(
            select(
                ReviewAnswer.requirement_id,
                ReviewAnswer.person_id,
                ReviewAnswer.verdict,
                ReviewAnswer.comment,
                ReviewAnswer.proposal,
                ReviewAnswer.priority,
                ReviewAnswer.answered_at,
                or_(
                    ReviewAnswer.fingerprint.is_(None),
                    ReviewAnswer.fingerprint == Requirement.fingerprint,
                ),
            )
            .join(Requirement, Requirement.id == ReviewAnswer.requirement_id)
            .where(ReviewAnswer.round_id == round_id)
            .order_by(ReviewAnswer.requirement_id, ReviewAnswer.person_id)
        )
        return [AnswerRow(*row[:-1], current=bool(row[-1])) for row in rows.all()]

    async def suspect_answers(self, requirement_id: int) -> list[ReviewAnswer]:
        """Answers in open rounds given on another text of the requirement than its current."""
        rows = await self._session.scalars(
            select(ReviewAnswer)
            .join(ReviewRound, ReviewRound.id == ReviewAnswer.round_id)
            .join(Requirement, Requirement.id == ReviewAnswer.requirement_id)
            .where(
                ReviewAnswer.requirement_id == requirement_id,
                ReviewRound.status == RoundStatus.OPEN,
                ReviewAnswer.fingerprint.is_not(None),
                ReviewAnswer.fingerprint != Requirement.fingerprint,
            )
            .order_by(ReviewAnswer.round_id, ReviewAnswer.person_id)
        )
        return list(rows.all())

    async def history(self, round_id: int) -> list[ReviewAnswerHistory]:
        """Every saved answer of the round, oldest first."""
        rows = await self._session.scalars(
            select(ReviewAnswerHistory)
            .where(ReviewAnswerHistory.round_id == round_id)
            .order_by(ReviewAnswerHistory.id)
        )
        return list(rows.all())

    async def open_round_requirements(self, requirement_ids: Sequence[int]) -> set[int]:
        """Those of `requirement_ids` already under review in an open round."""
        wanted = set(requirement_ids)
        busy: set[int] = set()
        for review in await self.open_rounds():
            busy.update(wanted.intersection(review.requirement_ids))
        return busy
