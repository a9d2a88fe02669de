"""The endorsements' section of the status report: each open round, with how many
municipalities have answered by now."""

from __future__ import annotations

from cards.dates import format_datetime
from cards.report_cards import ReportSection
from cards.texts import Language, text
from dialogs.kernel.registry import ReportPeriod
from storage.uow import UnitOfWork


async def endorsements_section(
    uow: UnitOfWork, language: Language, period: ReportPeriod
) -> ReportSection | None:
    """Each open endorsement round; None when there is none (the section is left out)."""
    rows: list[tuple[str, str]] = []
    for endorsement in await uow.endorsements.open_rounds():
        baseline = await uow.baselines.get(endorsement.baseline_id)
        answers = await uow.endorsements.answers(endorsement.id)
        detail = text(
            language,
            "report.endorsements.row",
            answered=len(answers),
            total=len(endorsement.municipalities),
            date=format_datetime(language, endorsement.deadline, period.zone),
        )
        rows.append((baseline.name if baseline else f"#{endorsement.id}", detail))
    if not rows:
        return None
    return ReportSection("endorsements", text(language, "report.endorsements.heading"), tuple(rows))
