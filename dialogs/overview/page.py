"""The public status page as one self-contained HTML file: every chart is server-side SVG
followed by a table of the same numbers."""

from __future__ import annotations

from collections import Counter
from html import escape

from cards.catalogue_cards import status_words as requirement_status
from cards.charts import ATTENTION, GOOD, WARNING
from cards.dates import format_date
from cards.html import chart_with_table, page, table
from cards.milestone_cards import format_due
from cards.milestone_cards import status_words as milestone_status
from cards.texts import Language, text
from dialogs.overview.public import PublicStatus
from vocabulary import RequirementStatus

# Colour classes of requirement statuses in the chart (the table carries the same numbers).
STATUS_COLOURS: dict[str, str] = {
    RequirementStatus.AGREED: GOOD,
    RequirementStatus.APPROVED: GOOD,
    RequirementStatus.CONTESTED: ATTENTION,
    RequirementStatus.REJECTED: ATTENTION,
    RequirementStatus.IN_REVIEW: WARNING,
}


def milestones_html(language: Language, status: PublicStatus, prefix: str = "") -> str:
    """Milestones by state (chart and table), then every milestone in date order (table)."""
    states = Counter(_state(language, m.status, m.overdue) for m in status.milestones)
    bars = [(state, n, "accent") for state, n in sorted(states.items())]
    columns = [text(language, "overview.col.status"), text(language, "report.column.count")]
    chart = chart_with_table(
        f"{prefix}milestones", text(language, "overview.milestones_chart"), bars, columns
    )
    return chart + _milestones(language, status)


def _state(language: Language, status: str, overdue: bool) -> str:
    if overdue:
        return text(language, "report.milestones.overdue")
    return milestone_status(language, status)


def _milestones(language: Language, status: PublicStatus) -> str:
    rows = [
        (
            m.title,
            format_due(language, m.due, m.precision),
            _state(language, m.status, m.overdue),
        )
        for m in status.milestones
    ]
    header = [text(language, f"overview.col.{c}") for c in ("milestone", "due", "status")]
    return table(text(language, "report.milestones.heading"), header, rows)


def requirements_html(language: Language, status: PublicStatus, prefix: str = "") -> str:
    """Requirements by status (chart and table) and per group (table)."""
    totals = status.by_status()
    bars = [
        (requirement_status(language, s), n, STATUS_COLOURS.get(s, "accent"))
        for s, n in totals.items()
    ]
    columns = [text(language, "overview.col.status"), text(language, "report.column.count")]
    parts = [
        chart_with_table(
            f"{prefix}requirements", text(language, "overview.requirements_chart"), bars, columns
        )
    ]
    statuses = list(totals)
    header = [
        text(language, "overview.col.group"),
        *(requirement_status(language, s) for s in statuses),
        text(language, "overview.col.total"),
    ]
    rows: list[list[str | int]] = [
        [g.name, *(g.counts.get(s, 0) for s in statuses), g.total] for g in status.groups
    ]
    parts.append(table(text(language, "overview.groups_heading"), header, rows))
    return "".join(parts)


def participation_html(language: Language, status: PublicStatus, prefix: str = "") -> str:
    """Answer shares per municipality (chart) and every count (table)."""
    bars = [(m.name, m.answer_percent, "accent") for m in status.municipalities]
    columns = [text(language, "overview.col.municipality"), text(language, "overview.col.percent")]
    chart = chart_with_table(
        f"{prefix}participation", text(language, "participation.chart_title"), bars, columns
    )
    header = [
        text(language, f"overview.col.{c}")
        for c in ("municipality", "members", "answers", "asked", "votes", "electors")
    ]
    rows = [
        (m.name, m.members, m.answers, m.asked, m.votes, m.electors) for m in status.municipalities
    ]
    return chart + table(text(language, "overview.participation_heading"), header, rows)


def status_page(language: Language, status: PublicStatus) -> str:
    """The public page: phase, milestones, the specification's progress, participation."""
    title = text(language, "overview.public.title")
    phase = min(max(status.phase, 1), 3)
    updated = text(
        language, "overview.updated", date=format_date(language, status.generated_at.date())
    )
    body = (
        f"<header><h1>{escape(title)}</h1><p>{escape(text(language, 'overview.public.intro'))}</p>"
        f'<p class="muted">{escape(updated)}</p></header><main>'
        f"<section><h2>{escape(text(language, 'overview.phase_heading'))}</h2>"
        f"<p>{escape(text(language, f'overview.phase.{phase}'))}</p></section>"
        f"<section><h2>{escape(text(language, 'report.milestones.heading'))}</h2>"
        f"{milestones_html(language, status)}</section>"
        f"<section><h2>{escape(text(language, 'overview.requirements_heading'))}</h2>"
        f"{requirements_html(language, status)}</section>"
        f"<section><h2>{escape(text(language, 'overview.participation_heading'))}</h2>"
        f"{participation_html(language, status)}</section></main>"
    )
    return page(language, title, body)
