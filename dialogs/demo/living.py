"""What makes the demo a project at work today: an open review round, an open poll and the
steering group's first decision, dated relative to the day the demo is loaded.

Each is added once: the round while its group has no open round, the poll while none has its
title, the decision while the log has none with its title.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Final

from dialogs.decisions import DecisionDraft, record_decision
from dialogs.demo.organisation import DEMO_CHANGED_BY
from dialogs.kernel.context import DialogContext
from dialogs.polls.service import PollSpec, open_poll
from dialogs.reviews import OpenRequest, open_round
from storage.models import utcnow
from storage.uow import UnitOfWork
from vocabulary import STEERING_GROUP, DecisionKind

ROUND_GROUP: Final = "HJT"
ROUND_SELECTION: Final = "HJT-002..HJT-006"
POLL_TITLE: Final = "Mandat for referansegruppene"
DECISION_TITLE: Final = "Prosjekt og finansiering vedtatt"


@dataclass(frozen=True, slots=True)
class Activity:
    """What loading added: a round, a poll, a decision (each 0 or 1)."""

    rounds: int
    polls: int
    decisions: int


def _at(ctx: DialogContext, day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ctx.timezone)


async def load_activity(uow: UnitOfWork, ctx: DialogContext, today: date) -> Activity:
    """Open the demo round and poll and record the decision, where they are missing."""
    lead = await uow.people.by_email("kari.nordmann@digitv.example")
    # Loaded for another day (tests, a prepared demo), the round and poll open on that morning.
    now = utcnow() if today == datetime.now(ctx.timezone).date() else _at(ctx, today, 9)
    rounds = polls = decisions = 0
    group = await uow.groups.by_code(ROUND_GROUP)
    busy = [r for r in await uow.reviews.open_rounds() if group and r.group_id == group.id]
    if group is not None and not busy:
        request = OpenRequest(
            ROUND_GROUP,
            ROUND_SELECTION,
            _at(ctx, today + timedelta(days=9), 15),
            instructions="Se særlig på legemiddelhåndtering og pasientsikkerhet.",
            by_name=lead.name if lead else DEMO_CHANGED_BY,
            by_person_id=lead.id if lead else None,
        )
        await open_round(uow, ctx, request, now=now)
        rounds = 1
    if not [p for p in await uow.polls.open_polls() if p.title == POLL_TITLE]:
        spec = PollSpec(
            STEERING_GROUP,
            POLL_TITLE,
            ("Godkjent", "Ikke godkjent", "Utsatt"),
            _at(ctx, today + timedelta(days=5), 12),
            description="Referansegruppene blir hørt før kravspesifikasjonen legges fram.",
            live=True,
        )
        name = lead.name if lead else DEMO_CHANGED_BY
        await open_poll(uow, ctx, spec, creator=lead, creator_name=name, now=now)
        polls = 1
    if not [d for d in await uow.decisions.latest(1000) if d.title == DECISION_TITLE]:
        draft = DecisionDraft(
            kind=DecisionKind.MANUAL,
            title=DECISION_TITLE,
            text="Styringsgruppen vedtok prosjektet og finansieringen av fase 1.",
            group_code=STEERING_GROUP,
            recorded_by=DEMO_CHANGED_BY,
            decided_at=_at(ctx, date(2024, 1, 15), 12),
        )
        await record_decision(uow, draft)
        decisions = 1
    return Activity(rounds, polls, decisions)
