"""Cards of baselines in Teams: the `ny baseline` form, the open quality findings to confirm,
and the baseline made."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

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
from cards.quality_cards import FindingView, finding_line
from cards.texts import Language, text
from vocabulary import RequirementStatus

CREATE_VERB: Final = "baseline-create"
FORM_FIELDS: Final = ("name", "group", "status", "requirements")
# The value of "all groups" and "any status": a choice cannot have an empty value.
ANY: Final = "*"
# The warning lists this many requirements; the quality command shows them all.
MAX_LISTED: Final = 15


def _choice(input_id: str, label: str, choices: Sequence[tuple[str, str]], value: str) -> Element:
    element: Element = {
        "type": "Input.ChoiceSet",
        "id": input_id,
        "label": label,
        "style": "compact",
        "choices": [{"title": plain(title), "value": code} for code, title in choices],
    }
    if value in {code for code, _ in choices}:
        element["value"] = value
    return element


def baseline_form_card(
    language: Language,
    groups: Sequence[tuple[str, str]],
    *,
    values: Mapping[str, str] | None = None,
    problems: Sequence[str] = (),
) -> Card:
    """The `ny baseline` form: a name, and optionally a group, a status or requirement IDs."""
    values = values or {}
    title = text(language, "baseline.form.title")
    shown = text(language, "baseline.form.problems", problems=" ".join(problems))
    body = form_start(title, text(language, "baseline.form.intro"), shown if problems else None)
    statuses = [(s.value, text(language, f"baseline.status.{s.value}")) for s in RequirementStatus]
    body += [
        {
            "type": "Input.Text",
            "id": "name",
            "label": text(language, "baseline.form.name"),
            "isRequired": True,
            "errorMessage": text(language, "baseline.form.name_error"),
            "maxLength": 200,
            "value": values.get("name", ""),
        },
        _choice(
            "group",
            text(language, "baseline.form.group"),
            [(ANY, text(language, "baseline.form.all_groups")), *groups],
            values.get("group") or ANY,
        ),
        _choice(
            "status",
            text(language, "baseline.form.status"),
            [(ANY, text(language, "baseline.form.any_status")), *statuses],
            values.get("status") or ANY,
        ),
        {
            "type": "Input.Text",
            "id": "requirements",
            "label": text(language, "baseline.form.requirements"),
            "maxLength": 4000,
            "value": values.get("requirements", ""),
        },
    ]
    action = execute_action(text(language, "baseline.form.create"), CREATE_VERB, style="positive")
    return adaptive_card(body, fallback_text=title, actions=[action])


@dataclass(frozen=True, slots=True)
class FindingRow:
    """A "skal" requirement with open quality findings."""

    key: str
    score: int
    findings: Sequence[FindingView]


def findings_card(
    language: Language, values: Mapping[str, str], rows: Sequence[FindingRow]
) -> Card:
    """Before freezing: the mandatory requirements with open quality findings, and a button to
    make the baseline all the same."""
    title = text(language, "baseline.findings.title", name=values.get("name", ""))
    body: list[Element] = [
        heading(plain(title), level="Medium"),
        paragraph(text(language, "baseline.findings.intro", count=len(rows))),
    ]
    for row in rows[:MAX_LISTED]:
        lines = "; ".join(finding_line(language, finding) for finding in row.findings)
        body.append(
            {
                "type": "TextBlock",
                "text": plain(f"{row.key} ({row.score}): {lines}"),
                "wrap": True,
                "size": "Small",
            }
        )
    if len(rows) > MAX_LISTED:
        more = text(language, "baseline.findings.more", count=len(rows) - MAX_LISTED)
        body.append(paragraph(more, subtle=True))
    data = {name: values.get(name, "") for name in FORM_FIELDS}
    action = execute_action(
        text(language, "baseline.findings.confirm"),
        CREATE_VERB,
        {**data, "confirmed": "yes"},
        inputs=False,
    )
    return adaptive_card(body, fallback_text=title, actions=[action])


@dataclass(frozen=True, slots=True)
class CreatedView:
    """A baseline just made."""

    name: str
    requirements: int
    fingerprint: str
    decision: int | None


def created_card(language: Language, view: CreatedView) -> Card:
    """What the form turns into once the baseline is made."""
    title = text(language, "baseline.created.title", name=view.name)
    rows = [
        (text(language, "baseline.created.requirements"), str(view.requirements)),
        (text(language, "baseline.created.fingerprint"), view.fingerprint[:16]),
    ]
    if view.decision is not None:
        rows.append((text(language, "baseline.created.decision"), str(view.decision)))
    body = [
        heading(plain(title), level="Medium"),
        notice(text(language, "baseline.created.intro"), "Good"),
        facts(rows),
    ]
    return adaptive_card(body, fallback_text=title)
