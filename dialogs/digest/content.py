"""What the weekly digest says and sending it: milestones due soon and overdue, plus the
sections other workflows declare (open review rounds, open polls; `Workflow.digest_sections`).

`send_weekly_digest(ctx, registry, now)` enqueues one message per ISO week (idempotency key
`digest:2024-W38`), so a repeated call or a fail-over never sends it twice, and it sends
nothing when there is nothing to say.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from cards.base import Card
from cards.milestone_cards import DigestSection, MilestoneView, digest_card
from cards.texts import Language
from dialogs.kernel.context import DialogContext
from dialogs.kernel.delivery import send_to_conversation
from dialogs.kernel.registry import Registry, SectionProvider
from dialogs.milestones.rules import effective_due
from dialogs.milestones.views import milestone_views
from storage.uow import UnitOfWork
from vocabulary import GroupKind

HORIZON: Final = timedelta(days=14)


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
    uow: UnitOfWork,
    language: Language,
    now: datetime,
    zone: ZoneInfo,
    sections: Sequence[SectionProvider] = (),
) -> DigestContent:
    """Milestones due in the next 14 days, overdue ones, and each of `sections`."""
    today = now.astimezone(zone).date()
    overdue, upcoming = await milestone_views(uow, today)
    horizon = today + HORIZON
    due_soon = [v for v in upcoming if effective_due(v.due_date, v.precision) <= horizon]
    shown: list[DigestSection] = []
    for provider in sections:
        section = await provider(uow, language, today, zone)
        if section is not None and section.rows:
            shown.append(section)
    return DigestContent(today.isocalendar().week, due_soon, overdue, shown)


def digest_key(now: datetime, zone: ZoneInfo) -> str:
    """One digest per ISO week: `digest:2024-W38`."""
    year, week, _ = now.astimezone(zone).date().isocalendar()
    return f"digest:{year}-W{week:02d}"


async def build_digest(
    uow: UnitOfWork,
    language: Language,
    now: datetime,
    zone: ZoneInfo,
    sections: Sequence[SectionProvider] = (),
) -> Card | None:
    """The digest card, or None when there is nothing to say."""
    content = await digest_content(uow, language, now, zone, sections)
    if content.empty:
        return None
    return digest_card(language, content.week, content.due_soon, content.overdue, content.sections)


async def send_weekly_digest(ctx: DialogContext, registry: Registry, now: datetime) -> bool:
    """Enqueue this week's digest to the project group's conversation; True when enqueued.

    Skipped when the project group has no conversation or there is nothing to say.
    """
    async with ctx.db.uow() as uow:
        # The project group by its kind, whatever its code; the first linked one if several.
        linked = [g for g in await uow.groups.of_kind(GroupKind.PROJECT) if g.conversation_id]
        group = linked[0] if linked else None
        if group is None or not group.conversation_id:
            return False
        card = await build_digest(
            uow, ctx.default_language, now, ctx.timezone, registry.digest_sections
        )
        if card is None:
            return False
        await send_to_conversation(
            uow, key=digest_key(now, ctx.timezone), conversation_id=group.conversation_id, card=card
        )
        await uow.commit()
    return True
