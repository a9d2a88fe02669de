"""The project lead's form for a new group ("ny gruppe") and the card that confirms it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from cards.base import Card, adaptive_card, execute_action, facts, form_start, notice
from cards.catalogue_cards import kind_words
from cards.texts import Language, text
from vocabulary import GroupKind

NEW_GROUP_VERB: Final = "group-create"
# The form's inputs, as the card action sends them back.
NEW_GROUP_FIELDS: Final = ("code", "name", "kind", "aliases")


def new_group_form_card(
    language: Language,
    *,
    values: Mapping[str, str] | None = None,
    problems: Sequence[str] = (),
) -> Card:
    """The form: code, full name, kind of group and aliases; what was wrong shown on top."""
    values = values or {}
    title = text(language, "organisation.form.title")
    problems_text = (
        text(language, "organisation.form.problems", problems=" ".join(problems))
        if problems
        else None
    )
    body = form_start(title, text(language, "organisation.form.intro"), problems_text)
    body += [
        {
            "type": "Input.Text",
            "id": "code",
            "label": text(language, "organisation.form.code_label"),
            "isRequired": True,
            "errorMessage": text(language, "organisation.form.code_error"),
            "maxLength": 16,
            "value": values.get("code", ""),
        },
        {
            "type": "Input.Text",
            "id": "name",
            "label": text(language, "organisation.form.name_label"),
            "isRequired": True,
            "errorMessage": text(language, "organisation.form.name_error"),
            "maxLength": 128,
            "value": values.get("name", ""),
        },
        {
            "type": "Input.ChoiceSet",
            "id": "kind",
            "label": text(language, "organisation.form.kind_label"),
            "style": "compact",
            "isRequired": True,
            "errorMessage": text(language, "organisation.form.kind_error"),
            "choices": [{"title": kind_words(language, k), "value": str(k)} for k in GroupKind],
            "value": values.get("kind") or GroupKind.WORKING,
        },
        {
            "type": "Input.Text",
            "id": "aliases",
            "label": text(language, "organisation.form.aliases_label"),
            "placeholder": text(language, "organisation.form.aliases_hint"),
            "maxLength": 1000,
            "value": values.get("aliases", ""),
        },
    ]
    action = execute_action(
        text(language, "organisation.form.save"), NEW_GROUP_VERB, style="positive"
    )
    return adaptive_card(body, fallback_text=title, actions=[action])


def group_created_card(
    language: Language, code: str, name: str, kind: str, aliases: Sequence[str]
) -> Card:
    """The form replaced by what was created, and how to link the group to a channel."""
    title = text(language, "organisation.created.title", group=code)
    rows = [
        (text(language, "organisation.form.name_label"), name),
        (text(language, "organisation.form.kind_label"), kind_words(language, kind)),
    ]
    if aliases:
        rows.append((text(language, "organisation.form.aliases_label"), ", ".join(aliases)))
    body = [
        notice(title, color="Good"),
        facts(rows),
        notice(text(language, "organisation.created.next", group=code), color="Default"),
    ]
    return adaptive_card(body, fallback_text=title)
