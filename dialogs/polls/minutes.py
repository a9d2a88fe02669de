"""The minutes of a poll: the tallies, the result, and who voted what unless it was anonymous."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from cards.poll_cards import minutes_csv, minutes_markdown
from cards.texts import Language
from dialogs.polls.service import PollError, result_of
from dialogs.polls.views import localized_votes, view_of
from storage.database import Database
from vocabulary import RoundStatus


async def export_minutes(
    db: Database, poll_id: int, fmt: str, *, language: Language, zone: ZoneInfo
) -> str:
    """The minutes of a poll as `md` or `csv`; raises PollError("unknown_poll")."""
    async with db.uow() as uow:
        poll = await uow.polls.get(poll_id)
        if poll is None:
            raise PollError("unknown_poll")
        view = await view_of(uow, poll, tallies=True)
        result = (
            localized_votes(language, await result_of(uow, poll), poll)
            if poll.status == RoundStatus.CLOSED
            else None
        )
    if fmt == "csv":
        return minutes_csv(language, result, view)
    return minutes_markdown(
        language, result, view, opened=poll.created_at, created_by=poll.created_by_name, zone=zone
    )
