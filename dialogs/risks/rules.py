"""ROS rules as pure functions: a risk's score and level, its place in the 5x5 matrix, the
values a risk may hold, and the working days its owner is reminded on before a review."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Final
from zoneinfo import ZoneInfo

from dialogs.kernel.workdays import add_working_days, working_morning
from vocabulary import RiskStatus

SCALE: Final = range(1, 6)
MAX_TITLE: Final = 200
MAX_TEXT: Final = 4000
# Working days before the review date on which the owner is reminded.
REMINDER_DAYS: Final = (5, 1)
LOW: Final = "low"
MEDIUM: Final = "medium"
HIGH: Final = "high"
LEVELS: Final = (LOW, MEDIUM, HIGH)


def score(likelihood: int, consequence: int) -> int:
    """Likelihood times consequence, 1-25."""
    return likelihood * consequence


def level(likelihood: int, consequence: int) -> str:
    """low (1-4), medium (5-12) or high (15-25), as in the usual ROS matrix colours."""
    value = score(likelihood, consequence)
    if value <= 4:
        return LOW
    if value <= 12:
        return MEDIUM
    return HIGH


def matrix(risks: Iterable[tuple[int, int, int]]) -> dict[tuple[int, int], list[int]]:
    """Risk ids by (likelihood, consequence) cell, every one of the 25 cells present."""
    cells: dict[tuple[int, int], list[int]] = {(lk, cq): [] for lk in SCALE for cq in SCALE}
    for risk_id, likelihood, consequence in risks:
        cells[(likelihood, consequence)].append(risk_id)
    return cells


def value_problems(
    *, title: str, likelihood: int, consequence: int, status: str, description: str, measures: str
) -> list[str]:
    """Codes of what is wrong with a risk's values (empty when it may be stored)."""
    problems: list[str] = []
    if not title.strip():
        problems.append("title_missing")
    elif len(title) > MAX_TITLE:
        problems.append("title_long")
    if likelihood not in SCALE or consequence not in SCALE:
        problems.append("scale")
    if status not in tuple(RiskStatus):
        problems.append("status")
    if len(description) > MAX_TEXT or len(measures) > MAX_TEXT:
        problems.append("text_long")
    return problems


def reminder_times(
    review: date, now: datetime, zone: ZoneInfo, days: Iterable[int] = REMINDER_DAYS
) -> list[tuple[date, datetime]]:
    """(working day, 09:00 local) for each reminder before `review` that is still ahead."""
    planned: list[tuple[date, datetime]] = []
    for count in sorted(set(days), reverse=True):
        day = add_working_days(review, -count)
        at = working_morning(day, zone=zone)
        if at > now:
            planned.append((day, at))
    return planned


def review_key_prefix(risk_id: int) -> str:
    """The prefix of every review timer of a risk."""
    return f"risk:{risk_id}:review:"
