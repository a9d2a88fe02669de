"""Milestones: the Teams overview and change form, reminders as timers, changes in the log.

Reminders are timers keyed `milestone:{id}:{kind}:{day}`. Every change of a milestone's date or
status cancels all its pending timers and schedules the new ones in the same transaction, and
the handler checks the milestone again when a timer fires, so a stale reminder is never sent.
Daily overdue reminders are scheduled one at a time: each one that fires schedules the next.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Final

from cards.milestone_cards import (
    DONE_VERB,
    EDIT_VERB,
    PRECISIONS,
    SAVE_VERB,
    STATUSES,
    MilestoneView,
    format_due,
    milestone_form_card,
    milestones_card,
    reminder_card,
)
from cards.texts import Language, language_for, text
from dialogs import milestone_rules as rules
from dialogs.decisions import DecisionDraft, record_decision
from dialogs.kernel.access import sender_people
from dialogs.kernel.context import DialogContext
from dialogs.kernel.delivery import message_activity
from dialogs.kernel.registry import FiredTimer, Workflow
from dialogs.kernel.turns import CardResult, Message, TurnInput
from dialogs.kernel.workdays import within_office_hours, working_days_between
from storage.milestones import OPEN_STATUSES
from storage.models import Decision, Milestone, Person, utcnow
from storage.uow import UnitOfWork
from vocabulary import TimerKind

log = logging.getLogger(__name__)

REMINDER_JOB: Final = TimerKind.MILESTONE_REMINDER
MAX_REASON: Final = 1000
SYSTEM: Final = "Kravbot"


class MilestoneError(ValueError):
    """A change that cannot be made; `code` names the text (`milestones.error.<code>`)."""

    def __init__(self, code: str, **values: object) -> None:
        super().__init__(code)
        self.code = code
        self.values = values


def policy_of(milestone: Milestone) -> rules.ReminderPolicy:
    """The milestone's reminder policy; a broken stored policy falls back to the default."""
    try:
        return rules.ReminderPolicy.from_json(milestone.policy)
    except rules.PolicyError:
        log.warning("milestone %s has an unusable policy; using the default", milestone.id)
        return rules.DEFAULT_POLICY


async def schedule_reminders(
    uow: UnitOfWork, milestone: Milestone, now: datetime, ctx: DialogContext
) -> int:
    """Cancel the milestone's pending reminders and schedule the current ones; returns how many.

    Call it in the transaction that creates or changes the milestone.
    """
    await uow.timers.cancel_prefix(rules.milestone_key_prefix(milestone.id))
    if milestone.status not in OPEN_STATUSES:
        return 0
    planned = rules.schedule(
        milestone.due_date, milestone.precision, now, policy_of(milestone), ctx.timezone
    )
    for reminder in planned:
        await _schedule(uow, milestone, reminder)
    return len(planned)


async def _schedule(uow: UnitOfWork, milestone: Milestone, reminder: rules.Reminder) -> None:
    await uow.timers.schedule(
        reminder.key(milestone.id),
        REMINDER_JOB,
        reminder.at,
        {
            "milestone": milestone.id,
            "kind": reminder.kind,
            "audience": reminder.audience,
            "day": reminder.day.isoformat(),
            # What the reminder was computed from: if the milestone differs when it fires, the
            # reminder is stale and dropped (a second guard besides the cancellation).
            "due": milestone.due_date.isoformat(),
            "precision": milestone.precision,
        },
    )


@dataclass(frozen=True, slots=True)
class ChangeOutcome:
    """What a change did: whether anything changed, and the decision recorded if any."""

    changed: bool
    decision: Decision | None


async def change_milestone(
    uow: UnitOfWork,
    ctx: DialogContext,
    milestone: Milestone,
    *,
    by: str,
    now: datetime,
    due: date | None = None,
    precision: str | None = None,
    status: str | None = None,
    reason: str = "",
) -> ChangeOutcome:
    """Move the date and/or change the status, keep history, reschedule, and log to the decision
    log a moved date or a cancellation, all in the caller's unit of work (the caller commits).

    Raises `MilestoneError` (reason missing, bad status or precision).
    """
    reason = reason.strip()
    new_due = due or milestone.due_date
    new_precision = precision or milestone.precision
    new_status = status or milestone.status
    if new_status not in STATUSES:
        raise MilestoneError("status")
    if new_precision not in PRECISIONS:
        raise MilestoneError("precision")
    if new_precision == "month":
        new_due = new_due.replace(day=1)
    moved = (new_due, new_precision) != (milestone.due_date, milestone.precision)
    cancelled = new_status == "cancelled" and milestone.status != "cancelled"
    if (moved or cancelled) and not reason:
        raise MilestoneError("reason_missing")
    if len(reason) > MAX_REASON:
        raise MilestoneError("reason_long", limit=MAX_REASON)
    language = ctx.default_language
    old_due_text = format_due(language, milestone.due_date, milestone.precision)
    changed = False
    if moved:
        changed |= await uow.milestones.move(milestone, new_due, new_precision, reason, by)
    if new_status != milestone.status:
        changed |= await uow.milestones.set_status(milestone, new_status, reason, by)
    if not changed:
        return ChangeOutcome(False, None)
    decision: Decision | None = None
    if moved or cancelled:
        codes = await load_group_codes(uow)
        # Logged under the milestone's group, or the project group's when it has none.
        group_code = codes.get(milestone.group_id, "PRO") if milestone.group_id else "PRO"
        draft = _decision_draft(language, milestone, old_due_text, moved, reason, by, now)
        decision = await record_decision(uow, replace(draft, group_code=group_code))
    await schedule_reminders(uow, milestone, now, ctx)
    return ChangeOutcome(True, decision)


def _decision_draft(
    language: Language,
    milestone: Milestone,
    old_due: str,
    moved: bool,
    reason: str,
    by: str,
    now: datetime,
) -> DecisionDraft:
    new_due = format_due(language, milestone.due_date, milestone.precision)
    short = milestone.title if len(milestone.title) <= 150 else milestone.title[:149] + "…"
    if milestone.status == "cancelled":
        title = text(language, "milestones.decision.cancelled_title", title=short)
        body = text(
            language,
            "milestones.decision.cancelled_text",
            title=milestone.title,
            due=new_due,
            reason=reason,
        )
        outcome = "cancelled"
    else:
        title = text(language, "milestones.decision.moved_title", title=short)
        body = text(
            language,
            "milestones.decision.moved_text",
            title=milestone.title,
            old=old_due,
            new=new_due,
            reason=reason,
        )
        outcome = "moved"
    return DecisionDraft(
        kind="milestone",
        title=title,
        text=body,
        group_code="PRO",
        recorded_by=by,
        outcome=outcome,
        basis={
            "milestone": milestone.id,
            "due": milestone.due_date.isoformat(),
            "precision": milestone.precision,
            "status": milestone.status,
            "moved": moved,
            "note": reason,
        },
        decided_at=now,
    )


async def load_group_codes(uow: UnitOfWork) -> dict[int, str]:
    """Group id -> code."""
    return {group.id: group.code for group in await uow.groups.all()}


# -- Reminders firing.


async def _on_reminder(uow: UnitOfWork, ctx: DialogContext, timer: FiredTimer) -> None:
    args = timer.args
    milestone = await uow.milestones.get(int(args["milestone"]))
    if milestone is None or milestone.status not in OPEN_STATUSES:
        return
    if (milestone.due_date.isoformat(), milestone.precision) != (args["due"], args["precision"]):
        log.info("stale milestone reminder %s dropped", timer.key)
        return
    kind = str(args["kind"])
    zone = ctx.timezone
    today = timer.now.astimezone(zone).date()
    effective = rules.effective_due(milestone.due_date, milestone.precision)
    overdue_days = working_days_between(effective, today) if today > effective else 0
    if kind == rules.KIND_OVERDUE:
        if milestone.status != "late":
            await uow.milestones.set_status(milestone, "late", "", SYSTEM)
        following = rules.next_overdue(
            milestone.due_date,
            milestone.precision,
            max(timer.due_at, timer.now),
            policy_of(milestone),
            zone,
        )
        if following is not None:
            await _schedule(uow, milestone, following)
    # A timer fired late (the service was down) waits for office hours rather than wake anyone.
    not_before = within_office_hours(timer.now, zone)
    codes = await load_group_codes(uow)
    owner = await uow.people.get(milestone.owner_id) if milestone.owner_id else None
    group = await uow.groups.by_code(codes[milestone.group_id]) if milestone.group_id else None

    def view(language: Language) -> MilestoneView:
        return _view(milestone, owner, codes, today)

    audience = str(args["audience"])
    if audience in (rules.OWNER, rules.OWNER_AND_GROUP) and owner is not None:
        language = _language(owner, ctx)
        card = reminder_card(language, view(language), kind, overdue_days)
        await uow.outbox.enqueue(
            key=f"{timer.key}:owner",
            person_id=owner.id,
            activity=message_activity(card=card),
            not_before=not_before,
        )
    targets: list[str] = []
    if audience == rules.OWNER_AND_GROUP and group is not None and group.conversation_id:
        targets.append(group.conversation_id)
    if audience == rules.STEERING:
        for candidate in await uow.groups.all():
            if candidate.kind == "steering" and candidate.conversation_id:
                targets.append(candidate.conversation_id)
    for index, conversation_id in enumerate(dict.fromkeys(targets)):
        language = ctx.default_language
        card = reminder_card(language, view(language), kind, overdue_days)
        suffix = "group" if audience == rules.OWNER_AND_GROUP else "steering"
        await uow.outbox.enqueue(
            key=f"{timer.key}:{suffix}" + (f":{index}" if index else ""),
            conversation_id=conversation_id,
            activity=message_activity(card=card),
            not_before=not_before,
        )


def _language(person: Person, ctx: DialogContext) -> Language:
    return language_for(person.language) if person.language else ctx.default_language


def _view(
    milestone: Milestone,
    owner: Person | None,
    codes: dict[int, str],
    today: date,
    *,
    can_manage: bool = False,
) -> MilestoneView:
    return MilestoneView(
        id=milestone.id,
        title=milestone.title,
        phase=milestone.phase,
        due_date=milestone.due_date,
        precision=milestone.precision,
        status=milestone.status,
        owner=owner.name if owner is not None else None,
        group=codes.get(milestone.group_id) if milestone.group_id is not None else None,
        overdue=rules.is_overdue(milestone.due_date, milestone.precision, today),
        can_manage=can_manage,
    )


async def milestone_views(
    uow: UnitOfWork, today: date, manager: list[Person] | None = None
) -> tuple[list[MilestoneView], list[MilestoneView]]:
    """(overdue, upcoming) open milestones; `manager` are the reader's people rows."""
    codes = await load_group_codes(uow)
    people = {person.id: person for person in await uow.people.list()}
    manager = manager or []
    is_lead = any(p.is_admin or p.is_project_lead for p in manager)
    own = {p.id for p in manager}
    overdue: list[MilestoneView] = []
    upcoming: list[MilestoneView] = []
    for milestone in await uow.milestones.open():
        owner = people.get(milestone.owner_id) if milestone.owner_id is not None else None
        can = is_lead or (milestone.owner_id is not None and milestone.owner_id in own)
        view = _view(milestone, owner, codes, today, can_manage=can)
        (overdue if view.overdue else upcoming).append(view)
    return overdue, upcoming


# -- Teams: the overview, mark done, the change form.


def _today(ctx: DialogContext, now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(ctx.timezone).date()


async def list_milestones(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """`milepæler`: overdue and upcoming milestones; buttons on those the reader may change."""
    async with ctx.db.uow() as uow:
        overdue, upcoming = await milestone_views(uow, _today(ctx), await sender_people(uow, turn))
    return [Message(card=milestones_card(turn.language, overdue, upcoming))]


def _milestone_id(data: dict[str, Any]) -> int | None:
    raw = data.get("milestone")
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.isdigit() and len(raw) < 10:
        return int(raw)
    return None


async def _allowed(uow: UnitOfWork, turn: TurnInput, milestone: Milestone) -> Person | None:
    for person in await sender_people(uow, turn):
        if person.is_admin or person.is_project_lead or person.id == milestone.owner_id:
            return person
    return None


async def _load(
    uow: UnitOfWork, turn: TurnInput
) -> tuple[Milestone | None, Person | None, CardResult | None]:
    milestone_id = _milestone_id(turn.data)
    milestone = await uow.milestones.get(milestone_id) if milestone_id is not None else None
    if milestone is None:
        return (
            None,
            None,
            CardResult(message=text(turn.language, "milestones.not_found"), status=404),
        )
    person = await _allowed(uow, turn, milestone)
    if person is None:
        return (
            None,
            None,
            CardResult(message=text(turn.language, "milestones.not_allowed"), status=403),
        )
    return milestone, person, None


async def mark_done(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`milestone-done`: mark the milestone done (cancels its reminders); the list again."""
    now = utcnow()
    async with ctx.db.uow() as uow:
        milestone, person, refused = await _load(uow, turn)
        if refused is not None or milestone is None or person is None:
            return refused or CardResult(status=400)
        await change_milestone(uow, ctx, milestone, by=person.name, now=now, status="done")
        await uow.commit()
        overdue, upcoming = await milestone_views(uow, _today(ctx, now), [person])
    notice = text(turn.language, "milestones.saved")
    return CardResult(card=milestones_card(turn.language, overdue, upcoming, notice=notice))


async def edit_form(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`milestone-edit`: the change form for one milestone."""
    async with ctx.db.uow() as uow:
        milestone, _person, refused = await _load(uow, turn)
        if refused is not None or milestone is None:
            return refused or CardResult(status=400)
        codes = await load_group_codes(uow)
        owner = await uow.people.get(milestone.owner_id) if milestone.owner_id else None
        view = _view(milestone, owner, codes, _today(ctx))
    return CardResult(card=milestone_form_card(turn.language, view))


def _field(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    return value.strip() if isinstance(value, str) else ""


async def save_change(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`milestone-save`: apply the form, or show it again with what is wrong."""
    language = turn.language
    now = utcnow()
    values = {name: _field(turn.data, name) for name in ("due", "precision", "status", "reason")}
    async with ctx.db.uow() as uow:
        milestone, person, refused = await _load(uow, turn)
        if refused is not None or milestone is None or person is None:
            return refused or CardResult(status=400)
        problems: list[str] = []
        due: date | None = None
        try:
            due = date.fromisoformat(values["due"])
        except ValueError:
            problems.append(text(language, "milestones.error.date_invalid"))
        if not problems:
            try:
                outcome = await change_milestone(
                    uow,
                    ctx,
                    milestone,
                    by=person.name,
                    now=now,
                    due=due,
                    precision=values["precision"] or None,
                    status=values["status"] or None,
                    reason=values["reason"],
                )
            except MilestoneError as exc:
                problems.append(text(language, f"milestones.error.{exc.code}", **exc.values))
            else:
                if not outcome.changed:
                    problems.append(text(language, "milestones.error.nothing"))
                else:
                    await uow.commit()
                    overdue, upcoming = await milestone_views(uow, _today(ctx, now), [person])
                    decision = outcome.decision
                    notice = (
                        text(language, "milestones.saved_logged", sequence=decision.sequence)
                        if decision is not None
                        else text(language, "milestones.saved")
                    )
                    return CardResult(
                        card=milestones_card(language, overdue, upcoming, notice=notice)
                    )
        # Rolling back expires every loaded object: keep the id before it goes.
        milestone_id = milestone.id
        await uow.session.rollback()
        fresh = await uow.milestones.get(milestone_id)
        assert fresh is not None
        codes = await load_group_codes(uow)
        owner = await uow.people.get(fresh.owner_id) if fresh.owner_id else None
        view = _view(fresh, owner, codes, _today(ctx, now))
    return CardResult(card=milestone_form_card(language, view, values=values, problems=problems))


WORKFLOW: Final = Workflow(
    "milestones",
    commands={"milestones": list_milestones},
    card_verbs={DONE_VERB: mark_done, EDIT_VERB: edit_form, SAVE_VERB: save_change},
    timers={REMINDER_JOB: _on_reminder},
)
