"""Cards of the decision log: the latest decisions, one decision in full, the entry form."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from cards.base import (
    Card,
    Element,
    adaptive_card,
    execute_action,
    facts,
    heading,
    literal,
    paragraph,
    plain,
)
from cards.dates import format_date, format_datetime
from cards.forms import form_top
from cards.texts import TEXTS, Language, format_list, text

SAVE_VERB: Final = "decision-save"
SHORT_HASH: Final = 16


@dataclass(frozen=True, slots=True)
class DecisionView:
    """A recorded decision as the cards show it."""

    sequence: int
    case_ref: str
    kind: str
    title: str
    text: str
    outcome: str
    basis: Mapping[str, Any]
    group: str  # `HJT – Hjemmetjeneste`, or the code alone if the group is gone
    decided_at: datetime
    recorded_by: str
    status: str
    corrects: int | None
    hash: str
    corrected_by: Sequence[int] = field(default_factory=tuple)
    # Entries the latest signed checkpoint covers (0: none yet).
    checkpoint_size: int = 0


def _words(language: Language, prefix: str, value: str) -> str:
    key = f"{prefix}.{value}"
    return text(language, key) if key in TEXTS else value


def kind_words(language: Language, kind: str) -> str:
    """Poll, review round, milestone, entered by the project lead."""
    return _words(language, "decisions.kind", kind)


def outcome_words(language: Language, outcome: str) -> str:
    """Adopted, rejected, postponed, noted, or the outcome as recorded (e.g. a poll option)."""
    return _words(language, "decisions.outcome", outcome)


def status_words(language: Language, status: str) -> str:
    """Final or correction."""
    return _words(language, "decisions.status", status)


def _value(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


# How each known basis field reads: its value's kind ("words" look up `<prefix>.<value>`).
BASIS_FIELDS: Final[dict[str, tuple[str, str]]] = {
    "poll": ("number", ""),
    "round": ("number", ""),
    "milestone": ("number", ""),
    "due": ("date", ""),
    "precision": ("words", "milestones.precision"),
    "status": ("words", "milestones.status"),
    "moved": ("yes_no", ""),
    "quorum": ("share", ""),
    "quorum_met": ("yes_no", ""),
    "majority": ("words", "polls.majority"),
    "result": ("words", "decisions.outcome"),
    "chair_decided": ("yes_no", ""),
    "abstentions": ("count", ""),
    "turnout": ("count", ""),
    "electorate": ("count", ""),
    "members_finished": ("count", ""),
    "municipalities_covered": ("count", ""),
    "contested": ("list", ""),
    "rule": ("text", ""),
}


def basis_value(language: Language, name: str, value: Any) -> str:
    """One basis value as people read it: dates, yes/no, shares, counts and lists in words."""
    kind, prefix = BASIS_FIELDS.get(name, ("", ""))
    if isinstance(value, bool) or kind == "yes_no":
        return text(language, "decisions.basis.yes" if value else "decisions.basis.no")
    if kind == "number" and isinstance(value, int):
        return text(language, "decisions.basis.number", number=value)
    if kind == "count" and isinstance(value, int):
        return text(language, f"decisions.basis.count.{name}", count=value)
    if kind == "date" and isinstance(value, str):
        try:
            return format_date(language, date.fromisoformat(value))
        except ValueError:
            return value
    if kind == "share" and isinstance(value, str):
        return _share(language, value)
    if kind == "words" and isinstance(value, str):
        return _words(language, prefix, value)
    if isinstance(value, list):
        if not value:
            return text(language, "decisions.basis.none")
        return format_list(language, [_value(v) for v in value])
    return _value(value)


def _share(language: Language, raw: str) -> str:
    try:
        numerator, _, denominator = raw.partition("/")
        share = int(numerator) / int(denominator or "1")
    except (ValueError, ZeroDivisionError):
        return raw
    return text(language, "decisions.basis.share", share=share * 100)


def basis_label(language: Language, name: str) -> str:
    """The label of a basis field; a field of unknown name keeps its name."""
    return _words(language, "decisions.basis.field", name)


def tally_label(language: Language, name: str) -> str:
    """A tally's label: a review's «agreed»/«contested» in words, a poll option as it is."""
    return _words(language, "decisions.basis.tally", name)


def basis_parts(
    basis: Mapping[str, Any],
) -> tuple[list[tuple[str, str]], list[tuple[str, str]], bool, str, list[tuple[str, str]]]:
    """(tallies, votes, anonymous, note, other links) of a decision's basis."""
    anonymous = bool(basis.get("anonymous"))
    tallies_raw = basis.get("tallies")
    tallies = (
        [(str(k), v if isinstance(v, str) else _value(v)) for k, v in tallies_raw.items()]
        if isinstance(tallies_raw, Mapping)
        else []
    )
    votes_raw = basis.get("votes")
    votes: list[tuple[str, str]] = []
    if not anonymous and isinstance(votes_raw, Mapping):
        votes = [(str(k), _value(v)) for k, v in votes_raw.items()]
    note = basis.get("note")
    others = [
        (str(k), _value(v))
        for k, v in basis.items()
        if k not in ("tallies", "votes", "anonymous", "note")
    ]
    return tallies, votes, anonymous, note if isinstance(note, str) else "", others


def decisions_list_card(
    language: Language, decisions: Sequence[DecisionView], zone: ZoneInfo
) -> Card:
    """The latest decisions, newest first."""
    title = text(language, "decisions.list.title")
    body: list[Element] = [heading(title)]
    if not decisions:
        body.append(paragraph(text(language, "decisions.list.empty")))
        return adaptive_card(
            body, fallback_text=f"{title}: {text(language, 'decisions.list.empty')}"
        )
    body.append(paragraph(text(language, "decisions.list.intro", count=len(decisions))))
    lines = [title]
    for decision in decisions:
        row = text(
            language,
            "decisions.row",
            sequence=decision.sequence,
            case_ref=decision.case_ref,
            group=decision.group,
            when=format_datetime(language, decision.decided_at, zone),
        )
        body.append(
            {
                "type": "Container",
                "separator": True,
                "items": [
                    {
                        "type": "TextBlock",
                        "text": plain(decision.title),
                        "weight": "Bolder",
                        "wrap": True,
                    },
                    {
                        "type": "TextBlock",
                        "text": plain(f"{row} · {outcome_words(language, decision.outcome)}"),
                        "isSubtle": True,
                        "size": "Small",
                        "wrap": True,
                    },
                ],
            }
        )
        lines.append(f"{decision.sequence}. {decision.title}")
    body.append(paragraph(text(language, "decisions.list.hint"), subtle=True, size="Small"))
    return adaptive_card(body, fallback_text="\n".join(lines))


def decision_card(
    language: Language, decision: DecisionView, zone: ZoneInfo, *, saved: bool = False
) -> Card:
    """One decision in full: what, when, by whom, on what basis, with the votes and its hash.

    Long because the card is one JSON document, read top to bottom as Teams shows it.
    """
    title = text(language, "decisions.card.title", sequence=decision.sequence)
    body: list[Element] = [heading(title)]
    if saved:
        body.append(
            {
                "type": "TextBlock",
                "text": text(
                    language,
                    "decisions.saved",
                    sequence=decision.sequence,
                    case_ref=decision.case_ref,
                ),
                "color": "Good",
                "wrap": True,
            }
        )
    body.append(
        {"type": "TextBlock", "text": plain(decision.title), "size": "Medium", "wrap": True}
    )
    rows = [
        (text(language, "decisions.field.case_ref"), decision.case_ref),
        (text(language, "decisions.field.group"), decision.group),
        (text(language, "decisions.field.kind"), kind_words(language, decision.kind)),
        (text(language, "decisions.field.outcome"), outcome_words(language, decision.outcome)),
        (
            text(language, "decisions.field.decided_at"),
            format_datetime(language, decision.decided_at, zone),
        ),
        (text(language, "decisions.field.recorded_by"), decision.recorded_by),
        (text(language, "decisions.field.status"), status_words(language, decision.status)),
    ]
    if decision.corrects is not None:
        rows.append((text(language, "decisions.field.corrects"), f"{decision.corrects}"))
    body.append(facts(rows))
    if decision.corrected_by:
        body.append(
            {
                "type": "TextBlock",
                "text": text(
                    language,
                    "decisions.card.corrected_note",
                    sequences=", ".join(str(n) for n in decision.corrected_by),
                ),
                "color": "Warning",
                "wrap": True,
            }
        )
    body.append(heading(text(language, "decisions.field.text"), level="Medium"))
    body.append(literal(decision.text))
    body += _basis_elements(language, decision)
    body += _integrity_elements(language, decision)
    fallback = f"{title}: {decision.title} ({decision.case_ref})"
    return adaptive_card(body, fallback_text=fallback)


def _basis_elements(language: Language, decision: DecisionView) -> list[Element]:
    """The basis of a decision: its note, links, tallies and votes (unless anonymous)."""
    body: list[Element] = []
    tallies, votes, anonymous, note, others = basis_parts(decision.basis)
    if tallies or votes or anonymous or note or others:
        body.append(heading(text(language, "decisions.field.basis"), level="Medium"))
        if note:
            body.append(literal(note))
        if others:
            rows = [(basis_label(language, k), basis_value(language, k, decision.basis[k]))
                    for k, _ in others]  # fmt: skip
            body.append(facts(rows))
        if tallies:
            body.append(paragraph(text(language, "decisions.field.tallies"), subtle=True))
            body.append(facts([(tally_label(language, k), v) for k, v in tallies]))
        if anonymous:
            body.append(paragraph(text(language, "decisions.anonymous"), subtle=True))
        elif votes:
            body.append(paragraph(text(language, "decisions.field.votes"), subtle=True))
            body.append(facts(votes))
    return body


def _integrity_elements(language: Language, decision: DecisionView) -> list[Element]:
    """The checksum and whether a signed checkpoint covers the entry."""
    body: list[Element] = []
    body.append(
        paragraph(
            f"{text(language, 'decisions.field.hash')}: {decision.hash[:SHORT_HASH]}…",
            subtle=True,
            size="Small",
        )
    )
    covered = decision.sequence <= decision.checkpoint_size
    body.append(
        paragraph(
            text(language, "decisions.card.covered", count=decision.checkpoint_size)
            if covered
            else text(language, "decisions.card.not_covered"),
            subtle=True,
            size="Small",
        )
    )
    return body


def decision_form_card(
    language: Language,
    groups: Sequence[tuple[str, str]],
    *,
    values: Mapping[str, str] | None = None,
    problems: Sequence[str] = (),
) -> Card:
    """The entry form for a new decision; `groups` are (code, label); errors shown on top."""
    values = values or {}
    top = form_top(
        language, "decisions.form", groups, values.get("group"), problems, group_label="group_label"
    )
    title, body, group_input = top.title, top.body, top.group
    body += [
        {
            "type": "Input.Text",
            "id": "title",
            "label": text(language, "decisions.form.title_label"),
            "isRequired": True,
            "errorMessage": text(language, "decisions.form.title_error"),
            "maxLength": 200,
            "value": values.get("title", ""),
        },
        {
            "type": "Input.Text",
            "id": "text",
            "label": text(language, "decisions.form.text_label"),
            "isMultiline": True,
            "isRequired": True,
            "errorMessage": text(language, "decisions.form.text_error"),
            "maxLength": 10000,
            "value": values.get("text", ""),
        },
        group_input,
        {
            "type": "Input.Date",
            "id": "decided_on",
            "label": text(language, "decisions.form.decided_on_label"),
            "value": values.get("decided_on", ""),
        },
        {
            "type": "Input.Text",
            "id": "basis",
            "label": text(language, "decisions.form.basis_label"),
            "isMultiline": True,
            "maxLength": 10000,
            "value": values.get("basis", ""),
        },
        paragraph(text(language, "privacy.no_patient_data"), subtle=True, size="Small"),
    ]
    action = execute_action(text(language, "decisions.form.save"), SAVE_VERB, style="positive")
    return adaptive_card(body, fallback_text=title, actions=[action])


def checkpoint_card(
    language: Language, size: int, note: str, signed_at: datetime, zone: ZoneInfo
) -> Card:
    """A signed checkpoint, posted to the steering group so that it is kept outside Kravbot."""
    title = text(language, "decisions.checkpoint.title")
    when = format_datetime(language, signed_at, zone)
    body: list[Element] = [
        heading(title),
        paragraph(text(language, "decisions.checkpoint.intro", count=size, when=when)),
        literal(note.rstrip("\n")),
    ]
    return adaptive_card(body, fallback_text=f"{title}\n{note}")
