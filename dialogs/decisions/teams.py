"""The decision log in Teams: the latest decisions, one in full, and the lead's entry form."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time
from typing import Final

from cards.dates import format_date
from cards.decision_cards import (
    DecisionView,
    decision_card,
    decision_form_card,
    decisions_list_card,
)
from cards.texts import text
from dialogs.decisions.rules import (
    PROJECT_START,
    Reader,
    decided_on,
    may_read_decision,
    readable_groups,
)
from dialogs.decisions.service import DecisionDraft, DecisionError, check_draft, record_decision
from dialogs.kernel.access import sender_lead, sender_people
from dialogs.kernel.context import DialogContext
from dialogs.kernel.fields import parse_number, text_field
from dialogs.kernel.turns import CardResult, Message, TurnInput
from storage.models import Decision, utcnow
from storage.uow import UnitOfWork
from vocabulary import DecisionKind

FORM_FIELDS: Final = ("title", "text", "group", "basis", "decided_on")

LATEST: Final = 10


def view_of(
    decision: Decision, groups: dict[str, str], corrected_by: Sequence[int] = ()
) -> DecisionView:
    """The card's view of a stored decision; `groups` maps code to `CODE – Name`."""
    return DecisionView(
        sequence=decision.sequence,
        case_ref=decision.case_ref,
        kind=decision.kind,
        title=decision.title,
        text=decision.text,
        outcome=decision.outcome,
        basis=decision.basis,
        group=groups.get(decision.group_code, decision.group_code),
        decided_at=decision.decided_at,
        recorded_by=decision.recorded_by,
        status=decision.status,
        corrects=decision.corrects,
        hash=decision.hash,
        corrected_by=tuple(corrected_by),
    )


def local_today(ctx: DialogContext) -> date:
    """Today in the project's time zone."""
    return utcnow().astimezone(ctx.timezone).date()


def decided_at(day: date | None, ctx: DialogContext) -> datetime | None:
    """A past day's decision at noon, local time; today's (or none given) at this moment."""
    if day is None or day == local_today(ctx):
        return None
    return datetime.combine(day, time(12, 0), tzinfo=ctx.timezone).astimezone(UTC)


async def group_labels(uow: UnitOfWork) -> dict[str, str]:
    """Group code -> `CODE – Name`."""
    return {group.code: f"{group.code} – {group.name}" for group in await uow.groups.all()}


async def reader_of(uow: UnitOfWork, turn: TurnInput) -> Reader:
    """The sender as a reader of decisions: their groups and whether they lead the project."""
    people = await sender_people(uow, turn)
    groups = [
        (group.code, group.kind)
        for person in people
        for group, _ in await uow.groups.groups_of(person)
    ]
    return Reader(frozenset(groups), lead=any(p.is_project_lead or p.is_admin for p in people))


async def list_decisions(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """`beslutninger`: the ten latest decisions the sender may read."""
    async with ctx.db.uow() as uow:
        labels = await group_labels(uow)
        readable = readable_groups(await reader_of(uow, turn), frozenset(labels))
        latest = await uow.decisions.latest(LATEST, readable)
    views = [view_of(decision, labels) for decision in latest]
    return [Message(card=decisions_list_card(turn.language, views, ctx.timezone))]


async def show_decision(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """`beslutning 12`: one decision in full."""
    sequence = parse_number(argument)
    if sequence is None:
        return [Message(text=text(turn.language, "decisions.show.usage"))]
    async with ctx.db.uow() as uow:
        decision = await uow.decisions.get(sequence)
        # A decision the sender may not read is answered as one that does not exist.
        if decision is None or not may_read_decision(
            decision.group_code, await reader_of(uow, turn)
        ):
            return [Message(text=text(turn.language, "decisions.not_found", sequence=sequence))]
        view = view_of(
            decision, await group_labels(uow), await uow.decisions.corrections_of(sequence)
        )
        checkpoint = await uow.decisions.latest_checkpoint()
    view = replace(view, checkpoint_size=0 if checkpoint is None else checkpoint.size)
    return [Message(card=decision_card(turn.language, view, ctx.timezone))]


async def new_decision(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """`ny beslutning`: the entry form (project lead and administrators)."""
    async with ctx.db.uow() as uow:
        if await sender_lead(uow, turn) is None:
            return [Message(text=text(turn.language, "decisions.new.not_allowed"))]
        choices = sorted((await group_labels(uow)).items())
    if not choices:
        return [Message(text=text(turn.language, "decisions.new.no_groups"))]
    return [Message(card=decision_form_card(turn.language, choices))]


async def save_decision(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`decision-save`: record the form's decision, or show the form again with what is wrong."""
    language = turn.language
    values = {name: text_field(turn.data, name, strip=False) for name in FORM_FIELDS}
    async with ctx.db.uow() as uow:
        lead = await sender_lead(uow, turn)
        if lead is None:
            return CardResult(message=text(language, "decisions.new.not_allowed"), status=403)
        labels = await group_labels(uow)
        basis = values["basis"].strip()
        day, day_ok = decided_on(values["decided_on"], local_today(ctx))
        draft = DecisionDraft(
            kind=DecisionKind.MANUAL,
            title=values["title"],
            text=values["text"],
            group_code=values["group"],
            recorded_by=lead.name,
            basis={"note": basis} if basis else {},
            decided_at=decided_at(day, ctx),
        )
        problems = check_draft(draft)
        if not day_ok:
            start = format_date(language, PROJECT_START)
            problems.append(DecisionError.problem("decided_on", start=start))
        if values["group"].strip().upper() not in labels:
            problems.append(DecisionError.problem("group", group=values["group"]))
        if not problems:
            try:
                decision = await record_decision(uow, draft)
            except DecisionError as exc:
                problems.extend(exc.problems)
            else:
                await uow.commit()
                view = view_of(decision, labels)
                return CardResult(card=decision_card(language, view, ctx.timezone, saved=True))
    messages = [problem.message(language) for problem in problems]
    form = decision_form_card(language, sorted(labels.items()), values=values, problems=messages)
    return CardResult(card=form)
