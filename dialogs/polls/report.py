"""The polls' section of the status report: polls open now and polls closed in the period with
the option that won (never how anyone voted)."""

from __future__ import annotations

from cards.dates import format_date, format_datetime
from cards.report_cards import ReportSection
from cards.texts import Language, text
from dialogs.kernel.registry import ReportPeriod
from storage.models import Poll
from storage.uow import UnitOfWork


def _closed(language: Language, poll: Poll, period: ReportPeriod) -> str:
    closed = poll.closed_at or poll.deadline
    day = format_date(language, closed.astimezone(period.zone).date())
    winner = next((o.get("title", "") for o in poll.options if o.get("id") == poll.winner), None)
    if winner:
        return text(language, "report.polls.decided", date=day, option=winner)
    return text(language, "report.polls.undecided", date=day)


async def polls_section(uow: UnitOfWork, language: Language, period: ReportPeriod) -> ReportSection:
    """Each open poll with its deadline, each closed poll with its result."""
    since, until = period.bounds()
    rows: list[tuple[str, str]] = []
    for poll in await uow.reports.polls(since, until):
        if poll.closed_at is not None:
            rows.append((poll.title, _closed(language, poll, period)))
        else:
            deadline = format_datetime(language, poll.deadline, period.zone)
            rows.append((poll.title, text(language, "report.open_row", date=deadline)))
    return ReportSection("polls", text(language, "report.polls.heading"), tuple(rows))
