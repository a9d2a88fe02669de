"""The risks' section of the status report: the five largest open risks, with their score."""

from __future__ import annotations

from typing import Final

from cards.report_cards import ReportSection
from cards.risk_cards import score_text
from cards.texts import Language, text
from dialogs.kernel.registry import ReportPeriod
from dialogs.risks.service import risk_views
from storage.uow import UnitOfWork
from vocabulary import RiskStatus

TOP: Final = 5


async def risks_section(uow: UnitOfWork, language: Language, period: ReportPeriod) -> ReportSection:
    """The largest risks not closed, highest score first."""
    views = [v for v in await risk_views(uow) if v.status != RiskStatus.CLOSED][:TOP]
    rows = tuple((f"R{view.id} {view.title}", score_text(language, view)) for view in views)
    return ReportSection("risks", text(language, "report.risks.heading"), rows)
