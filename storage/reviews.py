"""Repository of review rounds and answers: one current answer per member and requirement."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Group,
    Membership,
    Person,
    Requirement,
    ReviewAnswer,
    ReviewAnswerHistory,
    ReviewRound,
    Timer,
    utcnow,
)
from storage.upsert import upsert_statement

VERDICTS = ("agree", "agree_with_changes", "disagree", "not_relevant")
PRIORITIES = ("must", "should")


@dataclass(frozen=True, slots=True)
class AnswerData:
    """What a member answered to one requirement."""

    verdict: str
    comment: str = ""
    proposal: str = ""
    priority: str | None = None


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
            select(ReviewRound).where(ReviewRound.status == "open").order_by(ReviewRound.id)
        )
        return list(rows.all())

    async def close(self, review: ReviewRound, *, by: str, now: datetime) -> bool:
        """Mark the round closed; False when it already was (someone else closed it first)."""
        result = await self._session.execute(
            update(ReviewRound)
            .where(ReviewRound.id == review.id, ReviewRound.status == "open")
            .values(status="closed", closed_at=now, closed_by=by)
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            return False
        await self._session.refresh(review)
        return True

    async def save_answer(
        self, round_id: int, person_id: int, requirement_id: int, answer: AnswerData
    ) -> None:
        """Make `answer` the member's current answer (insert or replace) and add it to history.

        One statement for the current answer: concurrent saves by the same person end with one
        row (the last writer's), and every save is in the history.
        """
        now = utcnow()
        await self._upsert_current(round_id, person_id, requirement_id, answer, now)
        await self._session.execute(
            insert(ReviewAnswerHistory).values(
                round_id=round_id,
                person_id=person_id,
                requirement_id=requirement_id,
                saved_at=now,
                verdict=answer.verdict,
                comment=answer.comment,
                proposal=answer.proposal,
                priority=answer.priority,
            )
        )

    async def _upsert_current(
        self,
        round_id: int,
        person_id: int,
        requirement_id: int,
        answer: AnswerData,
        now: datetime,
    ) -> None:
        fields: dict[str, Any] = {
            "verdict": answer.verdict,
            "comment": answer.comment,
            "proposal": answer.proposal,
            "priority": answer.priority,
        }
        values = {
            "round_id": round_id,
            "person_id": person_id,
            "requirement_id": requirement_id,
            "revision": 1,
            "answered_at": now,
            **fields,
        }
        dialect = self._session.bind.dialect.name if self._session.bind is not None else ""
        base = (
            postgresql.insert(ReviewAnswer)
            if dialect == "postgresql"
            else sqlite.insert(ReviewAnswer)
        )
        statement = base.values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=["round_id", "person_id", "requirement_id"],
            set_={
                **{name: statement.excluded[name] for name in (*fields, "answered_at")},
                "revision": ReviewAnswer.revision + 1,
            },
        )
        await self._session.execute(statement)

    async def answers_of(self, round_id: int, person_id: int) -> dict[int, ReviewAnswer]:
        """A member's current answers in a round, by requirement id."""
        rows = await self._session.scalars(
            select(ReviewAnswer).where(
                ReviewAnswer.round_id == round_id, ReviewAnswer.person_id == person_id
            )
        )
        return {row.requirement_id: row for row in rows.all()}

    async def answered_ids(self, round_id: int, person_id: int) -> set[int]:
        """The requirement ids a member has answered in a round."""
        rows = await self._session.scalars(
            select(ReviewAnswer.requirement_id).where(
                ReviewAnswer.round_id == round_id, ReviewAnswer.person_id == person_id
            )
        )
        return set(rows.all())

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
                ReviewAnswer.round_id == round_id, ReviewAnswer.verdict == "disagree"
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
            )
            .where(ReviewAnswer.round_id == round_id)
            .order_by(ReviewAnswer.requirement_id, ReviewAnswer.person_id)
        )
        return [AnswerRow(*row) for row in rows.all()]

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

    async def people(self, person_ids: Sequence[int]) -> dict[int, Person]:
        """People by id."""
        if not person_ids:
            return {}
        rows = await self._session.scalars(select(Person).where(Person.id.in_(list(person_ids))))
        return {person.id: person for person in rows.all()}

    async def schedule_once(
        self, key: str, job: str, due_at: datetime, args: dict[str, Any]
    ) -> None:
        """Add a timer unless one with the key exists; safe when many turns race to add it.

        Used for coalescing: every answer in the same 10-second slot names the same timer.
        """
        values = {
            "key": key,
            "job": job,
            "args": args,
            "due_at": due_at,
            "status": "pending",
            "late": False,
            "created_at": utcnow(),
        }
        await self._session.execute(
            upsert_statement(self._session, Timer, values, conflict=["key"], update=[])
        )

    async def requirements(self, requirement_ids: Sequence[int]) -> dict[int, Requirement]:
        """Requirements by id (loaded into the session, for versioned changes)."""
        found: dict[int, Requirement] = {}
        ids = list(requirement_ids)
        for start in range(0, len(ids), 1000):
            rows = await self._session.scalars(
                select(Requirement).where(Requirement.id.in_(ids[start : start + 1000]))
            )
            found.update({row.id: row for row in rows.all()})
        return found

    async def requirement_keys(self, requirement_ids: Sequence[int]) -> dict[int, str]:
        """Requirement keys by id, without loading the rows."""
        found: dict[int, str] = {}
        ids = list(requirement_ids)
        for start in range(0, len(ids), 1000):
            rows = await self._session.execute(
                select(Requirement.id, Requirement.key).where(
                    Requirement.id.in_(ids[start : start + 1000])
                )
            )
            found.update({int(rid): str(key) for rid, key in rows.all()})
        return found

    async def requirement(self, requirement_id: int) -> Requirement | None:
        """One requirement by id."""
        return await self._session.get(Requirement, requirement_id)

    async def group(self, group_id: int) -> Group | None:
        """A group by id."""
        return await self._session.get(Group, group_id)

    async def person(self, person_id: int) -> Person | None:
        """A person by id."""
        return await self._session.get(Person, person_id)
