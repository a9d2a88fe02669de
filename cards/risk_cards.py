"""Cards of the ROS register: the risk matrix with a chart, and the owner's review reminder."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cards.base import Card, Element, adaptive_card, facts, heading, literal, paragraph, plain
from cards.charts import ATTENTION, GOOD, WARNING, donut_chart
from cards.dates import format_date
from cards.texts import Language, text

LEVEL_COLOURS = {"low": GOOD, "medium": WARNING, "high": ATTENTION}
SCALE = range(1, 6)


@dataclass(frozen=True, slots=True)
class RiskView:
    """A risk as the cards show it."""

    id: int
    title: str
    description: str
    owner: str | None
    likelihood: int
    consequence: int
    score: int
    level: str
    measures: str
    status: str
    next_review: date | None


def level_words(language: Language, level: str) -> str:
    """low/medium/high in words."""
    return text(language, f"risks.level.{level}")


def status_words(language: Language, status: str) -> str:
    """open/monitoring/closed in words."""
    return text(language, f"risks.status.{status}")


def score_text(language: Language, risk: RiskView) -> str:
    """`20 (4 × 5, høy)`: the score, how it came about, and its level."""
    return text(
        language,
        "risks.score",
        score=risk.score,
        likelihood=risk.likelihood,
        consequence=risk.consequence,
        level=level_words(language, risk.level),
    )


def matrix_table(language: Language, risks: Sequence[RiskView]) -> Element:
    """The 5x5 matrix as a Table: consequence in columns, likelihood in rows (5 at the top),
    each cell the numbers of the risks there."""
    header = [text(language, "risks.matrix.corner")] + [str(c) for c in SCALE]
    rows: list[Element] = [_table_row(header, bold=True)]
    for likelihood in reversed(SCALE):
        cells = [str(likelihood)]
        for consequence in SCALE:
            ids = [
                f"R{r.id}"
                for r in risks
                if (r.likelihood, r.consequence) == (likelihood, consequence)
            ]
            cells.append(", ".join(ids) or "–")
        rows.append(_table_row(cells))
    return {
        "type": "Table",
        "columns": [{"width": 1} for _ in range(6)],
        "firstRowAsHeader": True,
        "gridStyle": "accent",
        "rows": rows,
    }


def _table_row(cells: Sequence[str], *, bold: bool = False) -> Element:
    return {
        "type": "TableRow",
        "cells": [
            {
                "type": "TableCell",
                "items": [
                    {"type": "TextBlock", "text": value, "wrap": True}
                    | ({"weight": "Bolder"} if bold else {})
                ],
            }
            for value in cells
        ],
    }


def _risk_block(language: Language, risk: RiskView) -> Element:
    owner = risk.owner or text(language, "risks.no_owner")
    review = format_date(language, risk.next_review) if risk.next_review else "–"
    return {
        "type": "Container",
        "separator": True,
        "items": [
            {
                "type": "TextBlock",
                "text": f"R{risk.id} {plain(risk.title)}",
                "weight": "Bolder",
                "wrap": True,
            },
            facts(
                [
                    (text(language, "risks.field.score"), score_text(language, risk)),
                    (text(language, "risks.field.owner"), owner),
                    (text(language, "risks.field.status"), status_words(language, risk.status)),
                    (text(language, "risks.field.review"), review),
                ]
            ),
            *([literal(risk.measures, subtle=True)] if risk.measures else []),
        ],
    }


def risks_card(language: Language, risks: Sequence[RiskView], *, top: int = 5) -> Card:
    """The register: how many risks per level (donut, FactSet fallback), the matrix, top risks."""
    title = text(language, "risks.title")
    body: list[Element] = [heading(title), paragraph(text(language, "risks.intro"))]
    open_risks = [r for r in risks if r.status != "closed"]
    if not open_risks:
        body.append(paragraph(text(language, "risks.empty")))
        return adaptive_card(body, fallback_text=title)
    counts = [(lv, sum(1 for r in open_risks if r.level == lv)) for lv in ("high", "medium", "low")]
    slices = [(level_words(language, lv), n, LEVEL_COLOURS[lv]) for lv, n in counts if n]
    body.append(donut_chart(text(language, "risks.chart_title"), slices))
    body.append(heading(text(language, "risks.matrix.title"), level="Medium"))
    body.append(paragraph(text(language, "risks.matrix.help"), subtle=True))
    body.append(matrix_table(language, open_risks))
    body.append(
        heading(
            text(language, "risks.top_heading", count=min(top, len(open_risks))), level="Medium"
        )
    )
    body.extend(_risk_block(language, risk) for risk in open_risks[:top])
    return adaptive_card(body, fallback_text=title)


def review_card(language: Language, risk: RiskView) -> Card:
    """The owner's reminder that a risk is due for review."""
    review = format_date(language, risk.next_review) if risk.next_review else "–"
    title = text(language, "risks.review.title", date=review)
    body = [
        heading(title),
        paragraph(text(language, "risks.review.text")),
        _risk_block(language, risk),
    ]
    return adaptive_card(body, fallback_text=title)
