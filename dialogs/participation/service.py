"""Participation as a service: the overview per municipality, who may see it, and the lead's
nudge to a municipality's contact person (at most one per municipality and ISO week, delivered
inside office hours, and logged)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from cards.participation_cards import ParticipationView, nudge_card
from dialogs.kernel.context import DialogContext
from dialogs.kernel.delivery import message_activity
from dialogs.kernel.errors import WorkflowError
from dialogs.kernel.language import person_language
from dialogs.kernel.workdays import within_office_hours
from dialogs.participation import rules
from storage.models import ParticipationNudge, Person
from storage.participation import Counts
from storage.uow import UnitOfWork
from vocabulary import GroupKind, MunicipalityRole, ParticipationFlag

log = logging.getLogger(__name__)


class ParticipationError(WorkflowError):
    """A refused nudge or view; nothing was sent (`participation.error.<code>`)."""

    area = "participation"


@dataclass(frozen=True, slots=True)
class NudgeMunicipality:
    """The lead asks Kravbot to nudge a municipality's contact person."""

    number: str
    by: str


async def participation_overview(
    uow: UnitOfWork, now: datetime, silent_weeks: int = rules.DEFAULT_SILENT_WEEKS
) -> list[rules.Participation]:
    """Every participating municipality's participation, by name."""
    counts = await uow.participation.counts()
    groups = [g for g in await uow.groups.all() if g.archived_at is None]
    rows: list[rules.Participation] = []
    for municipality in await uow.municipalities.participating():
        cells: list[rules.GroupCounts] = []
        for group in groups:
            found = counts.get((group.id, municipality.number))
            working = group.kind == GroupKind.WORKING
            if found is None and not working:
                continue
            cells.append(_cell(group.code, working, found or Counts()))
        rows.append(
            rules.summarise(municipality.number, municipality.name, cells, now, silent_weeks)
        )
    return sorted(rows, key=lambda row: row.name)


def view_of(row: rules.Participation, ctx: DialogContext) -> ParticipationView:
    """A municipality's participation as the cards show it."""
    return view_in(row, ctx.timezone)


def view_in(row: rules.Participation, zone: ZoneInfo) -> ParticipationView:
    """A municipality's participation as the cards show it, dates in `zone`."""
    last = row.last_activity.astimezone(zone).date() if row.last_activity else None
    return ParticipationView(
        number=row.number,
        name=row.name,
        members=row.members,
        answer_percent=rules.percent(row.answer_share),
        vote_percent=rules.percent(row.vote_share),
        last_activity=last,
        silent=ParticipationFlag.SILENT in row.flags,
        missing_groups=row.missing_groups,
    )


def _cell(code: str, working: bool, counts: Counts) -> rules.GroupCounts:
    return rules.GroupCounts(
        group_code=code,
        working=working,
        members=counts.members,
        answers=counts.answers,
        asked=counts.asked,
        votes=counts.votes,
        electors=counts.electors,
        last_activity=counts.last_activity,
    )


async def may_view(uow: UnitOfWork, people: Sequence[Person]) -> bool:
    """The lead, administrators and the steering group's members may see participation."""
    if any(p.is_admin or p.is_project_lead for p in people):
        return True
    for person in people:
        for group, _ in await uow.groups.groups_of(person):
            if group.kind == GroupKind.STEERING:
                return True
    return False


def may_nudge(people: Sequence[Person]) -> Person | None:
    """The sender as the project lead (or an administrator), who alone may nudge."""
    return next((p for p in people if p.is_project_lead or p.is_admin), None)


async def contact_of(uow: UnitOfWork, number: str) -> Person | None:
    """The municipality's contact person (the role for the whole municipality), or None."""
    for role in await uow.municipalities.roles():
        if (
            role.municipality_number == number
            and role.role == MunicipalityRole.CONTACT
            and role.group_key == 0
        ):
            return await uow.people.get(role.person_id)
    return None


async def nudge_municipality(
    uow: UnitOfWork, ctx: DialogContext, command: NudgeMunicipality, now: datetime
) -> ParticipationNudge:
    """Enqueue a polite 1:1 nudge to the contact person and log it, in the caller's unit.

    Refused (nothing sent) for an unknown or non-participating municipality, one without a
    contact person, or one already nudged this ISO week.
    """
    municipality = await uow.municipalities.find(command.number)
    if municipality is None or not municipality.participating:
        raise ParticipationError("unknown_municipality", 404, value=command.number)
    contact = await contact_of(uow, municipality.number)
    if contact is None:
        raise ParticipationError("no_contact", 409, municipality=municipality.name)
    key = rules.nudge_key(municipality.number, now.astimezone(ctx.timezone).date())
    if await uow.participation.nudge(key) is not None:
        raise ParticipationError("already_nudged", 409, municipality=municipality.name)
    overview = rules.by_number(await participation_overview(uow, now))
    language = person_language(contact, ctx.default_language)
    row = overview.get(municipality.number)
    view = view_of(row, ctx) if row is not None else None
    card = nudge_card(language, municipality.name, command.by, view)
    await uow.outbox.enqueue(
        key=key,
        person_id=contact.id,
        activity=message_activity(card=card),
        not_before=within_office_hours(now, ctx.timezone),
    )
    nudge = ParticipationNudge(
        municipality_number=municipality.number,
        key=key,
        person_id=contact.id,
        sent_by=command.by,
        sent_at=now,
    )
    await uow.participation.log_nudge(nudge)
    log.info("participation nudge %s enqueued", key)
    return nudge
