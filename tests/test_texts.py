"""The text catalogues: complete in three languages, and languages picked from Teams locales."""

from __future__ import annotations

import string

import pytest

from cards.commands import COMMANDS
from cards.texts import LANGUAGES, TEXTS, language_for, text


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_text_exists_in_every_language_with_the_same_placeholders(key: str) -> None:
    entry = TEXTS[key]
    assert set(entry) == set(LANGUAGES)
    assert all(value.strip() for value in entry.values())
    assert len({frozenset(_fields(value)) for value in entry.values()}) == 1


def test_commands_have_words_and_help_in_every_language() -> None:
    for spec in COMMANDS:
        assert set(spec.words) == set(LANGUAGES)
        assert set(spec.example) == set(LANGUAGES)
        assert spec.description_key in TEXTS


@pytest.mark.parametrize(
    ("locale", "language"),
    [
        ("nb-NO", "nb"),
        ("no", "nb"),
        ("nn-NO", "nn"),
        ("nn", "nn"),
        ("en-US", "en"),
        ("en_GB", "en"),
        ("de-DE", "nb"),
        (None, "nb"),
        ("", "nb"),
    ],
)
def test_language_from_locale(locale: str | None, language: str) -> None:
    assert language_for(locale) == language


def test_unknown_locale_falls_back_to_configured_language() -> None:
    assert language_for("sv-SE", "en") == "en"


def test_placeholders_are_filled() -> None:
    assert text("en", "error.too_long", length=5000, limit=4000) == (
        "The message is too long (5000 characters, at most 4000)."
    )
