"""Endorsement rounds: open for a baseline, answer per municipality, status, close, result.

What the CLI, the timers and the Teams handlers all call. Every card and timer is enqueued in
the caller's unit of work, together with the change that causes it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Final

from cards.endorsement_cards import AnswerCardView, StatusView, answer_card, status_card
from cards.texts import Language, text
from dialogs.decisions import DecisionDraft, record_decision
from dialogs.endorsements.rules import NO_ANSWER, answer_problem, may_answer, status
from dialogs.kernel.context import DialogContext
from dialogs.kernel.delivery import send_to_conversation, send_to_person, update_card
from dialogs.kernel.errors import WorkflowError
from dialogs.kernel.language import person_language
from dialogs.kernel.workdays import add_working_days, reminder_times, working_morning
from storage.models import Baseline, Endorsement, Person, utcnow
from storage.uow import UnitOfWork
from vocabulary import STEERING_GROUP, DecisionKind, RoundStatus, TimerKind

REMINDER_AT: Final = time(9, 0)


class EndorsementError(WorkflowError):
    """An endorsement cannot be opened, answered or closed; nothing was changed."""

    area = "endorsement"


@dataclass(frozen=True, slots=True)
class OpenEndorsement:
    """The lead asks every participating municipality to endorse `baseline` by `deadline`."""

    baseline: str
    deadline: datetime
    by_name: str
    by_person_id: int | None = None


@dataclass(frozen=True, slots=True)
class EndorsementAnswer:
    """A municipality's answer, given by the person `person`."""

    endorsement_id: int
    municipality: str
    person: Person
    stance: str
    reservation: str = ""


async def answerers(uow: UnitOfWork, numbers: list[str]) -> dict[str, list[Person]]:
    """Who may answer for each municipality: its contact and authorised persons."""
    wanted = set(numbers)
    roles = [r for r in await uow.municipalities.roles() if r.municipality_number in wanted]
    people = await uow.people.by_ids(sorted({r.person_id for r in roles}))
    found: dict[str, list[Person]] = {number: [] for number in numbers}
    for role in roles:
        person = people.get(role.person_id)
        if person is not None and may_answer(
            person.id,
            role.municipality_number,
            [(role.municipality_number, role.person_id, role.role)],
        ):
            found[role.municipality_number].append(person)
    return found


async def answer_view(
    uow: UnitOfWork, endorsement: Endorsement, baseline: Baseline, number: str, **extra: object
) -> AnswerCardView:
    places = {m.number: m.name for m in await uow.municipalities.all()}
    current = (await uow.endorsements.answers(endorsement.id)).get(number)
    items = await uow.baselines.items(baseline)
    return AnswerCardView(
        endorsement_id=endorsement.id,
        baseline=baseline.name,
        fingerprint=baseline.fingerprint,
        requirements=len(items),
        municipality=places.get(number, number),
        municipality_number=number,
        deadline=endorsement.deadline,
        stance=current.stance if current else None,
        reservation=current.reservation if current else "",
        answered_by=current.person_name if current else "",
        closed=endorsement.status != RoundStatus.OPEN,
        **extra,  # type: ignore[arg-type]
    )


async def open_endorsement(
    uow: UnitOfWork, ctx: DialogContext, request: OpenEndorsement, *, now: datetime | None = None
) -> Endorsement:
    """Open a round in the caller's unit of work (which commits); raises `EndorsementError`."""
    now = now or utcnow()
    baseline = await uow.baselines.by_name(request.baseline)
    if baseline is None:
        raise EndorsementError("baseline", 404, name=request.baseline.strip())
    if request.deadline <= now:
        raise EndorsementError("deadline_past")
    numbers = [m.number for m in await uow.municipalities.participating()]
    if not numbers:
        raise EndorsementError("no_municipalities")
    endorsement = await uow.endorsements.add(
        Endorsement(
            baseline_id=baseline.id,
            deadline=request.deadline.astimezone(UTC),
            status=RoundStatus.OPEN,
            municipalities=numbers,
            opened_by=request.by_name,
            opened_by_person_id=request.by_person_id,
            opened_at=now,
        )
    )
    for number, people in (await answerers(uow, numbers)).items():
        view = await answer_view(uow, endorsement, baseline, number)
        for person in people:
            card = answer_card(person_language(person, ctx.default_language), view, ctx.timezone)
            await send_to_person(
                uow,
                key=f"endorsement:{endorsement.id}:ask:{number}:{person.id}",
                person_id=person.id,
                card=card,
            )
    await _post_status(uow, ctx, endorsement, baseline, first=True)
    await _schedule(uow, ctx, endorsement, now)
    return endorsement


async def _schedule(
    uow: UnitOfWork, ctx: DialogContext, endorsement: Endorsement, now: datetime
) -> None:
    prefix = f"endorsement:{endorsement.id}"
    for number, moment in enumerate(
        reminder_times(endorsement.deadline, now, ctx.timezone, REMINDER_AT), 1
    ):
        await uow.timers.schedule(
            f"{prefix}:reminder:{number}",
            TimerKind.ENDORSEMENT_REMINDER,
            moment,
            {"endorsement": endorsement.id},
        )
    await uow.timers.schedule(
        f"{prefix}:close",
        TimerKind.ENDORSEMENT_CLOSE,
        endorsement.deadline,
        {"endorsement": endorsement.id},
    )
    after = working_morning(
        add_working_days(endorsement.deadline.astimezone(ctx.timezone).date(), 1),
        REMINDER_AT,
        ctx.timezone,
    )
    await uow.timers.schedule(
        f"{prefix}:escalation",
        TimerKind.ENDORSEMENT_ESCALATION,
        after,
        {"endorsement": endorsement.id},
    )


async def status_view(uow: UnitOfWork, endorsement: Endorsement, baseline: Baseline) -> StatusView:
    """The status card's numbers and lines, now."""
    answers = await uow.endorsements.answers(endorsement.id)
    places = {m.number: m.name for m in await uow.municipalities.all()}
    state = status(endorsement.municipalities, {n: a.stance for n, a in answers.items()})
    rows = []
    for number in endorsement.municipalities:
        answer = answers.get(number)
        rows.append(
            (
                places.get(number, number),
                answer.stance if answer else NO_ANSWER,
                answer.person_name if answer else "",
                answer.reservation if answer else "",
            )
        )
    return StatusView(
        endorsement.id,
        baseline.name,
        baseline.fingerprint,
        endorsement.deadline,
        state.counts,
        rows,
        endorsement.status != RoundStatus.OPEN,
    )


async def _post_status(
    uow: UnitOfWork,
    ctx: DialogContext,
    endorsement: Endorsement,
    baseline: Baseline,
    *,
    first: bool = False,
) -> None:
    """The status card to the steering group's channel and the lead: posted, or redrawn."""
    card = status_card(
        ctx.default_language, await status_view(uow, endorsement, baseline), ctx.timezone
    )
    steering = await uow.groups.find(STEERING_GROUP)
    key = f"endorsement:{endorsement.id}:status"
    if steering is not None and steering.conversation_id is not None:
        if first:
            await send_to_conversation(
                uow, key=key, conversation_id=steering.conversation_id, card=card
            )
        else:
            await update_card(
                uow,
                key=f"{key}:{secrets.token_hex(6)}",
                replaces=key,
                conversation_id=steering.conversation_id,
                card=card,
            )
    lead = (
        await uow.people.get(endorsement.opened_by_person_id)
        if endorsement.opened_by_person_id
        else None
    )
    if lead is not None and first:
        await send_to_person(uow, key=f"{key}:lead", person_id=lead.id, card=card)


async def find(uow: UnitOfWork, endorsement_id: int) -> tuple[Endorsement, Baseline]:
    """A round and its baseline; raises `EndorsementError` (404)."""
    endorsement = await uow.endorsements.get(endorsement_id)
    baseline = await uow.baselines.get(endorsement.baseline_id) if endorsement else None
    if endorsement is None or baseline is None:
        raise EndorsementError("not_found", 404, id=endorsement_id)
    return endorsement, baseline


async def answer(
    ctx: DialogContext, request: EndorsementAnswer, *, now: datetime | None = None
) -> tuple[Endorsement, Baseline]:
    """Store a municipality's answer (and redraw the status card); raises `EndorsementError`
    (403 for someone not entitled, 409 when closed) before writing anything."""
    now = now or utcnow()
    problem = answer_problem(request.stance, request.reservation)
    if problem is not None:
        raise EndorsementError(problem)
    async with ctx.db.uow() as uow:
        endorsement, baseline = await find(uow, request.endorsement_id)
        number = request.municipality
        roles = [
            (r.municipality_number, r.person_id, r.role)
            for r in await uow.municipalities.roles_of(request.person)
        ]
        if number not in endorsement.municipalities or not may_answer(
            request.person.id, number, roles
        ):
            raise EndorsementError("not_entitled", 403)
        row = {
            "endorsement_id": endorsement.id,
            "municipality_number": number,
            "person_id": request.person.id,
            "person_name": request.person.name,
            "stance": request.stance,
            "reservation": request.reservation.strip(),
        }
        if not await uow.endorsements.answer(row, now):
            raise EndorsementError("closed", 409, id=endorsement.id)
        await _post_status(uow, ctx, endorsement, baseline)
        await uow.commit()
        return endorsement, baseline


@dataclass(frozen=True, slots=True)
class ClosedEndorsement:
    """What closing produced."""

    endorsement: Endorsement
    view: StatusView
    decision_sequence: int


async def close(
    uow: UnitOfWork, ctx: DialogContext, endorsement: Endorsement, *, by: str, now: datetime
) -> ClosedEndorsement | None:
    """Close in the caller's unit of work: the result to the decision log and the status card
    marked closed; None when it already was closed."""
    if not await uow.endorsements.close(endorsement, by=by, now=now):
        return None
    await uow.timers.cancel_prefix(f"endorsement:{endorsement.id}:reminder")
    await uow.timers.cancel_prefix(f"endorsement:{endorsement.id}:close")
    _, baseline = await find(uow, endorsement.id)
    view = await status_view(uow, endorsement, baseline)
    language = ctx.default_language
    answers = await uow.endorsements.answers(endorsement.id)
    decision = await record_decision(
        uow,
        DecisionDraft(
            kind=DecisionKind.ENDORSEMENT,
            title=text(
                language, "endorsement.decision.title", id=endorsement.id, baseline=baseline.name
            ),
            text=_result_text(language, view),
            group_code=STEERING_GROUP,
            recorded_by=by,
            outcome="noted",
            decided_at=now,
            basis={
                "endorsement": endorsement.id,
                "baseline": baseline.name,
                "fingerprint": baseline.fingerprint,
                "tallies": dict(view.counts),
                "municipalities": {
                    number: (
                        {
                            "stance": a.stance,
                            "by": a.person_name,
                            "at": a.answered_at.isoformat(),
                            "reservation": a.reservation,
                        }
                        if (a := answers.get(number)) is not None
                        else {"stance": NO_ANSWER}
                    )
                    for number in endorsement.municipalities
                },
            },
        ),
    )
    endorsement.decision_sequence = decision.sequence
    await _post_status(uow, ctx, endorsement, baseline)
    return ClosedEndorsement(endorsement, view, decision.sequence)


def _result_text(language: Language, view: StatusView) -> str:
    return text(
        language,
        "endorsement.decision.text",
        baseline=view.baseline,
        endorse=view.counts.get("endorse", 0),
        reservations=view.counts.get("with_reservations", 0),
        against=view.counts.get("not_endorse", 0),
        silent=view.counts.get(NO_ANSWER, 0),
    )


async def close_by_id(ctx: DialogContext, endorsement_id: int, by: str) -> ClosedEndorsement:
    """Close a round now (the lead or the CLI); raises `EndorsementError`."""
    async with ctx.db.uow() as uow:
        endorsement, _ = await find(uow, endorsement_id)
        closed = await close(uow, ctx, endorsement, by=by, now=utcnow())
        if closed is None:
            raise EndorsementError("already_closed", 409, id=endorsement_id)
        await uow.commit()
        return closed
