"""The review rounds' section of the status report: rounds open now and rounds closed in the
period, each named by its group and size."""

from __future__ import annotations

from cards.dates import format_date, format_datetime
from cards.report_cards import ReportSection
from cards.texts import Language, text
from dialogs.kernel.registry import ReportPeriod
from storage.uow import UnitOfWork


async def reviews_section(
    uow: UnitOfWork, language: Language, period: ReportPeriod
) -> ReportSection:
    """Each open round with its deadline, each closed round with its closing day."""
    since, until = period.bounds()
    rows: list[tuple[str, str]] = []
    for review, group in await uow.reports.rounds(since, until):
        title = text(
            language, "report.reviews.title", group=group.name, count=len(review.requirement_ids)
        )
        if review.closed_at is not None:
            day = format_date(language, review.closed_at.astimezone(period.zone).date())
            rows.append((title, text(language, "report.closed_row", date=day)))
        else:
            deadline = format_datetime(language, review.deadline, period.zone)
            rows.append((title, text(language, "report.open_row", date=deadline)))
    return ReportSection("reviews", text(language, "report.reviews.heading"), tuple(rows))
