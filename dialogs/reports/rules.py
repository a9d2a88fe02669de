"""Rules of status reports as pure functions: the schedule (`KRAVBOT_REPORT_CRON`), which weeks
a report is due, the period it covers, and what an assessment may be."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Final

from cards.report_cards import MAX_ASSESSMENT

DAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_CRON: Final = "mon 08:00 every 2 weeks"
_CRON = re.compile(
    r"^\s*(mon|tue|wed|thu|fri|sat|sun)\s+([01]?\d|2[0-3]):([0-5]\d)"
    r"(?:\s+every\s+([1-9]|1[0-2])\s+weeks?)?\s*$"
)


@dataclass(frozen=True, slots=True)
class ReportSchedule:
    """A report every `every` weeks on a weekday (0 = Monday) at a local time."""

    weekday: int
    at: time
    every: int = 1

    def cron_fields(self) -> dict[str, str | int]:
        """The weekly run as APScheduler cron fields; `is_report_week` skips the other weeks."""
        return {"day_of_week": DAYS[self.weekday], "hour": self.at.hour, "minute": self.at.minute}


def parse_schedule(spec: str) -> ReportSchedule:
    """`mon 08:00 every 2 weeks` -> every other Monday 08:00; `fri 14:00` -> every Friday.
    Raises ValueError for anything else."""
    match = _CRON.match(spec.lower())
    if match is None:
        raise ValueError(
            "expected a weekday, a time and how often, like 'mon 08:00 every 2 weeks', "
            f"not {spec!r}"
        )
    every = int(match[4]) if match[4] else 1
    return ReportSchedule(DAYS.index(match[1]), time(int(match[2]), int(match[3])), every)


def week_number(day: date) -> int:
    """Weeks since a fixed Monday: counts on across years (ISO week numbers restart at 1)."""
    return (day.toordinal() - 1) // 7


def is_report_week(day: date, every: int) -> bool:
    """Whether a report is due in the week of `day`: every `every`-th week, counted from a
    fixed Monday, so a restart or a fail-over never shifts the rhythm."""
    return week_number(day) % every == 0


def period_start(end: date, every: int, previous_end: date | None) -> date:
    """The first day a report ending on `end` covers: the day after the previous report, else
    `every` weeks back; never after `end`."""
    start = previous_end + timedelta(days=1) if previous_end else end - timedelta(weeks=every)
    return min(start, end)


def assessment_problem(assessment: str, *, approving: bool) -> str | None:
    """What is wrong with an assessment (`assessment_missing`, `assessment_long`), or None."""
    if len(assessment) > MAX_ASSESSMENT:
        return "assessment_long"
    if approving and not assessment.strip():
        return "assessment_missing"
    return None
