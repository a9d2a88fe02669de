"""Overlap: a labelled fixture of requirement pairs (tests/data/overlap_pairs.csv) with precision
and recall, the near-duplicates planted across groups in the demo catalogue, and the candidate
step that must not lose a pair the full comparison finds."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

from dialogs.demo.load import demo_requirements
from dialogs.quality.book import load_book
from dialogs.quality.overlap import Text, find_overlaps, overlaps_of, similarity, stems

BOOK = load_book()
PAIRS = Path(__file__).parent / "data" / "overlap_pairs.csv"


def labelled() -> list[tuple[bool, Text, Text]]:
    with PAIRS.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream, delimiter=";"))
    return [
        (
            row["label"] == "duplicate",
            Text(f"A-{number:03d}", row["group_a"], row["text_a"]),
            Text(f"B-{number:03d}", row["group_b"], row["text_b"]),
        )
        for number, row in enumerate(rows)
    ]


def test_precision_and_recall_on_the_labelled_pairs() -> None:
    pairs = labelled()
    assert len(pairs) >= 60
    assert sum(duplicate for duplicate, _, _ in pairs) >= 25
    assert sum(not duplicate for duplicate, _, _ in pairs) >= 25
    # The pairs go through the real catalogue path: every text at once, candidates, scores.
    texts = [text for _, first, second in pairs for text in (first, second)]
    found = {(o.first, o.second) for o in find_overlaps(BOOK, texts)}
    flagged = [((a.key, b.key) in found, duplicate) for duplicate, a, b in pairs]
    true_positives = sum(hit and duplicate for hit, duplicate in flagged)
    precision = true_positives / max(1, sum(hit for hit, _ in flagged))
    recall = true_positives / sum(duplicate for _, duplicate in flagged)
    print(f"overlap fixture: {len(pairs)} pairs, precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.9
    assert recall >= 0.9


def test_planted_cross_group_duplicates_in_the_demo_catalogue() -> None:
    texts = [Text(r.key, r.group_code, r.text) for r in demo_requirements()]
    found = {(o.first, o.second): o for o in find_overlaps(BOOK, texts)}
    planted = {
        ("HJT-002", "INST-011"),
        ("HJT-001", "TMN-011"),
        ("RUS-011", "TEK-005"),
        ("HJT-011", "INST-006"),
    }
    assert planted <= set(found)
    assert all(found[pair].cross_group for pair in planted)
    # Nothing else in the demo catalogue is that alike: its other requirements are distinct.
    assert set(found) == planted


def test_candidates_lose_no_pair_the_full_comparison_finds() -> None:
    texts = [t for _, a, b in labelled() for t in (a, b)]
    texts += [Text(r.key, r.group_code, r.text) for r in demo_requirements()]
    sets = [stems(BOOK, t.text) for t in texts]
    brute = {
        tuple(sorted((texts[i].key, texts[j].key)))
        for i, j in itertools.combinations(range(len(texts)), 2)
        if similarity(sets[i], sets[j]) >= BOOK.threshold
    }
    assert {(o.first, o.second) for o in find_overlaps(BOOK, texts)} == brute


def test_one_against_all_matches_the_catalogue_pairs() -> None:
    texts = [Text(r.key, r.group_code, r.text) for r in demo_requirements()]
    mine = overlaps_of(BOOK, "HJT-002", texts)
    assert [(o.first, o.second) for o in mine] == [("HJT-002", "INST-011")]
    assert overlaps_of(BOOK, "NOPE-1", texts) == []


def test_normalisation_makes_nynorsk_and_inflections_one() -> None:
    bokmal = stems(BOOK, "Løsningen skal varsle tilsette ved endringer")
    nynorsk = stems(BOOK, "Løysinga skal varsle tilsette ved endringar")
    assert bokmal == nynorsk
