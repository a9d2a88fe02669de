"""Milestones as the cards show them: the overview of open ones, one milestone, today's date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from cards.milestone_cards import MilestoneView
from cards.reach import Missing
from dialogs.kernel.context import DialogContext
from dialogs.kernel.reachability import missing_of, reach_of
from dialogs.milestones import rules
from storage.models import Milestone, Person, utcnow
from storage.uow import UnitOfWork


async def load_group_codes(uow: UnitOfWork) -> dict[int, str]:
    """Group id -> code."""
    return {group.id: group.code for group in await uow.groups.all()}


def today(ctx: DialogContext, now: datetime | None = None) -> date:
    """The local calendar day of `now` (default: the current time)."""
    return (now or utcnow()).astimezone(ctx.timezone).date()


def view_of(
    milestone: Milestone,
    owner: Person | None,
    codes: dict[int, str],
    on: date,
    *,
    can_manage: bool = False,
    owner_missing: Missing | None = None,
) -> MilestoneView:
    """The card's view of `milestone` on day `on`; `codes` maps group id to code."""
    return MilestoneView(
        id=milestone.id,
        title=milestone.title,
        phase=milestone.phase,
        due_date=milestone.due_date,
        precision=milestone.precision,
        status=milestone.status,
        owner=owner.name if owner is not None else None,
        group=codes.get(milestone.group_id) if milestone.group_id is not None else None,
        overdue=rules.is_overdue(milestone.due_date, milestone.precision, on),
        can_manage=can_manage,
        owner_missing=owner_missing,
    )


async def milestone_view(uow: UnitOfWork, milestone: Milestone, on: date) -> MilestoneView:
    """The view of one milestone, with its owner and group looked up."""
    codes = await load_group_codes(uow)
    owner = await uow.people.get(milestone.owner_id) if milestone.owner_id else None
    return view_of(milestone, owner, codes, on, owner_missing=await owner_missing(uow, owner))


async def owner_missing(uow: UnitOfWork, owner: Person | None) -> Missing | None:
    """The owner, with the reason, when Kravbot cannot reach them; else None."""
    if owner is None:
        return None
    missing = missing_of(await reach_of(uow, [owner]))
    return missing[0] if missing else None


async def milestone_views(
    uow: UnitOfWork, on: date, manager: list[Person] | None = None
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
        view = view_of(milestone, owner, codes, on, can_manage=can)
        if owner is not None:
            missing = missing_of(await reach_of(uow, [owner]))
            view = replace(view, owner_missing=missing[0] if missing else None)
        (overdue if view.overdue else upcoming).append(view)
    return overdue, upcoming
