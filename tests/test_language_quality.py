"""Spelling, glossary terms, typography and plural forms of every text a user reads.

The checker is `tests/language_quality.py`; the glossary is `docs/glossary.md`; the project's
own words are in `tests/data/words-*.txt`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import pytest

from cards.catalogues import Language
from cards.commands import COMMANDS
from cards.texts import LANGUAGES, TEXTS
from tests import language_quality as quality
from tests.support.skips import missing

TEAMS = quality.ROOT / "infra" / "teams"


def _manifest_texts() -> dict[str, dict[str, str]]:
    """The Teams manifest's names and descriptions: en from the template, nb and nn localised."""
    template = json.loads((TEAMS / "manifest.template.json").read_text(encoding="utf-8"))
    found: dict[str, dict[str, str]] = {}
    for part in ("name", "description"):
        for size in ("short", "full"):
            entry = {"en": str(template[part][size])}
            for language in ("nb", "nn"):
                local = json.loads((TEAMS / f"{language}.json").read_text(encoding="utf-8"))
                entry[language] = str(local[f"{part}.{size}"])
            found[f"manifest.{part}.{size}"] = entry
    return found


def _command_words() -> dict[str, dict[str, str]]:
    """The words people type, first word of each command per language (ASCII spare forms left
    out: `milepaeler` is typed, not read)."""
    return {
        f"command.words.{spec.name}": {
            language: " ".join((words[0], spec.example[language]))
            for language, words in spec.words.items()
        }
        for spec in COMMANDS
    }


def everything() -> dict[str, Mapping[str, str]]:
    found: dict[str, Mapping[str, str]] = {
        key: {str(language): value for language, value in entry.items()}
        for key, entry in TEXTS.items()
    }
    found.update(_manifest_texts())
    found.update(_command_words())
    return found


@pytest.fixture(scope="module")
def spellers() -> dict[Language, quality.Speller]:
    reason = quality.dictionary_missing()
    if reason:
        missing(reason)
    return {language: quality.speller(language) for language in LANGUAGES}


def test_every_text_is_spelled_right_and_uses_the_glossary(
    spellers: dict[Language, quality.Speller],
) -> None:
    problems = quality.check(everything(), spellers)
    assert not problems, "\n".join(str(problem) for problem in problems)


def test_glossary_and_plural_checks_pass_without_dictionaries() -> None:
    # The same check less spelling, so that a machine without hunspell-no still runs it.
    problems = quality.check(everything(), None)
    assert not problems, "\n".join(str(problem) for problem in problems)


# ---------------------------------------------------------------- the checker catches mistakes


def test_a_misspelled_word_fails_in_every_language(
    spellers: dict[Language, quality.Speller],
) -> None:
    bad = {
        "bad.spelling": {
            "nb": "Gjennomgangen er avsluttet og tar ikke imot flere svaar.",
            "nn": "Gjennomgangen er avslutta og tek ikkje imot fleire svaaar.",
            "en": "The review round is closed and takes no more answres.",
        }
    }
    problems = quality.check(bad, spellers)
    assert {(p.language, p.kind, p.detail) for p in problems} == {
        ("nb", "spelling", "svaar"),
        ("nn", "spelling", "svaaar"),
        ("en", "spelling", "answres"),
    }


def test_a_word_from_the_other_written_standard_fails(
    spellers: dict[Language, quality.Speller],
) -> None:
    problems = quality.check({"bad.mixed": {"nn": "Eg kjenner ikke gruppa."}}, spellers)
    assert [(p.language, p.detail) for p in problems] == [("nn", "ikke")]


@pytest.mark.parametrize(
    ("language", "wrong", "found"),
    [
        ("nn", "Ny avstemming i ei gruppe.", "avstemming (write: avrøysting)"),
        ("nn", "Opne avstemmingar", "avstemmingar (write: avrøysting)"),
        ("nn", "Løyndleg avrøysting", "Løyndleg (write: hemmeleg)"),
        ("nn", "Du stod over.", "stod over (write: avstå, avstod)"),
        ("nn", "Ingen medlemer kan røysta.", "kan røysta (write: røyste)"),
        ("nn", "{group} bruker no denne samtalen.", "bruker (write: brukar)"),
        ("nn", "Status: Einige", "Einige (write: omforeint)"),
        ("nb", "Krav: nøkler eller et område", "nøkler (write: ID-er, ID)"),
        ("en", "Add them with e-mail.", "e-mail (write: email)"),
        ("en", "Updated with Teams ids", "ids (write: ID, IDs)"),
        ("en", "Anonymous poll", "Anonymous (write: secret ballot)"),
    ],
)
def test_a_banned_variant_of_a_glossary_term_fails(language: str, wrong: str, found: str) -> None:
    problems = quality.check({"bad.term": {language: wrong}}, None)
    assert [str(p) for p in problems] == [f"bad.term [{language}] glossary: {found}"]


def test_glossary_matching_keeps_to_whole_words_and_case_of_abbreviations() -> None:
    fine = {
        "fine": {
            "nn": "Vel ein ID. Brukaren er ikkje omforeint.",
            "en": "The Teams ID and the email.",
        }
    }
    assert quality.check(fine, None) == []


def test_english_quotes_and_percent_signs_are_checked() -> None:
    problems = quality.check({"bad.quotes": {"en": "unknown column «{value}», 50 % needed"}}, None)
    assert sorted(p.detail for p in problems) == [
        "' %' (write: %)",
        "'«' (write: “)",
        "'»' (write: ”)",
    ]


@pytest.mark.parametrize(
    "template",
    [
        "De {count} siste beslutningene.",
        "Forfalt i {days} arbeidsdager.",
        "{count} requirements written to {file}",
        "Skriv høyst {limit} tegn.",
    ],
)
def test_a_count_without_plural_forms_fails(template: str) -> None:
    problems = quality.check({"bad.count": {"nb": template}}, None)
    assert [p.kind for p in problems] == ["plural"]


@pytest.mark.parametrize(
    "template",
    [
        "{count, plural, one {Den siste beslutningen.} other {De # siste beslutningene.}}",
        "{voted} av {electorate}",
        "Ja ({turnout} av {electorate} stemte)",
        "… og {count} til",
        "Avsto: {count}",
    ],
)
def test_counts_that_read_right_pass(template: str) -> None:
    assert quality.check({"fine": {"nb": template}}, None) == []


def test_the_glossary_has_banned_variants_for_every_language() -> None:
    rules = quality.banned_variants()
    assert {rule.language for rule in rules} == set(LANGUAGES)
    assert any(rule.word == "avstemming" and rule.prefix for rule in rules)


def test_word_lists_are_sorted_and_without_duplicates() -> None:
    for path in sorted(quality.WORDS.glob("words-*.txt")):
        words = [
            line.split("#", 1)[0].strip()
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.split("#", 1)[0].strip()
        ]
        assert len(words) == len(set(words)), path.name
