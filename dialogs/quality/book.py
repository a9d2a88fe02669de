"""The rule book: the quality rules' word lists, penalties and limits, read from data files.

The files ship in `dialogs/quality/data/`; a directory given as `KRAVBOT_QUALITY_DIR` may hold
files of the same names: lines of a word list there are added to the shipped list, and values
in its `rules.toml` replace the shipped ones. Words are stored as stems (see `Stems`), so a list
holds base forms and every inflection matches.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import snowballstemmer

# Words as the rules see them: letters and digits, joined by inner hyphens or apostrophes.
WORD: Final = re.compile(r"\w+(?:[-']\w+)*")

# Norwegian Snowball leaves some adjective endings alone (neuter -t, plural with a dropped
# vowel, comparative and superlative); these forms are stemmed too, so a list's base form
# covers them: rask -> raskt, raske, raskere, raskast; enkel -> enkle, enklere.
_ADJECTIVE_ENDINGS: Final = ("", "t", "e", "ere", "est", "este", "are", "ast", "aste")
# The English stemmer leaves comparatives and adverbs: fast -> faster, fastest; quick -> quickly.
_ENGLISH_ENDINGS: Final = ("", "er", "est", "ly")
# In a word list, the lines after this one are English (stemmed with the English stemmer).
ENGLISH_MARK: Final = "[en]"


class _Stemmer:
    """Norwegian and English Snowball stems of a word, cached (texts repeat their words)."""

    def __init__(self) -> None:
        self._nb = snowballstemmer.stemmer("norwegian")
        self._en = snowballstemmer.stemmer("english")
        self._cache: dict[str, tuple[str, str]] = {}

    def stems(self, word: str) -> tuple[str, str]:
        """(Norwegian stem, English stem) of the lower-cased word."""
        found = self._cache.get(word)
        if found is None:
            lower = word.casefold()
            found = (self._nb.stemWord(lower), self._en.stemWord(lower))
            if len(self._cache) < 200_000:
                self._cache[word] = found
        return found


STEMMER: Final = _Stemmer()


def word_forms(word: str, *, english: bool = False) -> set[str]:
    """A base form with the adjective endings Snowball does not strip (see above)."""
    if english:
        return {word + ending for ending in _ENGLISH_ENDINGS}
    forms = {word + ending for ending in _ADJECTIVE_ENDINGS}
    if len(word) > 4 and word[-2:] in ("el", "er", "en"):
        short = word[:-2] + word[-1]
        forms |= {short + "e", short + "ere", short + "are"}
    return forms


@dataclass(frozen=True, slots=True)
class Stems:
    """A word list as stems: a word matches when its Norwegian stem is among the Norwegian
    words' stems, or its English stem among the English words' stems (stemming a word with the
    other language's stemmer over-strips it: Norwegian Snowball takes "fastlege" to "fast")."""

    nb: frozenset[str] = frozenset()
    en: frozenset[str] = frozenset()

    @classmethod
    def of(cls, words: Iterable[str]) -> Stems:
        """The stems of every form of every word."""
        nb: set[str] = set()
        en: set[str] = set()
        english = False
        for word in words:
            if word == ENGLISH_MARK:
                english = True
                continue
            for form in word_forms(word.casefold(), english=english):
                stem_nb, stem_en = STEMMER.stems(form)
                (en if english else nb).add(stem_en if english else stem_nb)
        return cls(frozenset(nb), frozenset(en))

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        stem_nb, stem_en = STEMMER.stems(word)
        return stem_nb in self.nb or stem_en in self.en


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    """A phrase as the Norwegian stems of its words (`bl.a.` -> (`bl`, `a`))."""
    return tuple(STEMMER.stems(m.group())[0] for m in WORD.finditer(phrase.casefold()))


@dataclass(frozen=True, slots=True)
class RuleBook:
    """Everything the rules read: penalties, limits, word lists as stems, and a version."""

    penalties: Mapping[str, int]
    settings: Mapping[str, Mapping[str, Any]]
    lists: Mapping[str, tuple[str, ...]]
    vague: Stems
    comparative: Stems
    vague_exceptions: tuple[tuple[str, ...], ...]
    escape: tuple[tuple[str, ...], ...]
    open_end: tuple[tuple[str, ...], ...]
    pronouns: frozenset[str]
    modals: frozenset[str]
    stopwords: frozenset[str]
    synonyms: Mapping[str, str]
    threshold: int
    # Changes whenever a list or a value changes: stored findings of another version are stale.
    version: str
    rules: tuple[str, ...] = field(default=())
    # Stop words as stems, so "løsningen" and "løysinga" are left out like "løsning".
    stop_stems: frozenset[str] = frozenset()

    def setting(self, rule: str, name: str, default: int) -> int:
        """An integer setting of a rule (`max_chars` of `length`)."""
        value = self.settings.get(rule, {}).get(name, default)
        return int(value)


def _read_lines(text: str) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


def _shipped(name: str) -> str:
    return (importlib.resources.files("dialogs.quality") / "data" / name).read_text("utf-8")


def _word_list(name: str, extra: Path | None) -> tuple[str, ...]:
    words = _read_lines(_shipped(name))
    if extra is not None and (extra / name).is_file():
        words += _read_lines((extra / name).read_text("utf-8"))
    return tuple(dict.fromkeys(words))


def _config(extra: Path | None) -> dict[str, Any]:
    config: dict[str, Any] = tomllib.loads(_shipped("rules.toml"))
    if extra is not None and (extra / "rules.toml").is_file():
        override = tomllib.loads((extra / "rules.toml").read_text("utf-8"))
        for section, values in override.items():
            if isinstance(values, dict) and section == "rules":
                for rule, rule_values in values.items():
                    config["rules"].setdefault(rule, {}).update(rule_values)
            elif isinstance(values, dict):
                config.setdefault(section, {}).update(values)
    return config


LIST_FILES: Final = (
    "vague.txt",
    "vague_exceptions.txt",
    "escape.txt",
    "open_end.txt",
    "pronoun.txt",
    "comparative.txt",
    "modals.txt",
    "stopwords.txt",
    "synonyms.txt",
)


def _synonyms(lines: Iterable[str]) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for line in lines:
        word, _, target = line.partition("=")
        if word.strip() and target.strip():
            pairs[STEMMER.stems(word.strip())[0]] = STEMMER.stems(target.strip())[0]
    return pairs


@functools.cache
def load_book(extra: Path | None = None) -> RuleBook:
    """The rule book from the shipped data, extended by the files in `extra` (if any)."""
    config = _config(extra)
    lists = {name.removesuffix(".txt"): _word_list(name, extra) for name in LIST_FILES}
    rules = config.get("rules", {})
    digest = hashlib.sha256(repr((sorted(lists.items()), repr(config))).encode()).hexdigest()
    return RuleBook(
        penalties={rule: int(values.get("penalty", 0)) for rule, values in rules.items()},
        settings=rules,
        lists=lists,
        vague=Stems.of(lists["vague"]),
        comparative=Stems.of(lists["comparative"]),
        vague_exceptions=tuple(phrase_tokens(p) for p in lists["vague_exceptions"]),
        escape=tuple(phrase_tokens(p) for p in lists["escape"]),
        open_end=tuple(phrase_tokens(p) for p in lists["open_end"]),
        pronouns=frozenset(w.casefold() for w in lists["pronoun"] if w != ENGLISH_MARK),
        modals=frozenset(w.casefold() for w in lists["modals"]),
        stopwords=frozenset(w.casefold() for w in lists["stopwords"]),
        synonyms=_synonyms(lists["synonyms"]),
        threshold=int(config.get("overlap", {}).get("threshold", 80)),
        version=digest[:16],
        rules=tuple(rules),
        stop_stems=frozenset(STEMMER.stems(w.casefold())[0] for w in lists["stopwords"]),
    )
