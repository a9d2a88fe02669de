"""Participation's section of the status report: how many participating municipalities need
following up, and each of them with the reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from cards.participation_cards import flag_text
from cards.report_cards import ReportSection
from cards.texts import Language, text
from dialogs.kernel.registry import ReportPeriod
from dialogs.participation import rules
from dialogs.participation.service import participation_overview, view_in
from storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class ParticipationSection:
    """The section, with the weeks after which a municipality counts as silent."""

    silent_weeks: int = rules.DEFAULT_SILENT_WEEKS

    async def __call__(
        self, uow: UnitOfWork, language: Language, period: ReportPeriod
    ) -> ReportSection:
        """Flagged municipalities out of all participating ones, each with why."""
        at = datetime.combine(period.end, time(12), period.zone)
        rows = await participation_overview(uow, at, self.silent_weeks)
        flagged = rules.flagged(rows)
        lines = [
            (
                text(language, "report.participation.summary"),
                text(language, "report.participation.count", flagged=len(flagged), total=len(rows)),
            )
        ]
        for row in flagged:
            lines.append(
                (row.name, flag_text(language, view_in(row, period.zone), self.silent_weeks))
            )
        return ReportSection(
            "participation", text(language, "report.participation.heading"), tuple(lines)
        )
