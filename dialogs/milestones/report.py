"""The milestones' section of the status report: done and moved in the period, overdue now,
due within 14 days; with a chart of the four counts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from cards.charts import ATTENTION, GOOD, WARNING
from cards.milestone_cards import format_due
from cards.report_cards import ReportSection
from cards.texts import Language, text
from dialogs.kernel.registry import ReportPeriod
from dialogs.milestones.rules import effective_due, is_overdue
from storage.uow import UnitOfWork
from vocabulary import MilestoneStatus

HORIZON: Final = timedelta(days=14)


def _moved(language: Language, old: str, new: str) -> str:
    def shown(value: str) -> str:
        day, _, precision = value.partition("/")
        return format_due(language, date.fromisoformat(day), precision or "day")

    return text(language, "report.milestones.moved_row", old=shown(old), new=shown(new))


async def milestones_section(
    uow: UnitOfWork, language: Language, period: ReportPeriod
) -> ReportSection:
    """Done, moved, overdue and due soon, each milestone with its date."""
    since, until = period.bounds()
    done: list[tuple[str, str]] = []
    moved: list[tuple[str, str]] = []
    for change, milestone in await uow.reports.milestone_changes(since, until):
        if change.field == "status" and change.new_value == MilestoneStatus.DONE:
            day = change.changed_at.astimezone(period.zone).date()
            done.append(
                (
                    milestone.title,
                    text(
                        language,
                        "report.milestones.done_row",
                        date=format_due(language, day, "day"),
                    ),
                )
            )
        elif change.field == "due_date" and "/" in change.old_value:
            moved.append((milestone.title, _moved(language, change.old_value, change.new_value)))
    overdue: list[tuple[str, str]] = []
    due: list[tuple[str, str]] = []
    for milestone in await uow.milestones.open():
        shown = format_due(language, milestone.due_date, milestone.precision)
        if is_overdue(milestone.due_date, milestone.precision, period.end):
            overdue.append(
                (milestone.title, text(language, "report.milestones.overdue_row", date=shown))
            )
        elif effective_due(milestone.due_date, milestone.precision) <= period.end + HORIZON:
            due.append((milestone.title, text(language, "report.milestones.due_row", date=shown)))
    figures = (
        (text(language, "report.milestones.done"), len(done), GOOD),
        (text(language, "report.milestones.due"), len(due), WARNING),
        (text(language, "report.milestones.overdue"), len(overdue), ATTENTION),
        (text(language, "report.milestones.moved"), len(moved), WARNING),
    )
    return ReportSection(
        key="milestones",
        heading=text(language, "report.milestones.heading"),
        rows=tuple(overdue + due + done + moved),
        figures=figures,
    )
