"""Building blocks for Adaptive Cards 1.5, the highest version Teams renders."""

from __future__ import annotations

import re
from typing import Any, Final

Card = dict[str, Any]
Element = dict[str, Any]

CARD_VERSION: Final = "1.5"
CARD_CONTENT_TYPE: Final = "application/vnd.microsoft.card.adaptive"
_SCHEMA: Final = "http://adaptivecards.io/schemas/adaptive-card.json"

# Characters that start markdown in a TextBlock or a FactSet value; `plain` escapes them in
# short values that people typed (names, titles). Longer text people typed goes in `literal`.
_MARKDOWN = re.compile(r"([\\`*_\[\]~<>])")


def adaptive_card(
    body: list[Element],
    *,
    fallback_text: str,
    actions: list[Element] | None = None,
    speak: str | None = None,
) -> Card:
    """A version 1.5 card with a plain-text fallback for clients that cannot render it."""
    card: Card = {
        "type": "AdaptiveCard",
        "$schema": _SCHEMA,
        "version": CARD_VERSION,
        "fallbackText": fallback_text,
        "speak": speak or fallback_text,
        "body": body,
    }
    if actions:
        card["actions"] = actions
    return card


def heading(text: str, *, level: str = "Large") -> Element:
    """A heading that screen readers announce as one (`style: heading`, new in 1.5)."""
    return {
        "type": "TextBlock",
        "text": text,
        "style": "heading",
        "size": level,
        "weight": "Bolder",
        "wrap": True,
    }


def paragraph(text: str, *, subtle: bool = False, size: str | None = None) -> Element:
    """A wrapped block of Kravbot's own text (from the catalogues, never from a person)."""
    block: Element = {"type": "TextBlock", "text": text, "wrap": True}
    if subtle:
        block["isSubtle"] = True
    if size:
        block["size"] = size
    return block


def facts(rows: list[tuple[str, str]]) -> Element:
    """A FactSet of title/value pairs, both shown as plain text."""
    return {
        "type": "FactSet",
        "facts": [{"title": plain(title), "value": plain(value)} for title, value in rows],
    }


def literal(text: str, *, subtle: bool = False) -> Element:
    """Text a person wrote, shown exactly: a TextRun never interprets markdown or mentions."""
    run: Element = {"type": "TextRun", "text": text}
    if subtle:
        run["isSubtle"] = True
    return {"type": "RichTextBlock", "inlines": [run]}


def plain(text: str) -> str:
    """Escape markdown so the text renders literally and cannot inject links or mentions."""
    return _MARKDOWN.sub(r"\\\1", text)


def execute_action(
    title: str,
    verb: str,
    data: dict[str, Any] | None = None,
    *,
    action_id: str | None = None,
    style: str | None = None,
    inputs: bool | None = None,
) -> Element:
    """A button that runs `verb` (Action.Execute), with an Action.Submit fallback.

    The verb travels in the data too, so the fallback (a message with `value`) finds its way to
    the same workflow step. `inputs` sets `associatedInputs` (auto/none) when given.
    """
    payload: dict[str, Any] = {"verb": verb, **(data or {})}
    fallback: Element = {"type": "Action.Submit", "title": title, "data": payload}
    action: Element = {
        "type": "Action.Execute",
        "id": action_id or verb,
        "title": title,
        "verb": verb,
        "data": payload,
    }
    if inputs is not None:
        action["associatedInputs"] = fallback["associatedInputs"] = "auto" if inputs else "none"
    if style:
        action["style"] = style
    action["fallback"] = fallback
    return action


def notice(message: str, color: str = "Attention") -> Element:
    """A coloured line above a form: what was wrong, or what was saved."""
    return {"type": "TextBlock", "text": plain(message), "color": color, "wrap": True}


def form_start(title: str, intro: str, problems_text: str | None) -> list[Element]:
    """The top of a form card: heading, intro, and what was wrong with the last try, if any."""
    body = [heading(title), paragraph(intro)]
    if problems_text:
        body.append(notice(problems_text) | {"weight": "Bolder"})
    return body


def group_choice(
    label: str, error: str, groups: list[tuple[str, str]], selected: str | None
) -> Element:
    """A required drop-down of groups as (code, label), keeping a valid earlier choice."""
    choice: Element = {
        "type": "Input.ChoiceSet",
        "id": "group",
        "label": label,
        "style": "compact",
        "isRequired": True,
        "errorMessage": error,
        "choices": [{"title": name, "value": code} for code, name in groups],
    }
    if selected in {code for code, _ in groups}:
        choice["value"] = selected
    return choice


def attachment(card: Card) -> dict[str, Any]:
    """The card as a Bot Framework attachment."""
    return {"contentType": CARD_CONTENT_TYPE, "content": card}
