"""The milestone reminder: when its timer fires, check the milestone and enqueue the cards.

Daily overdue reminders are scheduled one at a time: each one that fires schedules the next.
"""

from __future__ import annotations

import logging
from typing import Final

from cards.milestone_cards import reminder_card
from dialogs.kernel.context import DialogContext
from dialogs.kernel.delivery import message_activity
from dialogs.kernel.language import person_language
from dialogs.kernel.registry import FiredTimer
from dialogs.kernel.workdays import within_office_hours, working_days_between
from dialogs.milestones import rules
from dialogs.milestones.service import policy_of, schedule_reminder
from dialogs.milestones.views import load_group_codes, owner_missing, view_of
from storage.models import Milestone
from storage.uow import UnitOfWork
from vocabulary import OPEN_MILESTONE_STATUSES, GroupKind, MilestoneStatus

log = logging.getLogger(__name__)

# Who the history names when a reminder marks a milestone late.
SYSTEM: Final = "Kravbot"


async def on_reminder(uow: UnitOfWork, ctx: DialogContext, timer: FiredTimer) -> None:
    """A milestone reminder fell due: send it unless the milestone changed or closed."""
    args = timer.args
    milestone = await uow.milestones.get(int(args["milestone"]))
    if milestone is None or milestone.status not in OPEN_MILESTONE_STATUSES:
        return
    if (milestone.due_date.isoformat(), milestone.precision) != (args["due"], args["precision"]):
        log.info("stale milestone reminder %s dropped", timer.key)
        return
    kind = str(args["kind"])
    if kind == rules.KIND_OVERDUE:
        await _overdue(uow, milestone, timer, ctx)
    today = timer.now.astimezone(ctx.timezone).date()
    effective = rules.effective_due(milestone.due_date, milestone.precision)
    overdue_days = working_days_between(effective, today) if today > effective else 0
    codes = await load_group_codes(uow)
    owner = await uow.people.get(milestone.owner_id) if milestone.owner_id else None
    missing = await owner_missing(uow, owner)
    view = view_of(milestone, owner, codes, today, owner_missing=missing)
    # A timer fired late (the service was down) waits for office hours rather than wake anyone.
    not_before = within_office_hours(timer.now, ctx.timezone)
    audience = str(args["audience"])
    if audience == rules.OWNER and missing is not None:
        audience = rules.OWNER_AND_GROUP  # the owner cannot be reached: the group is told
    if audience in (rules.OWNER, rules.OWNER_AND_GROUP) and owner is not None and not missing:
        card = reminder_card(person_language(owner, ctx.default_language), view, kind, overdue_days)
        await uow.outbox.enqueue(
            key=f"{timer.key}:owner",
            person_id=owner.id,
            activity=message_activity(card=card),
            not_before=not_before,
        )
    targets = await _conversations(uow, milestone, codes, audience)
    card = reminder_card(ctx.default_language, view, kind, overdue_days)
    suffix = "group" if audience == rules.OWNER_AND_GROUP else "steering"
    for index, conversation_id in enumerate(targets):
        await uow.outbox.enqueue(
            key=f"{timer.key}:{suffix}" + (f":{index}" if index else ""),
            conversation_id=conversation_id,
            activity=message_activity(card=card),
            not_before=not_before,
        )


async def _overdue(
    uow: UnitOfWork, milestone: Milestone, timer: FiredTimer, ctx: DialogContext
) -> None:
    """Mark the milestone late and schedule tomorrow's overdue reminder."""
    if milestone.status != MilestoneStatus.LATE:
        await uow.milestones.set_status(milestone, MilestoneStatus.LATE, "", SYSTEM)
    following = rules.next_overdue(
        milestone.due_date,
        milestone.precision,
        max(timer.due_at, timer.now),
        policy_of(milestone),
        ctx.timezone,
    )
    if following is not None:
        await schedule_reminder(uow, milestone, following)


async def _conversations(
    uow: UnitOfWork, milestone: Milestone, codes: dict[int, str], audience: str
) -> list[str]:
    """The channels a reminder goes to: the milestone's group, or the steering groups."""
    targets: list[str] = []
    if audience == rules.OWNER_AND_GROUP and milestone.group_id is not None:
        group = await uow.groups.get(milestone.group_id)
        if group is not None and group.conversation_id:
            targets.append(group.conversation_id)
    if audience == rules.STEERING:
        for candidate in await uow.groups.of_kind(GroupKind.STEERING):
            if candidate.conversation_id:
                targets.append(candidate.conversation_id)
    return list(dict.fromkeys(targets))
