"""Kravbot's own cards pass the quality gate in every language."""

from __future__ import annotations

import pytest

from cards.base import literal, plain
from cards.help import help_card, welcome_card
from cards.texts import LANGUAGES, Language
from tests.support.cardgate import assert_card_ok


@pytest.mark.parametrize("language", LANGUAGES)
def test_help_card(language: Language) -> None:
    card = help_card(language)
    assert_card_ok(card)
    assert card["body"][0]["style"] == "heading"
    assert card["fallbackText"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_welcome_card_offers_help(language: Language) -> None:
    card = welcome_card(language)
    assert_card_ok(card)
    [action] = card["actions"]
    assert action["type"] == "Action.Execute"
    assert action["verb"] == "help"
    assert action["fallback"]["type"] == "Action.Submit"


def test_text_people_wrote_is_shown_literally() -> None:
    block = literal("**bold** [link](https://evil.example) <at>Kari</at>")
    assert block["type"] == "RichTextBlock"
    assert block["inlines"][0]["text"] == "**bold** [link](https://evil.example) <at>Kari</at>"


def test_plain_escapes_markdown() -> None:
    assert plain("*x* [y](z) <at>") == "\\*x\\* \\[y\\](z) \\<at\\>"
