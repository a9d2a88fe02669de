"""A database in use: the demo organisation, a closed poll, a closed review round with a comment
that names its author, decisions, and outbox rows of which some were sent to the emulator.

Backup/restore and the personal-data tests start from it; everything goes through the
workflows' own services, as Teams and the CLI would.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from dialogs.demo.load import load_demo
from dialogs.kernel.context import DialogContext
from dialogs.polls import PollSpec, Vote, cast_vote, close_now, open_poll
from dialogs.reviews.service import CloseRequest, OpenRequest, close_by_id, open_round
from storage.answer_writer import AnswerWriter
from storage.database import Database
from storage.models import (
    Baseline,
    Endorsement,
    ParticipationNudge,
    Person,
    Risk,
    StatusReport,
    utcnow,
)
from storage.reviews import AnswerData
from tests.support.outbox import (
    add_conversations,
    dispatcher_for,
    enqueue_texts,
    new_term,
    statuses,
)
from vocabulary import Stance

# Kari Nordmann of the demo organisation: project lead, steering group member.
KARI_TEAMS_ID = "29:digitv-kari-nordmann"


@dataclass(frozen=True, slots=True)
class Populated:
    """What `populate` made: the person at its centre and the outbox keys by fate."""

    person: Person
    sent: tuple[str, ...]
    pending: tuple[str, ...]


async def _person(db: Database, teams_id: str) -> Person:
    async with db.read() as uow:
        person = await uow.session.scalar(select(Person).where(Person.teams_user_id == teams_id))
    assert person is not None
    return person


async def _poll(ctx: DialogContext, kari: Person) -> None:
    db = ctx.db
    spec = PollSpec("STY", "Budsjett 2027", ["Godkjent", "Utsatt"], utcnow() + timedelta(days=2))
    async with db.uow() as uow:
        poll = await open_poll(uow, ctx, spec, creator=kari, creator_name=kari.name)
        await uow.commit()
    async with db.uow() as uow:
        group = await uow.groups.by_code("STY")
        assert group is not None
        electors = [person for person, _ in await uow.groups.members(group)]
    for n, elector in enumerate(electors):
        async with db.uow() as uow:
            await cast_vote(uow, ctx, Vote(poll.id, "o1" if n % 3 else "o2", 0), elector)
            await uow.commit()
    async with db.uow() as uow:
        await close_now(uow, ctx, poll.id, closed_by=kari.name)
        await uow.commit()


async def _review(ctx: DialogContext, kari: Person) -> None:
    db = ctx.db
    request = OpenRequest(
        "HJT", "HJT-001..HJT-003", utcnow() + timedelta(days=3), "", kari.name, kari.id
    )
    # The living demo keeps a round open in HJT; close it first (one open round per group).
    async with db.read() as uow:
        open_ids = [r.id for r in await uow.reviews.open_rounds()]
    for round_id in open_ids:
        await close_by_id(ctx, CloseRequest(round_id, by=kari.name))
    async with db.uow() as uow:
        review = await open_round(uow, ctx, request)
        await uow.commit()
    comment = f"Hilsen {kari.name} ({kari.email}), ring meg på Teams."
    writer = AnswerWriter(db)
    for requirement_id in review.requirement_ids:
        answer = AnswerData("agree_with_changes", comment, f"Forslag fra {kari.name}", "must")
        assert await writer.save(review.id, kari.id, requirement_id, answer, utcnow())
    await close_by_id(ctx, CloseRequest(review.id, by=kari.name))


async def _outbox(db: Database, emulator_url: str, kari: Person) -> tuple[list[str], list[str]]:
    ids = [f"a:backup-{n}" for n in range(6)]
    await add_conversations(db, ids, emulator_url)
    sent = [(f"sent-{n}", conversation) for n, conversation in enumerate(ids)]
    await enqueue_texts(db, sent)
    async with db.uow() as uow:
        # A channel message that names her, as a card may.
        text = f"Velkommen, {kari.name} <{kari.email}>!"
        activity = {"type": "message", "text": text}
        await uow.outbox.enqueue(key="greeting", conversation_id=ids[0], activity=activity)
        await uow.commit()
    sent.append(("greeting", ids[0]))
    dispatcher, connector = dispatcher_for(db)
    await dispatcher.start(await new_term(db))
    try:
        await wait_sent(db, [key for key, _ in sent], timeout=30)
    finally:
        await dispatcher.stop()
        await connector.close()
    pending = [(f"later-{n}", conversation) for n, conversation in enumerate(ids[:3])]
    await enqueue_texts(db, pending)
    return [key for key, _ in sent], [key for key, _ in pending]


async def _steering(db: Database, kari: Person) -> None:
    """Traces of the steering workflows that name her: a risk and its history, a nudge, a
    dismissed finding, an overlap mark, a baseline, an endorsement round, a status report."""
    now = utcnow()
    by = kari.name
    async with db.uow() as uow:
        risk = await uow.risks.add(Risk(title="Lav deltakelse", likelihood=3, consequence=4), by)
        await uow.risks.change(risk, {"measures": f"{by} ringer kommunene"}, by)
        first, second, *_ = [r for r, _ in await uow.requirements.snapshots()]
        await uow.quality.dismiss(first.id, "vague", "f" * 64, f"Avklart med {by}", by)
        await uow.quality.mark(first.id, second.id, "related", None, by)
        number = next(iter(await uow.municipalities.all())).number
        nudge = ParticipationNudge(
            municipality_number=number, key="nudge-populated", person_id=kari.id, sent_by=by
        )
        await uow.participation.log_nudge(nudge)
        baseline = await uow.baselines.add(
            Baseline(name="Populert", fingerprint="0" * 64, created_by=by), []
        )
        endorsement = await uow.endorsements.add(
            Endorsement(
                baseline_id=baseline.id,
                deadline=now + timedelta(days=3),
                municipalities=[number],
                opened_by=by,
            )
        )
        row = {
            "endorsement_id": endorsement.id,
            "municipality_number": number,
            "person_id": kari.id,
            "person_name": by,
            "stance": Stance.WITH_RESERVATIONS,
            "reservation": f"{by} tar forbehold",
        }
        assert await uow.endorsements.answer(row, now)
        assert await uow.endorsements.close(endorsement, by=by, now=now)
        report = StatusReport(
            period_end=now.date(), content={"lines": [by]}, assessment=f"Grønn, {by}"
        )
        report.approved_by = by
        await uow.reports.add(report)
        await uow.commit()


async def wait_sent(db: Database, keys: list[str], *, timeout: float) -> None:
    """Wait until every message of `keys` is sent (others may stay pending or die)."""
    deadline = time.monotonic() + timeout
    while set((await statuses(db, keys)).values()) != {"sent"}:
        if time.monotonic() > deadline:
            raise TimeoutError(f"not sent after {timeout}s: {await statuses(db, keys)}")
        await asyncio.sleep(0.1)


async def populate(db: Database, emulator_url: str) -> Populated:
    """Fill `db` (migrated) as described above; returns Kari and the outbox keys."""
    await load_demo(db)
    ctx = DialogContext(db=db)
    kari = await _person(db, KARI_TEAMS_ID)
    await _poll(ctx, kari)
    await _review(ctx, kari)
    await _steering(db, kari)
    sent, pending = await _outbox(db, emulator_url, kari)
    return Populated(await _person(db, KARI_TEAMS_ID), tuple(sent), tuple(pending))
