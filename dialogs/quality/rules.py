"""The quality rules: pure functions over a requirement's text and fields.

Each rule returns at most one `Finding`: the rule's id, the words that triggered it and where
they stand in the text, so every finding can be explained. The score is 100 less the penalties
of the findings that are not dismissed. Anchors: the INCOSE Guide to Writing Requirements (no
vague terms, escape clauses, open ends or combinators; singular, verifiable requirements) and
Norwegian procurement practice (a "skal" requirement must be verifiable).
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from dialogs.quality.book import STEMMER, WORD, RuleBook
from vocabulary import RequirementType

MAX_SCORE: Final = 100

# Written out "og/eller", "and/or": two requirements, or one the supplier may halve.
_SLASHED: Final = re.compile(r"\b(og|eller|and|or)\s*/\s*(og|eller|and|or)\b", re.IGNORECASE)
# Where a sentence may start: the text's start, or after . ! ? : ; and a space.
_SENTENCE_END: Final = re.compile(r"[.!?:;]\s+")
# After a pronoun, these make it the subject of a clause ("Dette skal ...", "It must ...").
_VERB_AFTER: Final = frozenset(
    [
        "skal",
        "bør",
        "må",
        "kan",
        "er",
        "var",
        "blir",
        "vert",
        "har",
        "shall",
        "should",
        "must",
        "can",
        "is",
        "are",
        "was",
        "will",
        "has",
        "have",
    ]
)
# "kunne"/"kunna" between a modal and the verb: "skal kunne registreres".
_CAN: Final = frozenset({"kunne", "kunna"})
# Auxiliaries before a past participle ("skal bli registrert", "shall be stored").
_BECOME: Final = frozenset({"bli", "verte", "be", "blitt", "vorte", "been"})
_ENGLISH_AUX: Final = frozenset({"be", "been"})
# An agent after a passive says who does it: "godkjennes av saksbehandler".
_AGENT: Final = frozenset({"av", "by"})
_DIGIT: Final = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Token:
    """A word of the text, lower-cased, with its place."""

    word: str
    start: int
    end: int
    # The Norwegian stem, which phrase lists are matched against.
    stem: str = ""


@dataclass(frozen=True, slots=True)
class Fields:
    """What the rules read of a requirement."""

    text: str
    type: str = RequirementType.MUST
    source: str = ""
    rationale: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule's finding: the words that triggered it, their spans, and a count where one
    matters (the text's length, the number of modal verbs)."""

    rule: str
    words: tuple[str, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()
    count: int | None = None


@dataclass(frozen=True, slots=True)
class Assessment:
    """A requirement's score and findings; `dismissed` were set aside by people."""

    fingerprint: str
    score: int
    findings: tuple[Finding, ...]
    dismissed: tuple[Finding, ...] = ()


def normalised(text: str) -> str:
    """The text as compared for changes: NFC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def fingerprint(text: str) -> str:
    """SHA-256 of the normalised text: a dismissal holds while this stays the same."""
    return hashlib.sha256(normalised(text).encode("utf-8")).hexdigest()


def tokens(text: str) -> list[Token]:
    """The words of the text with their spans."""
    found = []
    for match in WORD.finditer(text):
        word = match.group().casefold()
        found.append(Token(word, match.start(), match.end(), STEMMER.stems(word)[0]))
    return found


def _finding(rule: str, text: str, hits: Sequence[tuple[int, int]]) -> Finding | None:
    if not hits:
        return None
    spans = tuple(sorted(set(hits)))
    return Finding(rule, tuple(text[a:b] for a, b in spans), spans)


def _phrase_hits(
    words: Sequence[Token], phrases: Sequence[tuple[str, ...]]
) -> list[tuple[int, int]]:
    """Spans of every phrase (a sequence of stems) found in the words."""
    stems = [token.stem for token in words]
    hits: list[tuple[int, int]] = []
    for phrase in phrases:
        size = len(phrase)
        for i in range(len(stems) - size + 1):
            if tuple(stems[i : i + size]) == phrase:
                hits.append((words[i].start, words[i + size - 1].end))
    return hits


def _vague_hits(book: RuleBook, words: Sequence[Token]) -> list[tuple[int, int]]:
    excepted = _phrase_hits(words, book.vague_exceptions)
    return [
        (t.start, t.end)
        for t in words
        if t.word in book.vague and not any(a <= t.start and t.end <= b for a, b in excepted)
    ]


def vague(book: RuleBook, fields: Fields, words: Sequence[Token]) -> Finding | None:
    """Vague or unmeasurable words ("brukervennlig", "rask", "fleksibel", "intuitive")."""
    return _finding("vague", fields.text, _vague_hits(book, words))


def escape(book: RuleBook, fields: Fields, words: Sequence[Token]) -> Finding | None:
    """Escape clauses ("om mulig", "ved behov", "så langt det passer")."""
    return _finding("escape", fields.text, _phrase_hits(words, book.escape))


def open_end(book: RuleBook, fields: Fields, words: Sequence[Token]) -> Finding | None:
    """Open ends ("osv.", "etc.", "blant annet"): the list has no end to verify against."""
    return _finding("open_end", fields.text, _phrase_hits(words, book.open_end))


def combinator(book: RuleBook, fields: Fields, words: Sequence[Token]) -> Finding | None:
    """ "og/eller", or more modal verbs than `max_modals`: several requirements in one text."""
    hits = [match.span() for match in _SLASHED.finditer(fields.text)]
    modals = [(t.start, t.end) for t in words if t.word in book.modals]
    limit = book.setting("combinator", "max_modals", 1)
    if len(modals) > limit:
        hits += modals
    found = _finding("combinator", fields.text, hits)
    if found is None or len(modals) <= limit:
        return found
    return Finding(found.rule, found.words, found.spans, count=len(modals))


def _sentence_starts(text: str) -> set[int]:
    starts = {0} | {match.end() for match in _SENTENCE_END.finditer(text)}
    return {start + len(text[start:]) - len(text[start:].lstrip()) for start in starts}


def pronoun(book: RuleBook, fields: Fields, words: Sequence[Token]) -> Finding | None:
    """A sentence opening with a pronoun as subject ("Dette skal ...", "Den må ...")."""
    starts = _sentence_starts(fields.text)
    hits = [
        (t.start, t.end)
        for t, after in itertools.pairwise(words)
        if t.start in starts and t.word in book.pronouns and after.word in _VERB_AFTER
    ]
    return _finding("pronoun", fields.text, hits)


def _is_s_passive(word: str) -> bool:
    # Bokmål "registreres", nynorsk "registrerast".
    return (len(word) >= 5 and word.endswith("es")) or (len(word) >= 6 and word.endswith("ast"))


def _is_participle(word: str, aux: str) -> bool:
    # English participles after "be" ("stored", "shown", "sent"); Norwegian after "bli"/"verte"
    # ("registrert", "sendt", "lagra").
    if aux in _ENGLISH_AUX:
        return len(word) >= 4 and word.endswith(("ed", "en", "wn", "nt"))
    return len(word) >= 4 and word.endswith(("t", "d", "a"))


def passive(book: RuleBook, fields: Fields, words: Sequence[Token]) -> Finding | None:
    """A passive after a modal with no agent ("skal registreres"): who does it?"""
    hits: list[tuple[int, int]] = []
    size = len(words)
    for i, token in enumerate(words):
        if token.word not in book.modals:
            continue
        k = i + 1
        if k < size and words[k].word in _CAN:
            k += 1
        if k + 1 < size and words[k].word in _BECOME:
            k += 1
            passive_form = _is_participle(words[k].word, words[k - 1].word)
        else:
            passive_form = k < size and _is_s_passive(words[k].word)
        agent = k + 1 < size and words[k + 1].word in _AGENT
        if passive_form and not agent:
            hits.append((token.start, words[k].end))
    return _finding("passive", fields.text, hits)


def unverifiable(book: RuleBook, fields: Fields, words: Sequence[Token]) -> Finding | None:
    """A "skal" requirement whose quality words have no number to verify them against."""
    if fields.type != RequirementType.MUST or _DIGIT.search(fields.text):
        return None
    hits = _vague_hits(book, words) + [
        (t.start, t.end) for t in words if t.word in book.comparative
    ]
    return _finding("unverifiable", fields.text, hits)


def no_rationale(book: RuleBook, fields: Fields, words: Sequence[Token]) -> Finding | None:
    """No rationale: reviewers and suppliers cannot tell why the requirement is there."""
    return None if fields.rationale.strip() else Finding("no_rationale")


def no_source(book: RuleBook, fields: Fields, words: Sequence[Token]) -> Finding | None:
    """No source (law, standard, workshop): nobody can trace where it came from."""
    return None if fields.source.strip() else Finding("no_source")


def length(book: RuleBook, fields: Fields, words: Sequence[Token]) -> Finding | None:
    """Shorter than `min_chars` or longer than `max_chars` characters."""
    size = len(fields.text.strip())
    low = book.setting("length", "min_chars", 30)
    high = book.setting("length", "max_chars", 400)
    return Finding("length", count=size) if size < low or size > high else None


Rule = Callable[[RuleBook, Fields, Sequence[Token]], Finding | None]

RULES: Final[dict[str, Rule]] = {
    "vague": vague,
    "escape": escape,
    "open_end": open_end,
    "combinator": combinator,
    "pronoun": pronoun,
    "passive": passive,
    "unverifiable": unverifiable,
    "no_rationale": no_rationale,
    "no_source": no_source,
    "length": length,
}


def findings(book: RuleBook, fields: Fields) -> list[Finding]:
    """Every rule's finding for the requirement, in the rule book's order."""
    words = tokens(fields.text)
    found = (RULES[rule](book, fields, words) for rule in book.rules if rule in RULES)
    return [finding for finding in found if finding is not None]


def score(book: RuleBook, open_findings: Sequence[Finding]) -> int:
    """100 less the penalties of the open findings, never below 0."""
    return max(0, MAX_SCORE - sum(book.penalties.get(f.rule, 0) for f in open_findings))


def assess(book: RuleBook, fields: Fields, dismissed: frozenset[str] = frozenset()) -> Assessment:
    """The requirement's findings and score; rules in `dismissed` are set aside, not scored."""
    found = findings(book, fields)
    open_findings = tuple(f for f in found if f.rule not in dismissed)
    set_aside = tuple(f for f in found if f.rule in dismissed)
    return Assessment(
        fingerprint(fields.text), score(book, open_findings), open_findings, set_aside
    )
