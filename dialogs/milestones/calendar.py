"""The milestones as an iCalendar feed (for `kravbot milestones ics` and the calendar URL).

A small iCalendar (RFC 5545) writer for the feed that Outlook subscribes to. Milestones are
all-day events (`DTSTART;VALUE=DATE`), so a deadline shows on the right day in every time zone;
the calendar still names Europe/Oslo (VTIMEZONE with its DST rules, and `X-WR-TIMEZONE`) so that
clients show it in Oslo time. Lines end in CRLF and are folded at 75 octets without splitting a
UTF-8 character; TEXT values are escaped (backslash, `;`, `,`, newline).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Final

from cards.milestone_cards import format_due, status_words
from cards.texts import Language, text
from dialogs.milestones.rules import effective_due
from storage.database import Database
from vocabulary import MilestoneStatus, Precision

PRODID: Final = "-//DigiTV//Kravbot//NB"
MAX_OCTETS: Final = 75

# Europe/Oslo as CET/CEST: summer time from the last Sunday of March 02:00 to the last Sunday of
# October 03:00 (EU rules since 1996).
OSLO_VTIMEZONE: Final = (
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Oslo",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


@dataclass(frozen=True, slots=True)
class AllDayEvent:
    """An event over whole days: `start` up to and including `last`."""

    uid: str
    summary: str
    start: date
    last: date
    description: str = ""
    categories: Sequence[str] = ()
    status: str = "CONFIRMED"  # CONFIRMED, TENTATIVE, CANCELLED
    modified: datetime | None = None


def escape_text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 section 3.3.11 says."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets (continuations start with a space)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= MAX_OCTETS:
        return line
    parts: list[str] = []
    current = ""
    size = 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, MAX_OCTETS - 1  # the leading space counts
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _day(day: date) -> str:
    return day.strftime("%Y%m%d")


def write_calendar(name: str, events: Sequence[AllDayEvent], now: datetime) -> str:
    """The whole calendar as text with CRLF line ends."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "X-WR-TIMEZONE:Europe/Oslo",
        # Outlook and Google poll subscribed calendars at least this often.
        "REFRESH-INTERVAL;VALUE=DURATION:PT4H",
        "X-PUBLISHED-TTL:PT4H",
        *OSLO_VTIMEZONE,
    ]
    stamp = _stamp(now)
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape_text(event.uid)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_day(event.start)}",
            # DTEND of an all-day event is exclusive: the day after the last.
            f"DTEND;VALUE=DATE:{_day(event.last + timedelta(days=1))}",
            f"SUMMARY:{escape_text(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.categories:
            lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in event.categories))
        lines.append(f"STATUS:{event.status}")
        lines.append("TRANSP:TRANSPARENT")
        if event.modified is not None:
            lines.append(f"LAST-MODIFIED:{_stamp(event.modified)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


async def milestones_ics(
    db: Database, language: Language, now: datetime, host: str = "kravbot"
) -> str:
    """Every milestone as an all-day event on its (effective) due day; cancelled ones marked so."""
    async with db.read() as uow:
        milestones = await uow.milestones.all()
        people = {person.id: person.name for person in await uow.people.list()}
    events = []
    for milestone in milestones:
        due = effective_due(milestone.due_date, milestone.precision)
        summary = milestone.title
        if milestone.precision == Precision.MONTH:
            # Known only to the month: shown on its last day, with the month in the title.
            month = format_due(language, milestone.due_date, Precision.MONTH)
            summary = f"{milestone.title} ({month})"
        owner = people.get(milestone.owner_id or -1) or text(language, "milestones.no_owner")
        cancelled = milestone.status == MilestoneStatus.CANCELLED
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
                status="CANCELLED" if cancelled else "CONFIRMED",
                modified=milestone.updated_at,
            )
        )
    return write_calendar(text(language, "milestones.title"), events, now)
