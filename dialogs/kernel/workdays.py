"""Working days and sending hours in Norway: the rules every reminder follows.

Working days skip weekends and Norwegian public holidays (the `holidays` package knows Easter
and the other movable days). Times are computed in local time (Europe/Oslo by default) and
converted to UTC at the end, so daylight-saving changes never shift a reminder.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

OSLO = ZoneInfo("Europe/Oslo")
# Kravbot never sends outside these local hours (people's evenings and nights are theirs).
OFFICE_START = time(8, 0)
OFFICE_END = time(16, 0)


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    # Sundays are listed as holidays by the package in Norway; weekends are handled apart.
    return frozenset(holidays.country_holidays("NO", years=year, include_sundays=False).keys())


def is_holiday(day: date) -> bool:
    """A Norwegian public holiday (1 January, Easter, 1 and 17 May, Ascension, Whit, Christmas)."""
    return day in _holidays(day.year)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a public holiday."""
    return day.weekday() < 5 and not is_holiday(day)


def next_working_day(day: date, *, include_today: bool = False) -> date:
    """The first working day after `day` (or `day` itself when allowed and working)."""
    candidate = day if include_today else day + timedelta(days=1)
    while not is_working_day(candidate):
        candidate += timedelta(days=1)
    return candidate


def previous_working_day(day: date, *, include_today: bool = False) -> date:
    """The last working day before `day` (or `day` itself when allowed and working)."""
    candidate = day if include_today else day - timedelta(days=1)
    while not is_working_day(candidate):
        candidate -= timedelta(days=1)
    return candidate


def add_working_days(day: date, count: int) -> date:
    """`count` working days after `day` (before, when negative); `day` itself never counts."""
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    current = day
    while remaining:
        current += timedelta(days=step)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` <= `start`)."""
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count


def local_time(day: date, at: time, zone: ZoneInfo = OSLO) -> datetime:
    """`day` at wall-clock `at` in `zone`, as an aware UTC datetime."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def within_office_hours(moment: datetime, zone: ZoneInfo = OSLO) -> datetime:
    """`moment`, or the next working-day morning (08:00) if it falls outside 08:00-16:00."""
    local = moment.astimezone(zone)
    if is_working_day(local.date()) and OFFICE_START <= local.time() < OFFICE_END:
        return moment.astimezone(UTC)
    day = local.date()
    if is_working_day(day) and local.time() < OFFICE_START:
        return local_time(day, OFFICE_START, zone)
    return local_time(next_working_day(day), OFFICE_START, zone)


def working_morning(day: date, at: time = time(9, 0), zone: ZoneInfo = OSLO) -> datetime:
    """`at` (default 09:00) on `day` if it is a working day, else on the working day before."""
    return local_time(previous_working_day(day, include_today=True), at, zone)


def reminder_times(
    deadline: datetime, now: datetime, zone: ZoneInfo = OSLO, at: time = time(9, 0)
) -> list[datetime]:
    """`at` (Oslo) two working days before the deadline and on its working morning, leaving
    out any that is not strictly between now and the deadline."""
    day = deadline.astimezone(zone).date()
    chosen: list[datetime] = []
    for moment in (local_time(add_working_days(day, -2), at, zone), working_morning(day, at, zone)):
        if now < moment < deadline and moment not in chosen:
            chosen.append(moment)
    return chosen
