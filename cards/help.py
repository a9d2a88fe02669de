"""The welcome card and the help card."""

from __future__ import annotations

from cards.base import Card, Element, adaptive_card, execute_action, facts, heading, paragraph
from cards.commands import COMMANDS
from cards.texts import Language, text


def help_card(language: Language) -> Card:
    """Every command Kravbot understands, with what it does."""
    rows = [(spec.example[language], text(language, spec.description_key)) for spec in COMMANDS]
    body = [
        heading(text(language, "help.title")),
        paragraph(text(language, "help.intro")),
        heading(text(language, "help.commands_heading"), level="Medium"),
        facts(rows),
        paragraph(text(language, "help.language_note"), subtle=True, size="Small"),
        paragraph(text(language, "privacy.no_patient_data"), subtle=True, size="Small"),
    ]
    fallback = "\n".join(
        [text(language, "help.title"), text(language, "help.intro")]
        + [f"{word}: {description}" for word, description in rows]
    )
    return adaptive_card(body, fallback_text=fallback)


def welcome_card(language: Language) -> Card:
    """Posted once when Kravbot is added to a chat, a group chat or a team."""
    body = [
        heading(text(language, "welcome.title")),
        paragraph(text(language, "app.tagline"), subtle=True),
        paragraph(text(language, "welcome.body")),
        paragraph(text(language, "welcome.hint")),
        paragraph(text(language, "privacy.no_patient_data"), subtle=True, size="Small"),
    ]
    fallback = " ".join(
        [
            text(language, "welcome.title"),
            text(language, "welcome.body"),
            text(language, "welcome.hint"),
        ]
    )
    return adaptive_card(body, fallback_text=fallback, actions=[help_action(language)])


def help_action(language: Language) -> Element:
    """A button that swaps its card for the help card (Action.Submit where Execute is missing)."""
    return execute_action(text(language, "help.button"), "help", action_id="show-help")
