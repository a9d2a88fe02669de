"""The milestones as an iCalendar feed (for `kravbot milestones ics` and the calendar URL)."""

from __future__ import annotations

from datetime import datetime

from cards.milestone_cards import format_due, status_words
from cards.texts import Language, text
from dialogs.ical import AllDayEvent, calendar
from dialogs.milestone_rules import effective_due
from storage.database import Database


async def milestones_ics(
    db: Database, language: Language, now: datetime, host: str = "kravbot"
) -> str:
    """Every milestone as an all-day event on its (effective) due day; cancelled ones marked so."""
    async with db.uow() as uow:
        milestones = await uow.milestones.all()
        people = {person.id: person.name for person in await uow.people.list()}
    events = []
    for milestone in milestones:
        due = effective_due(milestone.due_date, milestone.precision)
        summary = milestone.title
        if milestone.precision == "month":
            # Known only to the month: shown on its last day, with the month in the title.
            summary = f"{milestone.title} ({format_due(language, milestone.due_date, 'month')})"
        owner = people.get(milestone.owner_id or -1) or text(language, "milestones.no_owner")
        events.append(
            AllDayEvent(
                uid=f"milestone-{milestone.id}@{host}",
                summary=summary,
                start=due,
                last=due,
                description=text(
                    language,
                    "milestones.ics.description",
                    status=status_words(language, milestone.status),
                    owner=owner,
                ),
                categories=(text(language, "milestones.phase", phase=milestone.phase),),
                status="CANCELLED" if milestone.status == "cancelled" else "CONFIRMED",
                modified=milestone.updated_at,
            )
        )
    return calendar(text(language, "milestones.title"), events, now)
