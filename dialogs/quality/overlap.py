"""Overlap: near-duplicate requirements, within a group and across groups.

Texts are normalised the Norwegian way (case-folded, stemmed, nynorsk forms and synonyms to one
word, and words every requirement shares left out) into a set of stems. Candidate pairs come
from prefix filtering (pairs that share one of their rarest stems; a pair that shares none cannot
reach the Jaccard floor), so 3,000 requirements need a few thousand comparisons, not 4.5
million. Each candidate is scored with rapidfuzz's `token_sort_ratio` over the sorted stems.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from rapidfuzz import fuzz

from dialogs.quality.book import STEMMER, WORD, RuleBook

# Candidates must share this share of their stems (Jaccard) at the least; the score decides.
_JACCARD_FLOOR: Final = 0.4
# Words shorter than this carry no meaning of their own once stop words are gone.
_MIN_WORD: Final = 2


@dataclass(frozen=True, slots=True)
class Text:
    """A requirement as overlap sees it: its key, group and text."""

    key: str
    group: str
    text: str


@dataclass(frozen=True, slots=True)
class Overlap:
    """Two requirements that say nearly the same, with their similarity (0-100)."""

    first: str
    second: str
    similarity: int
    cross_group: bool


def _bokmal_plural(word: str) -> str:
    """Nynorsk plural endings as bokmål ones, which the Norwegian stemmer strips:
    endringar -> endringer, endringane -> endringene."""
    if len(word) >= 7 and word.endswith("ane"):
        return word[:-3] + "ene"
    if len(word) >= 6 and word.endswith("ar"):
        return word[:-2] + "er"
    return word


def stems(book: RuleBook, text: str) -> frozenset[str]:
    """The text's content words as stems, synonyms made one."""
    found: set[str] = set()
    for match in WORD.finditer(text.casefold()):
        word = match.group()
        if word in book.stopwords or len(word) < _MIN_WORD or word.isdigit():
            continue
        stem = STEMMER.stems(_bokmal_plural(word))[0]
        found.add(book.synonyms.get(stem, stem))
    return frozenset(found)


def similarity(first: frozenset[str], second: frozenset[str]) -> int:
    """How alike two stem sets are, 0-100 (rapidfuzz over the sorted stems)."""
    if not first or not second:
        return 0
    return round(fuzz.token_sort_ratio(" ".join(sorted(first)), " ".join(sorted(second))))


def _prefixes(sets: Sequence[frozenset[str]]) -> list[list[str]]:
    """Each set's rarest stems: any pair with Jaccard >= the floor shares one of them."""
    frequency = Counter(stem for found in sets for stem in found)
    prefixes: list[list[str]] = []
    for found in sets:
        ordered = sorted(found, key=lambda stem: (frequency[stem], stem))
        keep = len(ordered) - math.ceil(_JACCARD_FLOOR * len(ordered)) + 1
        prefixes.append(ordered[: max(keep, 1)])
    return prefixes


def candidates(sets: Sequence[frozenset[str]]) -> set[tuple[int, int]]:
    """Index pairs (i < j) that share a prefix stem."""
    index: dict[str, list[int]] = defaultdict(list)
    pairs: set[tuple[int, int]] = set()
    for i, prefix in enumerate(_prefixes(sets)):
        for stem in prefix:
            for j in index[stem]:
                pairs.add((j, i))
            index[stem].append(i)
    return pairs


def find_overlaps(
    book: RuleBook, texts: Sequence[Text], *, threshold: int | None = None
) -> list[Overlap]:
    """Every pair at or above the threshold, most similar first."""
    limit = book.threshold if threshold is None else threshold
    sets = [stems(book, item.text) for item in texts]
    found: list[Overlap] = []
    for i, j in candidates(sets):
        score = similarity(sets[i], sets[j])
        if score >= limit:
            a, b = sorted((texts[i], texts[j]), key=lambda item: item.key)
            found.append(Overlap(a.key, b.key, score, a.group != b.group))
    found.sort(key=lambda o: (-o.similarity, o.first, o.second))
    return found


def overlaps_of(
    book: RuleBook, key: str, texts: Sequence[Text], *, threshold: int | None = None
) -> list[Overlap]:
    """The pairs one requirement is part of (one against all)."""
    limit = book.threshold if threshold is None else threshold
    own = next((item for item in texts if item.key == key), None)
    if own is None:
        return []
    mine = stems(book, own.text)
    found: list[Overlap] = []
    for item in texts:
        if item.key == key:
            continue
        theirs = stems(book, item.text)
        if not mine & theirs:
            continue
        score = similarity(mine, theirs)
        if score >= limit:
            a, b = sorted((own, item), key=lambda entry: entry.key)
            found.append(Overlap(a.key, b.key, score, a.group != b.group))
    found.sort(key=lambda o: (-o.similarity, o.first, o.second))
    return found
