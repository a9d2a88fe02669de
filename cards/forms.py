"""The top every group form shares: heading, intro, what was wrong last time, the group choice.

Each area's form texts live under one prefix (`review.form`, `polls.form`, `decisions.form`)
with the keys `title`, `intro`, `problems`, `group_error` and the group label's own key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cards.base import (
    Card,
    Element,
    adaptive_card,
    execute_action,
    form_start,
    group_choice,
    heading,
    paragraph,
    plain,
)
from cards.texts import Language, text


@dataclass(frozen=True, slots=True)
class FormTop:
    """The form's title, the body so far, and the group drop-down to place in it."""

    title: str
    body: list[Element]
    group: Element


def form_top(
    language: Language,
    prefix: str,
    groups: Sequence[tuple[str, str]],
    chosen: str | None,
    problems: Sequence[str],
    *,
    group_label: str = "group",
) -> FormTop:
    """The shared top of the form whose texts are under `prefix`."""
    title = text(language, f"{prefix}.title")
    problems_text = (
        text(language, f"{prefix}.problems", problems=" ".join(problems)) if problems else None
    )
    body = form_start(title, text(language, f"{prefix}.intro"), problems_text)
    group = group_choice(
        text(language, f"{prefix}.{group_label}"),
        text(language, f"{prefix}.group_error"),
        list(groups),
        chosen,
    )
    return FormTop(title, body, group)


def deadline_inputs(
    language: Language, prefix: str, values: Mapping[str, str], default_time: str = "15:00"
) -> list[Element]:
    """The deadline's date (required) and time inputs, with the texts under `prefix`
    (`deadline_date`, `deadline_date_error`, `deadline_time`), keeping what was typed."""
    date_input: Element = {
        "type": "Input.Date",
        "id": "deadline_date",
        "label": text(language, f"{prefix}.deadline_date"),
        "isRequired": True,
        "errorMessage": text(language, f"{prefix}.deadline_date_error"),
    }
    if values.get("deadline_date"):
        date_input["value"] = values["deadline_date"]
    time_input: Element = {
        "type": "Input.Time",
        "id": "deadline_time",
        "label": text(language, f"{prefix}.deadline_time"),
        "value": values.get("deadline_time") or default_time,
    }
    return [date_input, time_input]


def confirm_card(
    title: str, lines: Sequence[str], label: str, verb: str, data: dict[str, object]
) -> Card:
    """A step that asks before something final: what will happen, and one destructive button."""
    body: list[Element] = [heading(plain(title), level="Medium"), *(paragraph(x) for x in lines)]
    action = execute_action(label, verb, data, inputs=False, style="destructive")
    return adaptive_card(body, fallback_text=title, actions=[action])
