"""The data of the Teams tab «Oversikt»: sections of server-rendered HTML (an SVG chart and a
table of the same numbers each), chosen by what the reader may see.

Everyone in the catalogue sees the milestones and the specification's progress. The project
lead, administrators and the steering group also see participation, endorsements and poll
results; the risk matrix is for those who may read the risk register (project and steering
group, the lead). A person not in the catalogue sees nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from typing import Final

from cards.charts import ATTENTION, GOOD, WARNING
from cards.endorsement_cards import stance_words
from cards.html import chart_with_table, table
from cards.risk_cards import LEVEL_COLOURS, SCALE, level_words
from cards.texts import Language, text
from dialogs.endorsements import status_view
from dialogs.overview.page import milestones_html, participation_html, requirements_html
from dialogs.overview.public import PublicStatus, public_status
from dialogs.participation.service import may_view
from dialogs.risks import may_read, risk_views
from storage.models import Person
from storage.uow import UnitOfWork
from vocabulary import RiskStatus

# Closed polls and endorsement rounds shown, newest first.
SHOWN: Final = 3
STANCE_COLOURS: Final = {
    "endorse": GOOD,
    "with_reservations": WARNING,
    "not_endorse": ATTENTION,
    "no_answer": "accent",
}


@dataclass(frozen=True, slots=True)
class TabSection:
    """One section of the tab: an id for its heading, a title and its HTML."""

    key: str
    title: str
    html: str


async def tab_sections(
    uow: UnitOfWork, people: Sequence[Person], language: Language, now: datetime, today: date
) -> list[TabSection]:
    """The sections `people` (the reader's catalogue rows) may see; none for a stranger."""
    if not people:
        return []
    status = await public_status(uow, now, today)
    sections = [
        TabSection(
            "milestones",
            text(language, "report.milestones.heading"),
            milestones_html(language, status, prefix="tab-"),
        ),
        TabSection(
            "requirements",
            text(language, "overview.requirements_heading"),
            requirements_html(language, status, prefix="tab-"),
        ),
    ]
    if await may_view(uow, people):
        sections += await _steering_sections(uow, language, status)
    if await may_read(uow, list(people)):
        sections.append(await _risks(uow, language))
    return sections


async def _steering_sections(
    uow: UnitOfWork, language: Language, status: PublicStatus
) -> list[TabSection]:
    return [
        TabSection(
            "participation",
            text(language, "overview.participation_heading"),
            participation_html(language, status, prefix="tab-"),
        ),
        await _endorsements(uow, language),
        await _polls(uow, language),
    ]


async def _endorsements(uow: UnitOfWork, language: Language) -> TabSection:
    title = text(language, "report.endorsements.heading")
    parts: list[str] = []
    for endorsement in await uow.reports.latest_endorsements(SHOWN):
        baseline = await uow.baselines.get(endorsement.baseline_id)
        if baseline is None:
            continue
        view = await status_view(uow, endorsement, baseline)
        bars = [
            (stance_words(language, s), n, STANCE_COLOURS.get(s, "accent"))
            for s, n in view.counts.items()
        ]
        columns = [text(language, "overview.col.answer"), text(language, "report.column.count")]
        parts.append(
            chart_with_table(f"tab-endorsement-{endorsement.id}", baseline.name, bars, columns)
        )
    return TabSection("endorsements", title, "".join(parts) or _nothing(language))


async def _polls(uow: UnitOfWork, language: Language) -> TabSection:
    title = text(language, "report.polls.heading")
    parts: list[str] = []
    for poll in await uow.reports.closed_polls(SHOWN):
        counts: Counter[str] = Counter()
        for ballot in await uow.polls.ballots(poll):
            counts.update(ballot)
        bars = [
            (str(o.get("title", "")), counts.get(str(o.get("id")), 0), "accent")
            for o in poll.options
        ]
        columns = [text(language, "overview.col.option"), text(language, "overview.col.votes")]
        parts.append(chart_with_table(f"tab-poll-{poll.id}", poll.title, bars, columns))
    return TabSection("polls", title, "".join(parts) or _nothing(language))


async def _risks(uow: UnitOfWork, language: Language) -> TabSection:
    """Open risks per level (chart and table) and the 5x5 matrix as a table of counts."""
    risks = [r for r in await risk_views(uow) if r.status != RiskStatus.CLOSED]
    levels = Counter(r.level for r in risks)
    bars = [
        (level_words(language, level), levels.get(level, 0), colour)
        for level, colour in LEVEL_COLOURS.items()
    ]
    columns = [text(language, "risks.field.score"), text(language, "report.column.count")]
    chart = chart_with_table("tab-risk-levels", text(language, "risks.chart_title"), bars, columns)
    cells = Counter((r.likelihood, r.consequence) for r in risks)
    header = [text(language, "risks.matrix.corner"), *(str(c) for c in SCALE)]
    rows: list[list[str | int]] = [
        [str(likelihood), *(cells.get((likelihood, c), 0) for c in SCALE)]
        for likelihood in reversed(SCALE)
    ]
    matrix = table(text(language, "risks.matrix.title"), header, rows)
    help_text = f'<p class="muted">{escape(text(language, "risks.matrix.help_counts"))}</p>'
    return TabSection("risks", text(language, "risks.title"), chart + matrix + help_text)


def _nothing(language: Language) -> str:
    return f"<p>{escape(text(language, 'report.nothing'))}</p>"
