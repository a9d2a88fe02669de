"""The weekly digest to the project group: milestones due soon and overdue, plus plugged-in
sections (open review rounds, open polls) that other features register in `DIGEST_SECTIONS`.

`send_weekly_digest(ctx, now)` is what the scheduler calls (by default Mondays 08:30 Oslo time,
`KRAVBOT_DIGEST_CRON`). It enqueues one message per ISO week (idempotency key `digest:2024-W38`),
so a repeated call or a fail-over never sends it twice, and it sends nothing when there is
nothing to say.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from cards.base import Card
from cards.milestone_cards import DigestSection, MilestoneView, digest_card
from cards.texts import Language
from dialogs.context import DialogContext
from dialogs.delivery import send_to_conversation
from dialogs.milestone_rules import effective_due
from dialogs.milestones import milestone_views
from dialogs.workdays import local_time
from storage.uow import UnitOfWork

DEFAULT_CRON: Final = "mon 08:30"
HORIZON: Final = timedelta(days=14)
PROJECT_GROUP: Final = "PRO"
_DAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CRON = re.compile(r"^\s*(mon|tue|wed|thu|fri|sat|sun)\s+([01]?\d|2[0-3]):([0-5]\d)\s*$")


@dataclass(frozen=True, slots=True)
class DigestSchedule:
    """When the digest goes out: a weekday (0 = Monday) at a local time."""

    weekday: int
    at: time


def parse_cron(spec: str) -> DigestSchedule:
    """`mon 08:30` -> Monday 08:30. Raises ValueError for anything else."""
    match = _CRON.match(spec.lower())
    if match is None:
        raise ValueError(f"expected a weekday and a time like 'mon 08:30', not {spec!r}")
    return DigestSchedule(_DAYS.index(match[1]), time(int(match[2]), int(match[3])))


def next_digest_at(after: datetime, schedule: DigestSchedule, zone: ZoneInfo) -> datetime:
    """The first digest time strictly after `after` (UTC), in wall-clock time of `zone`."""
    day = after.astimezone(zone).date()
    while True:
        if day.weekday() == schedule.weekday:
            moment = local_time(day, schedule.at, zone)
            if moment > after:
                return moment
        day += timedelta(days=1)


# A section provider: given the unit of work, the language, and the local date, a section or
# None. Review rounds and polls add theirs here (see the module docstring).
SectionProvider = Callable[[UnitOfWork, Language, date, ZoneInfo], Awaitable[DigestSection | None]]
DIGEST_SECTIONS: list[SectionProvider] = []


def digest_section(provider: SectionProvider) -> SectionProvider:
    """Register a digest section provider (idempotent)."""
    if provider not in DIGEST_SECTIONS:
        DIGEST_SECTIONS.append(provider)
    return provider


@dataclass(frozen=True, slots=True)
class DigestContent:
    """What the digest says, before it becomes a card."""

    week: int
    due_soon: list[MilestoneView]
    overdue: list[MilestoneView]
    sections: list[DigestSection]

    @property
    def empty(self) -> bool:
        """Nothing to say: no milestone due soon or overdue, and no section with rows."""
        return not (self.due_soon or self.overdue or any(s.rows for s in self.sections))


async def digest_content(
    uow: UnitOfWork, language: Language, now: datetime, zone: ZoneInfo
) -> DigestContent:
    """Milestones due in the next 14 days, overdue ones, and every registered section."""
    today = now.astimezone(zone).date()
    overdue, upcoming = await milestone_views(uow, today)
    horizon = today + HORIZON
    due_soon = [v for v in upcoming if effective_due(v.due_date, v.precision) <= horizon]
    sections: list[DigestSection] = []
    for provider in DIGEST_SECTIONS:
        section = await provider(uow, language, today, zone)
        if section is not None and section.rows:
            sections.append(section)
    return DigestContent(today.isocalendar().week, due_soon, overdue, sections)


def digest_key(now: datetime, zone: ZoneInfo) -> str:
    """One digest per ISO week: `digest:2024-W38`."""
    year, week, _ = now.astimezone(zone).date().isocalendar()
    return f"digest:{year}-W{week:02d}"


async def build_digest(
    uow: UnitOfWork, language: Language, now: datetime, zone: ZoneInfo
) -> Card | None:
    """The digest card, or None when there is nothing to say."""
    content = await digest_content(uow, language, now, zone)
    if content.empty:
        return None
    return digest_card(language, content.week, content.due_soon, content.overdue, content.sections)


async def send_weekly_digest(ctx: DialogContext, now: datetime) -> bool:
    """Enqueue this week's digest to the project group's conversation; True when enqueued.

    Skipped when the project group has no conversation or there is nothing to say.
    """
    async with ctx.db.uow() as uow:
        group = await uow.groups.by_code(PROJECT_GROUP)
        if group is None or not group.conversation_id:
            return False
        card = await build_digest(uow, ctx.default_language, now, ctx.timezone)
        if card is None:
            return False
        await send_to_conversation(
            uow, key=digest_key(now, ctx.timezone), conversation_id=group.conversation_id, card=card
        )
        await uow.commit()
    return True


# The review and poll sections register themselves; importing them here (not in whichever
# module happens to run the digest) means every caller of `digest_content` gets them.
from dialogs import digest_sections  # noqa: E402, F401
