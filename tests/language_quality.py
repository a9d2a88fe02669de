"""The language checks of the catalogues: spelling, glossary terms and plural forms.

- Spelling: every word of every text is looked up in Debian's Hunspell dictionaries
  (`hunspell-no`: nb_NO, nn_NO; `hunspell-en-us`: en_US) through `spylls`, then in the project
  word lists `tests/data/words-{common,nb,nn,en}.txt` (names, product terms, abbreviations).
- Glossary: the table "Banned variants" in `docs/glossary.md` lists words that must not appear
  in a language (a trailing `*` bans every word that starts so).
- Plurals: a count (a value named in `COUNTS`) followed by a word must choose its form through a
  `{name, plural, one {...} other {...}}` block, unless it reads as `3 av 5` / `3 of 5`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final, Protocol

from cards.catalogues import Language
from cards.texts import LANGUAGES, _blocks, _forms, _parts

ROOT: Final = Path(__file__).resolve().parent.parent
GLOSSARY: Final = ROOT / "docs" / "glossary.md"
WORDS: Final = Path(__file__).resolve().parent / "data"
DICTIONARY_DIR: Final = Path("/usr/share/hunspell")
DICTIONARIES: Final[dict[Language, str]] = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_US"}

# Value names that hold a count of something: they need plural forms when a word follows.
COUNTS: Final = frozenset(
    {
        "added",
        "agreed",
        "answered",
        "changed",
        "contested",
        "count",
        "covered",
        "created",
        "days",
        "electorate",
        "finished",
        "groups",
        "length",
        "limit",
        "members",
        "municipalities",
        "part",
        "people",
        "removed",
        "requirements",
        "shown",
        "total",
        "turnout",
        "unchanged",
        "updated",
        "voted",
        "whole",
    }
)
# Words after a count that do not agree with it: `3 av 5`, `3 of 5`, `og 3 til`, `and 3 more`.
# So do verbs in the past tense: `3 av 5 stemte`, `3 of 5 voted`.
_NEUTRAL_AFTER: Final = frozenset(
    {"av", "of", "til", "more", "har", "stemte", "røysta", "svarte", "voted", "answered"}
)


class Speller(Protocol):
    def lookup(self, word: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class Problem:
    key: str
    language: str
    kind: str  # "spelling", "glossary", "typography" or "plural"
    detail: str

    def __str__(self) -> str:
        return f"{self.key} [{self.language}] {self.kind}: {self.detail}"


# ---------------------------------------------------------------- reading texts


def prose(template: str) -> str:
    """The words a reader sees in `template`: plain placeholders dropped, plural forms kept."""
    out: list[str] = []
    position = 0
    for start, end in _blocks(template):
        out.append(template[position:start])
        _name, kind, rest = _parts(template[start:end])
        if kind == "plural":
            out.extend(" " + prose(form.replace("#", " ")) + " " for form in _forms(rest).values())
        else:
            out.append(" ")
        position = end
    out.append(template[position:])
    return "".join(out)


# Things that are not words of a language: ISO dates and times, ranges of IDs, command-line
# options, file formats after a dot, numbers with units.
_NOT_WORDS: Final = re.compile(
    r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?"
    r"|[A-ZÆØÅ]+-\d+(\.\.[A-ZÆØÅ]+-\d+)?"
    r"|(?<![\w-])--?[a-z][\w-]*"
    r"|\bSHA-256\b"
)
_WORD: Final = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# Endings written after a hyphen: `ID-en`, `ID-er`, `ID-ar`.
_ENDINGS: Final = frozenset({"en", "et", "a", "er", "ar", "ene", "ane", "ens"})


def words(template: str) -> list[str]:
    """The words of `template` (hyphenated compounds as one word)."""
    return _WORD.findall(_NOT_WORDS.sub(" ", prose(template)))


# ---------------------------------------------------------------- spelling


@cache
def word_list(language: str) -> frozenset[str]:
    """The project's own words for `language` (and those common to all languages)."""
    found: set[str] = set()
    for name in ("common", language):
        path = WORDS / f"words-{name}.txt"
        for line in path.read_text(encoding="utf-8").splitlines():
            word = line.split("#", 1)[0].strip()
            if word:
                found.add(word)
    return frozenset(found)


def dictionary_missing() -> str | None:
    """Why the Hunspell dictionaries cannot be read here, or None."""
    for name in DICTIONARIES.values():
        for suffix in (".dic", ".aff"):
            if not (DICTIONARY_DIR / f"{name}{suffix}").is_file():
                return f"Hunspell dictionary {DICTIONARY_DIR / name}{suffix} is missing"
    try:
        import spylls.hunspell  # noqa: F401
    except ImportError:
        return "the Python package spylls is not installed"
    return None


@cache
def speller(language: Language) -> Speller:
    """Debian's Hunspell dictionary for `language`, read by spylls."""
    from spylls.hunspell import Dictionary

    dictionary: Speller = Dictionary.from_files(str(DICTIONARY_DIR / DICTIONARIES[language]))
    return dictionary


def known(language: Language, word: str, spell: Speller) -> bool:
    """Whether `word` is spelled right in `language`; a compound when each of its parts is."""
    if _known_word(language, word, spell):
        return True
    if "-" not in word:
        return False
    first, *rest = word.split("-")
    return _known_word(language, first, spell) and all(
        part in _ENDINGS or _known_word(language, part, spell) for part in rest
    )


def _known_word(language: Language, word: str, spell: Speller) -> bool:
    listed = word_list(language)
    bare = word.replace("’", "'")
    if language == "en" and bare.endswith("'s"):
        bare = bare[:-2]
    candidates = {bare, bare.lower(), bare.capitalize()}
    if candidates & listed:
        return True
    return any(spell.lookup(candidate) for candidate in (bare, bare.lower()))


def misspelled(language: Language, template: str, spell: Speller) -> list[str]:
    """The words of `template` that are not spelled right in `language`."""
    return [word for word in words(template) if not known(language, word, spell)]


# ---------------------------------------------------------------- glossary


@dataclass(frozen=True, slots=True)
class Banned:
    language: str
    word: str  # a whole word, or a prefix when `prefix`
    prefix: bool
    instead: str

    def pattern(self) -> re.Pattern[str]:
        first, rest = self.word[0], self.word[1:]
        head = f"[{re.escape(first.lower())}{re.escape(first.upper())}]"
        tail = r"[^\W\d_]*" if self.prefix else ""
        return re.compile(rf"(?<![^\W\d_]){head}{re.escape(rest)}{tail}(?![^\W\d_'’])")


def banned_variants(glossary: str | None = None) -> list[Banned]:
    """The rows of the table under `## Banned variants` in docs/glossary.md."""
    source = GLOSSARY.read_text(encoding="utf-8") if glossary is None else glossary
    section = source.split("## Banned variants", 1)[1].split("\n## ", 1)[0]
    found: list[Banned] = []
    for line in section.splitlines():
        cells = [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] not in LANGUAGES:
            continue
        language, words_cell, instead = cells
        for word in (w.strip().strip("`") for w in words_cell.split(",")):
            if word:
                found.append(Banned(language, word.rstrip("*"), word.endswith("*"), instead))
    return found


def glossary_breaches(language: str, template: str, banned: Iterable[Banned]) -> list[str]:
    """`word (write: term)` for each banned variant in `template`."""
    seen = prose(template)
    return [
        f"{match.group(0)} (write: {rule.instead})"
        for rule in banned
        if rule.language == language
        for match in rule.pattern().finditer(seen)
    ]


# ---------------------------------------------------------------- typography

_TYPOGRAPHY: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "nb": (("“", "«"), ("”", "»"), ('"', "«...»")),
    "nn": (("“", "«"), ("”", "»"), ('"', "«...»")),
    "en": (("«", "“"), ("»", "”"), ('"', "“...”"), (" %", "%")),
}


def typography_breaches(language: str, template: str) -> list[str]:
    """Quotes and signs written the other languages' way."""
    seen = prose(template)
    rules = _TYPOGRAPHY[language]
    return [f"{wrong!r} (write: {right})" for wrong, right in rules if wrong in seen]


# ---------------------------------------------------------------- plurals


def counts_without_plural(template: str) -> list[str]:
    """Counts in `template` that a word follows outside a plural block."""
    found: list[str] = []
    position = 0
    flat: list[str] = []
    for start, end in _blocks(template):
        flat.append(template[position:start])
        name, kind, _rest = _parts(template[start:end])
        flat.append(f"\x00{name}\x00" if not kind else " ")
        position = end
    flat.append(template[position:])
    text = "".join(flat)
    for match in re.finditer(r"\x00(\w+)\x00\s+([^\W\d_]+)", text):
        name, after = match.group(1), match.group(2).lower()
        if name in COUNTS and after not in _NEUTRAL_AFTER:
            found.append(f"{{{name}}} {match.group(2)}")
    return found


# ---------------------------------------------------------------- all together


def check(
    catalogue: Mapping[str, Mapping[str, str]],
    spellers: Mapping[Language, Speller] | None,
    banned: Iterable[Banned] | None = None,
) -> list[Problem]:
    """Every problem in `catalogue`; spelling is skipped when `spellers` is None."""
    rules = list(banned_variants() if banned is None else banned)
    problems: list[Problem] = []
    for key, entry in catalogue.items():
        for language in LANGUAGES:
            template = entry.get(language)
            if template is None:
                continue
            if spellers is not None:
                problems.extend(
                    Problem(key, language, "spelling", word)
                    for word in misspelled(language, template, spellers[language])
                )
            problems.extend(
                Problem(key, language, "glossary", breach)
                for breach in glossary_breaches(language, template, rules)
            )
            problems.extend(
                Problem(key, language, "typography", breach)
                for breach in typography_breaches(language, template)
            )
            problems.extend(
                Problem(key, language, "plural", count) for count in counts_without_plural(template)
            )
    return problems
