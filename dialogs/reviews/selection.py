"""Which requirements a round covers: keys, key ranges, a category or a status (pure parsing)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from dialogs.kernel.deadlines import parse_deadline
from vocabulary import RequirementStatus

__all__ = ["Selection", "parse_deadline", "parse_selection"]

_RANGE: Final = re.compile(r"^([A-Z]+-)(\d+)\.\.([A-Z]+-)(\d+)$")
_KEY: Final = re.compile(r"^[A-Z]+-\d+$")
# Longer ranges are almost certainly a typo (HJT-001..HJT-40000).
MAX_RANGE: Final = 5000
_CATEGORY_WORDS: Final = ("kategori", "category")
_STATUS_WORDS: Final = ("status",)
# The status words people may type, in every language, to the stored status.
STATUS_WORDS: Final = {
    "utkast": RequirementStatus.DRAFT,
    "draft": RequirementStatus.DRAFT,
    "til gjennomgang": RequirementStatus.IN_REVIEW,
    "in_review": RequirementStatus.IN_REVIEW,
    "enighet": RequirementStatus.AGREED,
    "semje": RequirementStatus.AGREED,
    "agreed": RequirementStatus.AGREED,
    "omstridt": RequirementStatus.CONTESTED,
    "omstridd": RequirementStatus.CONTESTED,
    "contested": RequirementStatus.CONTESTED,
    "godkjent": RequirementStatus.APPROVED,
    "approved": RequirementStatus.APPROVED,
    "utsatt": RequirementStatus.DEFERRED,
    "deferred": RequirementStatus.DEFERRED,
}


@dataclass(frozen=True, slots=True)
class Selection:
    """What the lead asked for: keys (ranges expanded, in order), or a category, or a status."""

    keys: list[str] = field(default_factory=list)
    category: str | None = None
    status: str | None = None
    invalid: list[str] = field(default_factory=list)
    # Keys that came from a range: a gap in the numbering is not an error.
    from_ranges: frozenset[str] = frozenset()


def parse_selection(raw: str) -> Selection:
    """Parse `HJT-001, HJT-003..HJT-010`, `kategori: Dokumentasjon` or `status: utkast`."""
    cleaned = raw.strip()
    lowered = cleaned.lower()
    for word in _CATEGORY_WORDS:
        if lowered.startswith(word) and cleaned[len(word) :].lstrip().startswith(":"):
            return Selection(category=cleaned[len(word) :].lstrip()[1:].strip())
    for word in _STATUS_WORDS:
        if lowered.startswith(word) and cleaned[len(word) :].lstrip().startswith(":"):
            value = cleaned[len(word) :].lstrip()[1:].strip().lower()
            status = STATUS_WORDS.get(value)
            return Selection(status=status, invalid=[] if status else [value])
    keys: list[str] = []
    invalid: list[str] = []
    ranged: set[str] = set()
    joined = re.sub(r"\s*(\.\.|–|—)\s*", "..", cleaned.upper())
    for part in re.split(r"[,;\s]+", joined):
        part = part.strip()
        if not part:
            continue
        match = _RANGE.match(part)
        if match:
            prefix, first, end_prefix, last = match.groups()
            low, high = int(first), int(last)
            if prefix != end_prefix or high < low or high - low >= MAX_RANGE:
                invalid.append(part)
                continue
            width = len(first)
            expanded = [f"{prefix}{number:0{width}d}" for number in range(low, high + 1)]
            keys.extend(expanded)
            ranged.update(expanded)
        elif _KEY.match(part):
            keys.append(part)
        else:
            invalid.append(part)
    unique = list(dict.fromkeys(keys))
    explicit = {part for part in unique if part not in ranged}
    return Selection(keys=unique, invalid=invalid, from_ranges=frozenset(ranged - explicit))
