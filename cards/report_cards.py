"""Cards of the status report to the steering group: the lead's draft with a field for their
assessment, and the approved report. A report is a list of sections that the workflows
contribute (milestones, review rounds, polls, endorsements, participation, risks)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from cards.base import (
    Card,
    Element,
    adaptive_card,
    execute_action,
    facts,
    heading,
    literal,
    notice,
    paragraph,
)
from cards.charts import bar_chart
from cards.dates import format_date
from cards.texts import Language, text

SAVE_VERB: Final = "report-save"
APPROVE_VERB: Final = "report-approve"
# The lead's assessment; long enough for a page, short enough for one Teams message.
MAX_ASSESSMENT: Final = 4000


@dataclass(frozen=True, slots=True)
class ReportSection:
    """One section: a heading, (title, detail) rows, and `figures` (label, value, colour)
    drawn as a chart whose fallback shows the same numbers."""

    key: str
    heading: str
    rows: tuple[tuple[str, str], ...] = ()
    figures: tuple[tuple[str, int, str], ...] = ()

    def as_data(self) -> dict[str, Any]:
        """The section as JSON-ready data, as it is stored with the report."""
        return {
            "key": self.key,
            "heading": self.heading,
            "rows": [list(row) for row in self.rows],
            "figures": [list(figure) for figure in self.figures],
        }

    @classmethod
    def of(cls, data: dict[str, Any]) -> ReportSection:
        """A section from its stored data."""
        return cls(
            key=str(data.get("key", "")),
            heading=str(data.get("heading", "")),
            rows=tuple((str(a), str(b)) for a, b in data.get("rows", [])),
            figures=tuple((str(a), int(b), str(c)) for a, b, c in data.get("figures", [])),
        )


@dataclass(frozen=True, slots=True)
class ReportView:
    """A report as the cards and exports show it."""

    id: int
    period_start: date
    period_end: date
    status: str
    assessment: str
    sections: tuple[ReportSection, ...]
    approved_by: str | None = None
    approved_on: date | None = None
    decision_sequence: int | None = None

    @property
    def approved(self) -> bool:
        """Approved by the project lead (and so sent to the steering group)."""
        return self.status == "approved"


def period_text(language: Language, view: ReportView) -> str:
    """`Perioden 2. september 2024 til 16. september 2024`."""
    return text(
        language,
        "report.period",
        start=format_date(language, view.period_start),
        end=format_date(language, view.period_end),
    )


def approval_text(language: Language, view: ReportView) -> str:
    """Who approved the report and when, with its number in the decision log."""
    approved = text(
        language,
        "report.approved_by",
        name=view.approved_by or "",
        date=format_date(language, view.approved_on) if view.approved_on else "",
    )
    if view.decision_sequence is None:
        return approved
    return f"{approved} · {text(language, 'report.decision_ref', number=view.decision_sequence)}"


def chart_of(section: ReportSection) -> Element:
    """The section's figures as a bar chart, with a FactSet of the same numbers."""
    return bar_chart(section.heading, section.figures, [str(v) for _, v, _ in section.figures])


def _sections(language: Language, view: ReportView) -> list[Element]:
    body: list[Element] = []
    for section in view.sections:
        body.append(heading(section.heading, level="Medium"))
        if section.figures:
            body.append(chart_of(section))
        if section.rows:
            body.append(facts(list(section.rows)))
        elif not section.figures:
            body.append(paragraph(text(language, "report.nothing"), subtle=True))
    return body


def draft_card(language: Language, view: ReportView, *, message: str | None = None) -> Card:
    """The draft for the project lead: the sections, a field for the assessment, save and
    approve. An approved report shows without the field and buttons."""
    title = text(language, "report.title" if view.approved else "report.draft_title")
    body: list[Element] = [heading(title)]
    if message:
        body.append(notice(message, "Good"))
    body.append(paragraph(period_text(language, view), subtle=True))
    if view.approved:
        body.append(paragraph(approval_text(language, view)))
        body.extend(_assessment(language, view))
        return adaptive_card(body + _sections(language, view), fallback_text=title)
    body.append(paragraph(text(language, "report.draft_intro")))
    body.append(
        {
            "type": "Input.Text",
            "id": "assessment",
            "label": text(language, "report.assessment_label"),
            "placeholder": text(language, "report.assessment_placeholder"),
            "isMultiline": True,
            "maxLength": MAX_ASSESSMENT,
            "value": view.assessment,
        }
    )
    body.append(paragraph(text(language, "privacy.no_patient_data"), subtle=True))
    data = {"report": view.id}
    actions = [
        execute_action(text(language, "report.action.save"), SAVE_VERB, data, inputs=True),
        execute_action(
            text(language, "report.action.approve"),
            APPROVE_VERB,
            data,
            inputs=True,
            style="positive",
        ),
    ]
    body.append({"type": "ActionSet", "actions": actions})
    return adaptive_card(body + _sections(language, view), fallback_text=title)


def _assessment(language: Language, view: ReportView) -> list[Element]:
    if not view.assessment.strip():
        return []
    return [
        heading(text(language, "report.assessment_label"), level="Medium"),
        literal(view.assessment),
    ]


def report_card(language: Language, view: ReportView) -> Card:
    """The approved report as the steering group gets it."""
    title = text(language, "report.title")
    body: list[Element] = [
        heading(title),
        paragraph(period_text(language, view), subtle=True),
        paragraph(approval_text(language, view), subtle=True),
        *_assessment(language, view),
        *_sections(language, view),
    ]
    return adaptive_card(body, fallback_text=title)


def sections_of(content: dict[str, Any]) -> tuple[ReportSection, ...]:
    """The sections stored in a report's content."""
    stored: Sequence[dict[str, Any]] = content.get("sections", [])
    return tuple(ReportSection.of(section) for section in stored)
