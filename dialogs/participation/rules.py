"""Participation rules as pure functions: shares, flags and the weekly nudge key.

A municipality is flagged `nobody` when it has no member in some working group, and `silent`
when it had something to answer or vote on but neither answered nor voted for `silent_weeks`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final

from vocabulary import ParticipationFlag

DEFAULT_SILENT_WEEKS: Final = 3


@dataclass(frozen=True, slots=True)
class GroupCounts:
    """One municipality in one group: what it was asked for and what it did."""

    group_code: str
    working: bool
    members: int
    answers: int
    asked: int
    votes: int
    electors: int
    last_activity: datetime | None


@dataclass(frozen=True, slots=True)
class Participation:
    """One municipality across the groups: totals, shares, last activity, flags."""

    number: str
    name: str
    members: int
    groups: tuple[GroupCounts, ...]
    answer_share: float | None
    vote_share: float | None
    last_activity: datetime | None
    flags: tuple[ParticipationFlag, ...]
    # Working groups where the municipality has nobody, by code.
    missing_groups: tuple[str, ...]


def share(done: int, asked: int) -> float | None:
    """`done` of `asked` as a fraction in [0, 1]; None when nothing was asked."""
    if asked <= 0:
        return None
    return min(max(done, 0) / asked, 1.0)


def flags_of(
    groups: Sequence[GroupCounts], now: datetime, silent_weeks: int = DEFAULT_SILENT_WEEKS
) -> tuple[ParticipationFlag, ...]:
    """The flags of a municipality from its counts per group (working groups listed even with
    no members)."""
    found: list[ParticipationFlag] = []
    if any(g.working and g.members == 0 for g in groups):
        found.append(ParticipationFlag.NOBODY)
    asked = sum(g.asked + g.electors for g in groups if g.members)
    last = max((g.last_activity for g in groups if g.last_activity), default=None)
    if asked and (last is None or now - last >= timedelta(weeks=silent_weeks)):
        found.append(ParticipationFlag.SILENT)
    return tuple(found)


def summarise(
    number: str,
    name: str,
    groups: Sequence[GroupCounts],
    now: datetime,
    silent_weeks: int = DEFAULT_SILENT_WEEKS,
) -> Participation:
    """One municipality's participation from its counts per group."""
    moments = [g.last_activity for g in groups if g.last_activity is not None]
    return Participation(
        number=number,
        name=name,
        members=sum(g.members for g in groups),
        groups=tuple(groups),
        answer_share=share(sum(g.answers for g in groups), sum(g.asked for g in groups)),
        vote_share=share(sum(g.votes for g in groups), sum(g.electors for g in groups)),
        last_activity=max(moments) if moments else None,
        flags=flags_of(groups, now, silent_weeks),
        missing_groups=tuple(g.group_code for g in groups if g.working and g.members == 0),
    )


def percent(value: float | None) -> int | None:
    """A share as a whole percentage (rounded half up), or None."""
    return None if value is None else int(value * 100 + 0.5)


def nudge_key(number: str, day: date) -> str:
    """At most one nudge per municipality and ISO week: `nudge:3905:2024-W38`."""
    year, week, _ = day.isocalendar()
    return f"nudge:{number}:{year}-W{week:02d}"


def flagged(rows: Sequence[Participation]) -> list[Participation]:
    """The municipalities with a flag, silent ones first, then by name."""
    return sorted(
        (row for row in rows if row.flags),
        key=lambda row: (ParticipationFlag.SILENT not in row.flags, row.name),
    )


def by_number(rows: Sequence[Participation]) -> Mapping[str, Participation]:
    """The rows by kommunenummer."""
    return {row.number: row for row in rows}
