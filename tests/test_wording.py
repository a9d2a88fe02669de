"""The word difference of a changed requirement (pure, property-based)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dialogs.reviews.wording import Part, marked_difference, word_difference

words = st.lists(st.sampled_from(["skal", "bør", "vise", "vedtak", "tiltak", "for", "alle"]))


@given(words, words)
def test_the_runs_rebuild_both_texts(old: list[str], new: list[str]) -> None:
    runs = word_difference(" ".join(old), " ".join(new))
    assert " ".join(w for part, w in runs if part != Part.ADDED).split() == old
    assert " ".join(w for part, w in runs if part != Part.REMOVED).split() == new


@given(words)
def test_an_unchanged_text_has_no_markers(same: list[str]) -> None:
    assert marked_difference(" ".join(same), " ".join(same)) == " ".join(same)


def test_markers_are_plain_text() -> None:
    marked = marked_difference("Systemet skal vise vedtak.", "Systemet bør vise vedtak.")
    assert marked == "Systemet [-skal-] {+bør+} vise vedtak."
