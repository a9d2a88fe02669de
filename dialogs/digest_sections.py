"""Digest section of the polls: open polls with their deadlines (the polls workflow declares it)."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from cards.dates import format_datetime
from cards.milestone_cards import DigestSection
from cards.texts import Language, text
from storage.uow import UnitOfWork


async def open_polls(
    uow: UnitOfWork, language: Language, today: date, zone: ZoneInfo
) -> DigestSection | None:
    """Each open poll with its deadline."""
    rows = [
        (
            poll.title,
            text(
                language, "digest.poll_row", deadline=format_datetime(language, poll.deadline, zone)
            ),
        )
        for poll in await uow.polls.open_polls()
    ]
    return DigestSection(text(language, "digest.polls"), rows) if rows else None
