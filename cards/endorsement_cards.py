"""Cards of endorsement rounds: a municipality's answer card and the status card with a chart
(Chart.Donut, with a FactSet of the same numbers as its fallback)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from cards.base import (
    Card,
    Element,
    adaptive_card,
    execute_action,
    facts,
    form_start,
    heading,
    notice,
    paragraph,
    plain,
)
from cards.dates import format_datetime
from cards.forms import confirm_card, deadline_inputs
from cards.texts import Language, text

ANSWER_VERB: Final = "endorsement-answer"
# Stances and "no answer", in the order the chart and the facts show them.
SLICES: Final = ("endorse", "with_reservations", "not_endorse", "no_answer")
COLORS: Final = {
    "endorse": "good",
    "with_reservations": "warning",
    "not_endorse": "attention",
    "no_answer": "neutral",
}
MAX_RESERVATION_INPUT: Final = 4000


@dataclass(frozen=True, slots=True)
class AnswerCardView:
    """What a municipality's contact sees: the baseline, the deadline, the current answer."""

    endorsement_id: int
    baseline: str
    fingerprint: str
    requirements: int
    municipality: str
    municipality_number: str
    deadline: datetime
    stance: str | None = None
    reservation: str = ""
    answered_by: str = ""
    problem: str | None = None
    saved: bool = False
    closed: bool = False


def stance_words(language: Language, stance: str) -> str:
    """Stands behind, with reservations, does not, no answer."""
    return text(language, f"endorsement.stance.{stance}")


def answer_card(language: Language, view: AnswerCardView, zone: ZoneInfo) -> Card:
    """The answer card of one municipality (1:1 to its contact or authorised person).

    Long because the card is one JSON document, read top to bottom as Teams shows it.
    """
    title = text(language, "endorsement.card.title", baseline=view.baseline)
    body: list[Element] = [
        heading(plain(title), level="Medium"),
        paragraph(
            text(
                language,
                "endorsement.card.intro",
                municipality=view.municipality,
                count=view.requirements,
                deadline=format_datetime(language, view.deadline, zone),
            )
        ),
        paragraph(
            text(language, "endorsement.card.fingerprint", fingerprint=view.fingerprint[:16]),
            subtle=True,
            size="Small",
        ),
    ]
    if view.problem:
        body.append(notice(view.problem))
    if view.stance is not None:
        current = text(
            language,
            "endorsement.card.current",
            stance=stance_words(language, view.stance),
            by=view.answered_by,
        )
        body.append(notice(current, "Good" if view.saved else "Default"))
    if view.closed:
        body.append(notice(text(language, "endorsement.card.closed"), "Warning"))
        return adaptive_card(body, fallback_text=title)
    body += [
        {
            "type": "Input.ChoiceSet",
            "id": "stance",
            "label": text(language, "endorsement.field.stance"),
            "isRequired": True,
            "errorMessage": text(language, "endorsement.field.stance_error"),
            "style": "expanded",
            "value": view.stance or "",
            "choices": [{"title": stance_words(language, s), "value": s} for s in SLICES[:3]],
        },
        {
            "type": "Input.Text",
            "id": "reservation",
            "label": text(language, "endorsement.field.reservation"),
            "isMultiline": True,
            "maxLength": MAX_RESERVATION_INPUT,
            "value": view.reservation,
        },
    ]
    data: dict[str, Any] = {
        "endorsement": view.endorsement_id,
        "municipality": view.municipality_number,
    }
    actions = [
        execute_action(
            text(language, "endorsement.action.answer"), ANSWER_VERB, data, style="positive"
        )
    ]
    return adaptive_card(body, actions=actions, fallback_text=title)


@dataclass(frozen=True, slots=True)
class StatusView:
    """The status of a round: counts per stance, and each municipality's line."""

    endorsement_id: int
    baseline: str
    fingerprint: str
    deadline: datetime
    counts: Mapping[str, int]
    # (municipality name, stance or no_answer, who answered, reservation)
    rows: Sequence[tuple[str, str, str, str]]
    closed: bool = False


def status_chart(language: Language, counts: Mapping[str, int]) -> Element:
    """A donut of the stances, with a FactSet of the same numbers as its fallback."""
    return {
        "type": "Chart.Donut",
        "title": text(language, "endorsement.status.chart"),
        "data": [
            {"legend": stance_words(language, s), "value": counts.get(s, 0), "color": COLORS[s]}
            for s in SLICES
        ],
        "fallback": facts([(stance_words(language, s), str(counts.get(s, 0))) for s in SLICES]),
    }


def status_card(language: Language, view: StatusView, zone: ZoneInfo) -> Card:
    """The status card for the lead and the steering group: chart, then every municipality."""
    title = text(
        language, "endorsement.status.title", id=view.endorsement_id, baseline=view.baseline
    )
    deadline = format_datetime(language, view.deadline, zone)
    body: list[Element] = [
        heading(plain(title), level="Medium"),
        paragraph(
            text(
                language,
                "endorsement.status.intro",
                deadline=deadline,
                fingerprint=view.fingerprint[:16],
            )
        ),
        status_chart(language, view.counts),
    ]
    lines = []
    for name, stance, by, reservation in view.rows:
        value = stance_words(language, stance)
        if by:
            value = f"{value} ({by})"
        if reservation:
            value = f"{value}: {reservation[:200]}"
        lines.append((name, plain(value)))
    body.append(facts(lines))
    if view.closed:
        body.append(notice(text(language, "endorsement.status.closed"), "Warning"))
    return adaptive_card(body, fallback_text=title)


OPEN_VERB: Final = "endorsement-open"
CLOSE_VERB: Final = "endorsement-close"
FORM_FIELDS: Final = ("baseline", "deadline_date", "deadline_time")


def endorsement_form_card(
    language: Language,
    baselines: Sequence[str],
    *,
    values: Mapping[str, str] | None = None,
    problems: Sequence[str] = (),
) -> Card:
    """The `ny tilslutning` form: which baseline, and the deadline."""
    values = values or {}
    title = text(language, "endorsement.form.title")
    shown = text(language, "endorsement.form.problems", problems=" ".join(problems))
    body = form_start(title, text(language, "endorsement.form.intro"), shown if problems else None)
    choice: Element = {
        "type": "Input.ChoiceSet",
        "id": "baseline",
        "label": text(language, "endorsement.form.baseline"),
        "style": "compact",
        "isRequired": True,
        "errorMessage": text(language, "endorsement.form.baseline_error"),
        "choices": [{"title": plain(name), "value": name} for name in baselines],
    }
    if values.get("baseline") in baselines:
        choice["value"] = values["baseline"]
    body += [choice, *deadline_inputs(language, "endorsement.form", values)]
    action = execute_action(text(language, "endorsement.form.open"), OPEN_VERB, style="positive")
    return adaptive_card(body, fallback_text=title, actions=[action])


def opened_card(language: Language, endorsement_id: int, baseline: str, asked: int) -> Card:
    """What the form turns into: the round is open, and where its status card is."""
    title = text(language, "endorsement.opened.title", id=endorsement_id, baseline=baseline)
    body = [
        heading(plain(title), level="Medium"),
        notice(text(language, "endorsement.opened.text", count=asked, id=endorsement_id), "Good"),
    ]
    return adaptive_card(body, fallback_text=title)


def close_confirm_card(language: Language, view: StatusView) -> Card:
    """Before closing: how many municipalities have answered, and a button to close."""
    title = text(language, "endorsement.confirm.title", id=view.endorsement_id)
    silent = view.counts.get("no_answer", 0)
    total = sum(view.counts.values())
    line = text(
        language,
        "endorsement.confirm.text",
        baseline=view.baseline,
        answered=total - silent,
        total=total,
    )
    label = text(language, "endorsement.confirm.close")
    return confirm_card(title, [line], label, CLOSE_VERB, {"endorsement": view.endorsement_id})
