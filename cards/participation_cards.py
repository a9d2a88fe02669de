"""Cards of participation: the overview per municipality with a chart, and the nudge a
municipality's contact person gets from the project lead."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from cards.base import (
    Card,
    Element,
    adaptive_card,
    execute_action,
    heading,
    notice,
    paragraph,
    plain,
)
from cards.charts import ATTENTION, GOOD, WARNING, bar_chart
from cards.dates import format_date
from cards.texts import Language, text

NUDGE_VERB: Final = "participation-nudge"


@dataclass(frozen=True, slots=True)
class ParticipationView:
    """One municipality as the card shows it (shares in whole percent, None: nothing asked)."""

    number: str
    name: str
    members: int
    answer_percent: int | None
    vote_percent: int | None
    last_activity: date | None
    silent: bool
    missing_groups: tuple[str, ...]


def _share(language: Language, value: int | None) -> str:
    if value is None:
        return text(language, "participation.nothing_asked")
    return text(language, "participation.percent", value=value)


def _drawn_share(language: Language, value: int | None) -> str:
    if value is None:
        zero = text(language, "participation.percent", value=0)
        return f"{zero} ({text(language, 'participation.nothing_asked')})"
    return _share(language, value)


def row_text(language: Language, view: ParticipationView) -> str:
    """One municipality in words: members, answer and vote shares, last activity."""
    last = (
        format_date(language, view.last_activity)
        if view.last_activity
        else text(language, "participation.never")
    )
    return text(
        language,
        "participation.row",
        members=view.members,
        answers=_share(language, view.answer_percent),
        votes=_share(language, view.vote_percent),
        last=last,
    )


def _colour(view: ParticipationView) -> str:
    if view.silent or view.members == 0:
        return ATTENTION
    if view.missing_groups:
        return WARNING
    return GOOD


def flag_text(language: Language, view: ParticipationView, silent_weeks: int) -> str:
    """Why the municipality needs following up."""
    reasons: list[str] = []
    if view.silent:
        reasons.append(text(language, "participation.flag.silent", weeks=silent_weeks))
    if view.missing_groups:
        groups = tuple(view.missing_groups)
        reasons.append(text(language, "participation.flag.nobody", groups=groups))
    return " · ".join(reasons)


def participation_card(
    language: Language,
    rows: Sequence[ParticipationView],
    *,
    silent_weeks: int,
    can_nudge: bool,
    message: str | None = None,
) -> Card:
    """The overview: a bar chart of answer shares (FactSet fallback), then who needs following
    up, with a nudge button for the project lead."""
    title = text(language, "participation.title")
    body: list[Element] = [heading(title)]
    if message:
        body.append(notice(message, "Good"))
    body.append(paragraph(text(language, "participation.intro")))
    if not rows:
        body.append(paragraph(text(language, "participation.empty")))
        return adaptive_card(body, fallback_text=title)
    # The fallback shows exactly the drawn numbers: a municipality not asked anything yet is
    # drawn at 0 and says so.
    body.append(
        bar_chart(
            text(language, "participation.chart_title"),
            [(row.name, row.answer_percent or 0, _colour(row)) for row in rows],
            [_drawn_share(language, row.answer_percent) for row in rows],
        )
    )
    flagged = [row for row in rows if row.silent or row.missing_groups]
    body.append(heading(text(language, "participation.flagged_heading"), level="Medium"))
    if not flagged:
        body.append(paragraph(text(language, "participation.all_well")))
    for row in flagged:
        body.append(_flagged_block(language, row, silent_weeks, can_nudge))
    return adaptive_card(body, fallback_text=title)


def _flagged_block(
    language: Language, row: ParticipationView, silent_weeks: int, can_nudge: bool
) -> Element:
    items: list[Element] = [
        {"type": "TextBlock", "text": plain(row.name), "weight": "Bolder", "wrap": True},
        paragraph(flag_text(language, row, silent_weeks), subtle=True),
        paragraph(row_text(language, row), subtle=True),
    ]
    block: Element = {"type": "Container", "separator": True, "items": items}
    if can_nudge:
        action = execute_action(
            text(language, "participation.action.nudge", municipality=row.name),
            NUDGE_VERB,
            {"municipality": row.number},
            action_id=f"nudge-{row.number}",
        )
        items.append({"type": "ActionSet", "actions": [action]})
    return block


def nudge_card(
    language: Language, municipality: str, lead: str, view: ParticipationView | None
) -> Card:
    """The polite 1:1 nudge to a municipality's contact person."""
    title = text(language, "participation.nudge.title")
    body: list[Element] = [
        heading(title),
        paragraph(
            text(
                language,
                "participation.nudge.text",
                lead=plain(lead),
                municipality=plain(municipality),
            )
        ),
    ]
    if view is not None:
        body.append(paragraph(row_text(language, view), subtle=True))
    body.append(paragraph(text(language, "participation.nudge.help"), subtle=True))
    return adaptive_card(body, fallback_text=title)
