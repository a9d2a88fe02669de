"""Who may read a decision, and which dates a decision entered by hand may carry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from vocabulary import GroupKind

# Members of these groups oversee the whole project, so they read every decision.
OVERSIGHT: Final = frozenset({GroupKind.STEERING, GroupKind.PROJECT, GroupKind.OWNER})


@dataclass(frozen=True, slots=True)
class Reader:
    """Someone asking for a decision: their groups (code and kind) and their standing."""

    groups: frozenset[tuple[str, str]] = frozenset()
    lead: bool = False  # the project lead or an administrator


def may_read_decision(group_code: str, reader: Reader) -> bool:
    """A decision is read by the members of its group, the members of the steering group, the
    project group and the project owner, the project lead and administrators."""
    if reader.lead:
        return True
    return any(kind in OVERSIGHT or code == group_code for code, kind in reader.groups)


def readable_groups(reader: Reader, every_group: frozenset[str]) -> frozenset[str]:
    """The group codes whose decisions the reader may read (a filter for lists)."""
    return frozenset(code for code in every_group | {""} if may_read_decision(code, reader))


# The project and its funding were decided in January 2024: nothing was decided before.
PROJECT_START: Final = date(2024, 1, 1)


def decided_on(raw: str, today: date) -> tuple[date | None, bool]:
    """The «decided on» date of the form: (None, True) when left empty (today), (day, True)
    for a valid date from the project's start to today, (None, False) for anything else."""
    if not raw.strip():
        return None, True
    try:
        day = date.fromisoformat(raw.strip())
    except ValueError:
        return None, False
    return (day, True) if PROJECT_START <= day <= today else (None, False)
