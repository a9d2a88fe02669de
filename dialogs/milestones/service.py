"""Milestones as a service: add one, change its date or status, and schedule its reminders.

Reminders are timers keyed `milestone:{id}:{kind}:{day}`. Every change of a milestone's date or
status cancels all its pending timers and schedules the new ones in the same transaction, and
the timer handler checks the milestone again when a timer fires, so a stale reminder is never
sent. The CLI, the timers and the Teams handlers all go through these functions.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

from cards.milestone_cards import format_due
from cards.texts import text
from dialogs.decisions import RECORD_LANGUAGE, DecisionDraft, record_decision
from dialogs.kernel.context import DialogContext
from dialogs.kernel.errors import WorkflowError
from dialogs.milestones import rules
from dialogs.milestones.views import load_group_codes
from storage.models import Decision, Milestone
from storage.uow import UnitOfWork
from vocabulary import (
    OPEN_MILESTONE_STATUSES,
    PROJECT_GROUP,
    DecisionKind,
    MilestoneStatus,
    Precision,
    TimerKind,
)

log = logging.getLogger(__name__)

REMINDER_JOB: Final = TimerKind.MILESTONE_REMINDER
MAX_REASON: Final = 1000
# Longer titles are shortened in the decision's title (the full title stays in its text).
MAX_DECISION_TITLE: Final = 150


class MilestoneError(WorkflowError):
    """A change that cannot be made; nothing was changed (`milestones.error.<code>`)."""

    area = "milestones"


@dataclass(frozen=True, slots=True)
class AddMilestone:
    """A new milestone; `owner_id` and `group_id` are already resolved."""

    title: str
    phase: int
    due: date
    precision: Precision
    owner_id: int | None
    group_id: int | None
    by: str
    status: MilestoneStatus = MilestoneStatus.PLANNED


@dataclass(frozen=True, slots=True)
class ChangeMilestone:
    """A change of a milestone: a new date, precision and/or status, with the reason for it.

    `None` keeps what the milestone has. `precision` and `status` are checked by the service,
    since they come from cards and files as text.
    """

    by: str
    due: date | None = None
    precision: str | None = None
    status: str | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ChangeOutcome:
    """What a change did: whether anything changed, and the decision recorded if any."""

    changed: bool
    decision: Decision | None


def policy_of(milestone: Milestone) -> rules.ReminderPolicy:
    """The milestone's reminder policy; a broken stored policy falls back to the default."""
    try:
        return rules.ReminderPolicy.from_json(milestone.policy)
    except rules.PolicyError:
        log.warning("milestone %s has an unusable policy; using the default", milestone.id)
        return rules.DEFAULT_POLICY


async def add_milestone(
    uow: UnitOfWork, ctx: DialogContext, command: AddMilestone, now: datetime
) -> Milestone:
    """Add a milestone and schedule its reminders in the caller's unit of work."""
    due = command.due.replace(day=1) if command.precision == Precision.MONTH else command.due
    milestone = await uow.milestones.add(
        title=command.title,
        phase=command.phase,
        due_date=due,
        precision=command.precision,
        owner_id=command.owner_id,
        group_id=command.group_id,
        status=command.status,
        changed_by=command.by,
    )
    await schedule_reminders(uow, milestone, now, ctx)
    return milestone


async def schedule_reminders(
    uow: UnitOfWork, milestone: Milestone, now: datetime, ctx: DialogContext
) -> int:
    """Cancel the milestone's pending reminders and schedule the current ones; returns how many.

    Call it in the transaction that creates or changes the milestone.
    """
    await uow.timers.cancel_prefix(rules.milestone_key_prefix(milestone.id))
    if milestone.status not in OPEN_MILESTONE_STATUSES:
        return 0
    planned = rules.schedule(
        milestone.due_date, milestone.precision, now, policy_of(milestone), ctx.timezone
    )
    for reminder in planned:
        await schedule_reminder(uow, milestone, reminder)
    return len(planned)


async def schedule_reminder(
    uow: UnitOfWork, milestone: Milestone, reminder: rules.Reminder
) -> None:
    """Schedule one reminder of `milestone` as a timer."""
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
class _Target:
    due: date
    precision: Precision
    status: MilestoneStatus
    reason: str
    moved: bool
    cancelled: bool


def _checked(milestone: Milestone, command: ChangeMilestone) -> _Target:
    """The change asked for, or `MilestoneError` before anything is changed."""
    reason = command.reason.strip()
    status = command.status or milestone.status
    precision = command.precision or milestone.precision
    if status not in tuple(MilestoneStatus):
        raise MilestoneError("status")
    if precision not in tuple(Precision):
        raise MilestoneError("precision")
    due = command.due or milestone.due_date
    if precision == Precision.MONTH:
        due = due.replace(day=1)
    moved = (due, precision) != (milestone.due_date, milestone.precision)
    cancelled = status == MilestoneStatus.CANCELLED and milestone.status != status
    if (moved or cancelled) and not reason:
        raise MilestoneError("reason_missing")
    if len(reason) > MAX_REASON:
        raise MilestoneError("reason_long", limit=MAX_REASON)
    return _Target(due, Precision(precision), MilestoneStatus(status), reason, moved, cancelled)


async def change_milestone(
    uow: UnitOfWork,
    ctx: DialogContext,
    milestone: Milestone,
    command: ChangeMilestone,
    now: datetime,
) -> ChangeOutcome:
    """Move the date and/or change the status, keep history, reschedule, and log a moved date
    or a cancellation to the decision log, all in the caller's unit of work (the caller commits).

    Raises `MilestoneError` (reason missing or too long, bad status or precision) before
    anything is changed.
    """
    target = _checked(milestone, command)
    old_due = format_due(RECORD_LANGUAGE, milestone.due_date, milestone.precision)
    changed = False
    if target.moved:
        changed |= await uow.milestones.move(
            milestone, target.due, target.precision, target.reason, command.by
        )
    if target.status != milestone.status:
        changed |= await uow.milestones.set_status(
            milestone, target.status, target.reason, command.by
        )
    if not changed:
        return ChangeOutcome(False, None)
    decision: Decision | None = None
    if target.moved or target.cancelled:
        codes = await load_group_codes(uow)
        # Logged under the milestone's group, or the project group's when it has none.
        draft = _decision_draft(
            milestone,
            group_code=codes.get(milestone.group_id or -1, PROJECT_GROUP),
            old_due=old_due,
            moved=target.moved,
            reason=target.reason,
            by=command.by,
            now=now,
        )
        decision = await record_decision(uow, draft)
    await schedule_reminders(uow, milestone, now, ctx)
    return ChangeOutcome(True, decision)


def _decision_draft(
    milestone: Milestone,
    *,
    group_code: str,
    old_due: str,
    moved: bool,
    reason: str,
    by: str,
    now: datetime,
) -> DecisionDraft:
    language = RECORD_LANGUAGE
    new_due = format_due(language, milestone.due_date, milestone.precision)
    short = milestone.title
    if len(short) > MAX_DECISION_TITLE:
        short = short[: MAX_DECISION_TITLE - 1] + "…"
    values: dict[str, Any] = {"title": milestone.title, "reason": reason}
    if milestone.status == MilestoneStatus.CANCELLED:
        title = text(language, "milestones.decision.cancelled_title", title=short)
        body = text(language, "milestones.decision.cancelled_text", due=new_due, **values)
        outcome = "cancelled"
    else:
        title = text(language, "milestones.decision.moved_title", title=short)
        body = text(language, "milestones.decision.moved_text", old=old_due, new=new_due, **values)
        outcome = "moved"
    return DecisionDraft(
        kind=DecisionKind.MILESTONE,
        title=title,
        text=body,
        group_code=group_code,
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
