"""Overlap: near-duplicate requirements, within a group and across groups.

Texts are normalised the Norwegian way (case-folded, stemmed, nynorsk forms and synonyms to one
word, and words every requirement shares left out) into a set of stems. Two requirements
overlap when they share at least half their stems (Jaccard) and rapidfuzz's `token_sort_ratio`
over their sorted stems reaches the threshold. Candidate pairs come from prefix filtering: a
pair that shares none of either's rarest stems cannot reach the Jaccard floor, so it is never
compared, and 3,000 requirements need a fraction of the 4.5 million comparisons.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from rapidfuzz import fuzz

from dialogs.quality.book import STEMMER, WORD, RuleBook

# An overlap shares at least half of its stems (Jaccard); the labelled pairs' duplicates share
# 0.56 or more and their distinct pairs 0.29 at most. Prefix filtering relies on this floor.
_JACCARD_FLOOR: Final = 0.5
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
    stop = book.stop_stems
    for match in WORD.finditer(text.casefold()):
        word = match.group()
        if word in book.stopwords or len(word) < _MIN_WORD or word.isdigit():
            continue
        stem = STEMMER.stems(_bokmal_plural(word))[0]
        if stem not in stop:
            found.add(book.synonyms.get(stem, stem))
    return frozenset(found)


def similarity(first: frozenset[str], second: frozenset[str]) -> int:
    """How alike two stem sets are, 0-100 (rapidfuzz over the sorted stems)."""
    if not first or not second:
        return 0
    return round(fuzz.token_sort_ratio(" ".join(sorted(first)), " ".join(sorted(second))))


def _shares_enough(first: frozenset[str], second: frozenset[str]) -> bool:
    """Jaccard >= the floor, without building the union: |A & B| >= floor * |A | B|."""
    shared = len(first & second)
    return shared > 0 and shared >= _JACCARD_FLOOR * (len(first) + len(second) - shared)


def score(first: frozenset[str], second: frozenset[str], threshold: int) -> int | None:
    """The pair's similarity when it is an overlap (enough shared stems, and a similarity at
    or above the threshold), else None. Cheap checks first: sizes, then shared stems."""
    small, large = (
        (len(first), len(second)) if len(first) <= len(second) else (len(second), len(first))
    )
    if small < _JACCARD_FLOOR * large or not _shares_enough(first, second):
        return None
    found = similarity(first, second)
    return found if found >= threshold else None


def _prefixes(sets: Sequence[frozenset[str]]) -> list[list[str]]:
    """Each set's rarest stems: any pair with Jaccard >= the floor shares one of them."""
    frequency = Counter(stem for found in sets for stem in found)
    prefixes: list[list[str]] = []
    for found in sets:
        ordered = sorted(found, key=lambda stem: (frequency[stem], stem))
        keep = len(ordered) - math.ceil(_JACCARD_FLOOR * len(ordered)) + 1
        prefixes.append(ordered[: max(keep, 1)])
    return prefixes


def find_overlaps(
    book: RuleBook, texts: Sequence[Text], *, threshold: int | None = None
) -> list[Overlap]:
    """Every overlapping pair, most similar first (prefix filtering: each requirement is
    compared only with earlier ones that share one of its rarest stems)."""
    limit = book.threshold if threshold is None else threshold
    sets = [stems(book, item.text) for item in texts]
    sizes = [len(found) for found in sets]
    index: dict[str, list[int]] = defaultdict(list)
    found: list[Overlap] = []
    for i, prefix in enumerate(_prefixes(sets)):
        seen: set[int] = set()
        mine, size, lowest = sets[i], sizes[i], _JACCARD_FLOOR * sizes[i]
        for stem in prefix:
            for j in index[stem]:
                if j in seen:
                    continue
                seen.add(j)
                # The size filter inline: most candidates stop here, before any set operation.
                if sizes[j] < lowest or size < _JACCARD_FLOOR * sizes[j]:
                    continue
                if not _shares_enough(mine, sets[j]):
                    continue
                pair_score = score(mine, sets[j], limit)
                if pair_score is not None:
                    a, b = sorted((texts[i], texts[j]), key=lambda item: item.key)
                    found.append(Overlap(a.key, b.key, pair_score, a.group != b.group))
            index[stem].append(i)
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
        pair_score = score(mine, stems(book, item.text), limit)
        if pair_score is not None:
            a, b = sorted((own, item), key=lambda entry: entry.key)
            found.append(Overlap(a.key, b.key, pair_score, a.group != b.group))
    found.sort(key=lambda o: (-o.similarity, o.first, o.second))
    return found
