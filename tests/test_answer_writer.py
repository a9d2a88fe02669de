"""The review answer writer (group commit), on both databases: every answer stored exactly once,
the last save current, every save in history, nothing after close, one bad answer alone fails."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from storage.answer_writer import AnswerWriter, ProgressTimer
from storage.database import Database
from storage.models import Person, ReviewRound
from storage.requirements import Change, RequirementData
from storage.reviews import AnswerData


async def _round(db: Database) -> tuple[int, list[int], list[int]]:
    async with db.uow() as uow:
        group = await uow.groups.add("HJT", "Hjemmetjeneste", "working")
        people = []
        for n in range(4):
            person = await uow.people.add(Person(teams_user_id=f"29:w{n}", name=f"W {n}"))
            await uow.groups.add_member(group, person)
            people.append(person.id)
        ids = []
        for n in range(1, 4):
            requirement = await uow.requirements.create(
                RequirementData(key=f"HJT-{n:03d}", group_code="HJT", text="x", type="must"),
                group,
                Change(by="test"),
            )
            ids.append(requirement.id)
        now = datetime.now(UTC)
        review = await uow.reviews.add(
            ReviewRound(
                group_id=group.id,
                requirement_ids=ids,
                deadline=now + timedelta(days=1),
                instructions="",
                status="open",
                opened_by="test",
                nonce="n",
                card_key="k",
                opened_at=now,
            )
        )
        await uow.commit()
        return review.id, people, ids


async def test_concurrent_saves_are_each_stored_once(db: Database) -> None:
    round_id, people, ids = await _round(db)
    writer = AnswerWriter(db)
    timer = ProgressTimer("review:1:progress:7", "review.progress", datetime.now(UTC), {})
    saves = [
        writer.save(
            round_id, person, rid, AnswerData("agree", f"{person}/{rid}"), datetime.now(UTC), timer
        )
        for person in people
        for rid in ids
    ]
    # The same member saves the same requirement three times at once (double clicks).
    verdicts = ["agree", "disagree", "not_relevant"]
    saves += [
        writer.save(round_id, people[0], ids[0], AnswerData(v), datetime.now(UTC)) for v in verdicts
    ]
    assert all(await asyncio.gather(*saves))
    async with db.uow() as uow:
        current = await uow.reviews.answers(round_id)
        history = await uow.reviews.history(round_id)
        timers = await uow.timers.pending("review:1:progress:")
    assert len(current) == len(people) * len(ids)
    assert len(history) == len(people) * len(ids) + 3
    [twice] = [a for a in current if (a.person_id, a.requirement_id) == (people[0], ids[0])]
    assert twice.verdict == "not_relevant"
    assert len(timers) == 1


async def test_nothing_is_stored_after_close_or_for_a_bad_answer(db: Database) -> None:
    round_id, people, ids = await _round(db)
    writer = AnswerWriter(db)
    now = datetime.now(UTC)
    good, bad = await asyncio.gather(
        writer.save(round_id, people[1], ids[1], AnswerData("agree"), now),
        writer.save(round_id, 999_999, ids[1], AnswerData("agree"), now),
        return_exceptions=True,
    )
    # A person who does not exist fails alone; the other answer in the batch is stored.
    assert good is True and isinstance(bad, IntegrityError)
    async with db.uow() as uow:
        review = await uow.reviews.get(round_id)
        assert review is not None
        assert await uow.reviews.close(review, by="test", now=datetime.now(UTC))
        await uow.commit()
    assert (
        await writer.save(round_id, people[2], ids[2], AnswerData("agree"), datetime.now(UTC))
        is False
    )
    async with db.uow() as uow:
        assert len(await uow.reviews.answers(round_id)) == 1
        assert len(await uow.reviews.history(round_id)) == 1


@pytest.mark.parametrize("late", [timedelta(seconds=1)])
async def test_nothing_is_stored_after_the_deadline(db: Database, late: timedelta) -> None:
    round_id, people, ids = await _round(db)
    async with db.uow() as uow:
        review = await uow.reviews.get(round_id)
        assert review is not None
        deadline = review.deadline
    saved = await AnswerWriter(db).save(
        round_id, people[0], ids[0], AnswerData("agree"), deadline + late
    )
    assert saved is False
    async with db.uow() as uow:
        assert await uow.reviews.history(round_id) == []
