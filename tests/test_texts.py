"""The text catalogues: complete in three languages, and languages picked from Teams locales."""

from __future__ import annotations

import pytest

from cards.commands import COMMANDS
from cards.texts import LANGUAGES, TEXTS, language_for, placeholders, text


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_text_exists_in_every_language_with_the_same_placeholders(key: str) -> None:
    entry = TEXTS[key]
    assert set(entry) == set(LANGUAGES)
    assert all(value.strip() for value in entry.values())
    assert len({frozenset(placeholders(value)) for value in entry.values()}) == 1


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
        "The message is too long (5,000 characters, at most 4,000)."
    )
    assert text("nb", "error.too_long", length=5000, limit=4000) == (
        "Meldingen er for lang (5\xa0000 tegn, høyst 4\xa0000)."
    )


def test_catalogue_modules_are_listed_not_discovered() -> None:
    import pkgutil

    import cards.catalogues
    from cards.texts import CATALOGUES

    modules = [m.name for m in pkgutil.iter_modules(cards.catalogues.__path__)]
    assert len(CATALOGUES) == len(modules)
