"""What changed in a requirement's text, word by word, as plain text a card can show as is.

Removed words are marked `[-like this-]` and added words `{+like this+}` (the markers of
`git diff --word-diff`): plain characters, so Teams renders them as written, with no markdown
that could turn into bold or strike-through, and a screen reader reads them out.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from enum import StrEnum
from typing import Final

REMOVED_OPEN: Final = "[-"
REMOVED_CLOSE: Final = "-]"
ADDED_OPEN: Final = "{+"
ADDED_CLOSE: Final = "+}"


class Part(StrEnum):
    """What a run of words is in the new text compared to the old."""

    SAME = "same"
    REMOVED = "removed"
    ADDED = "added"


def word_difference(old: str, new: str) -> list[tuple[Part, str]]:
    """Runs of words kept, removed and added from `old` to `new` (words split on white space).

    Joining the runs that are not `ADDED` gives the old words, those not `REMOVED` the new.
    """
    before, after = old.split(), new.split()
    runs: list[tuple[Part, str]] = []
    matcher = SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append((Part.SAME, " ".join(before[i1:i2])))
            continue
        if i2 > i1:
            runs.append((Part.REMOVED, " ".join(before[i1:i2])))
        if j2 > j1:
            runs.append((Part.ADDED, " ".join(after[j1:j2])))
    return runs


def marked_difference(old: str, new: str) -> str:
    """The new text with removed words as `[-…-]` and added words as `{+…+}`."""
    shown = []
    for part, words in word_difference(old, new):
        if part == Part.REMOVED:
            shown.append(f"{REMOVED_OPEN}{words}{REMOVED_CLOSE}")
        elif part == Part.ADDED:
            shown.append(f"{ADDED_OPEN}{words}{ADDED_CLOSE}")
        else:
            shown.append(words)
    return " ".join(shown)
