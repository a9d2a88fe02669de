"""A status report as a file: Markdown for the minutes, and a self-contained HTML page with
its charts drawn as SVG, each followed by a table of the same numbers."""

from __future__ import annotations

from html import escape

from cards.cells import md_table
from cards.html import chart_with_table, page
from cards.report_cards import ReportView, approval_text, period_text
from cards.texts import Language, text


def _title(language: Language, view: ReportView) -> str:
    return text(language, "report.title" if view.approved else "report.draft_title")


def _columns(language: Language) -> list[str]:
    return [text(language, "report.column.what"), text(language, "report.column.count")]


def report_markdown(language: Language, view: ReportView) -> str:
    """The report in Markdown: period, approval, the lead's assessment, then every section."""
    lines = [f"# {_title(language, view)}", "", period_text(language, view), ""]
    if view.approved:
        lines += [approval_text(language, view), ""]
    if view.assessment.strip():
        lines += [f"## {text(language, 'report.assessment_label')}", "", view.assessment, ""]
    for section in view.sections:
        lines += [f"## {section.heading}", ""]
        if section.figures:
            lines += [
                *md_table([_columns(language), *[[a, str(b)] for a, b, _ in section.figures]]),
                "",
            ]
        if section.rows:
            lines += [*md_table([["", ""], *[list(row) for row in section.rows]]), ""]
        if not section.rows and not section.figures:
            lines += [text(language, "report.nothing"), ""]
    return "\n".join(lines).rstrip() + "\n"


def report_html(language: Language, view: ReportView) -> str:
    """The report as one self-contained HTML page."""
    title = _title(language, view)
    parts = [
        f"<main><h1>{escape(title)}</h1>",
        f'<p class="muted">{escape(period_text(language, view))}</p>',
    ]
    if view.approved:
        parts.append(f"<p>{escape(approval_text(language, view))}</p>")
    if view.assessment.strip():
        parts.append(f"<h2>{escape(text(language, 'report.assessment_label'))}</h2>")
        parts += [f"<p>{escape(p)}</p>" for p in view.assessment.split("\n") if p.strip()]
    for index, section in enumerate(view.sections):
        parts.append(f"<section><h2>{escape(section.heading)}</h2>")
        if section.figures:
            parts.append(
                chart_with_table(
                    f"chart-{index}", section.heading, section.figures, _columns(language)
                )
            )
        if section.rows:
            items = "".join(
                f"<li><strong>{escape(a)}</strong>: {escape(b)}</li>" for a, b in section.rows
            )
            parts.append(f"<ul>{items}</ul>")
        if not section.rows and not section.figures:
            parts.append(f"<p>{escape(text(language, 'report.nothing'))}</p>")
        parts.append("</section>")
    parts.append("</main>")
    return page(language, title, "".join(parts))
