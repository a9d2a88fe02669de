"""Working days, holidays, daylight saving and office hours in Oslo."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogs.kernel.workdays import (
    OSLO,
    add_working_days,
    is_holiday,
    is_working_day,
    local_time,
    next_working_day,
    previous_working_day,
    within_office_hours,
    working_days_between,
    working_morning,
)

days = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 1),  # nyttårsdag
        date(2026, 4, 2),  # skjærtorsdag
        date(2026, 4, 3),  # langfredag
        date(2026, 4, 6),  # 2. påskedag
        date(2026, 5, 1),
        date(2026, 5, 14),  # Kristi himmelfartsdag
        date(2026, 5, 17),
        date(2026, 5, 25),  # 2. pinsedag
        date(2026, 12, 25),
        date(2026, 12, 26),
        date(2024, 3, 28),  # skjærtorsdag 2024
    ],
)
def test_public_holidays(day: date) -> None:
    assert is_holiday(day)
    assert not is_working_day(day)


def test_ordinary_days() -> None:
    assert is_working_day(date(2026, 12, 4))  # a Friday
    assert not is_working_day(date(2026, 12, 5))  # Saturday
    assert not is_holiday(date(2026, 12, 24))  # Christmas Eve is not a public holiday


def test_easter_2026_skips_five_days() -> None:
    # Wednesday before Easter -> next working day is the Tuesday after 2. påskedag.
    assert next_working_day(date(2026, 4, 1)) == date(2026, 4, 7)
    assert add_working_days(date(2026, 4, 7), -2) == date(2026, 3, 31)


def test_two_working_days_before_a_monday_deadline() -> None:
    assert add_working_days(date(2026, 12, 7), -2) == date(2026, 12, 3)


def test_christmas_week() -> None:
    # Christmas Eve is an ordinary working day; 25 and 26 December are holidays.
    assert add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 24)
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 28)
    assert working_days_between(date(2026, 12, 23), date(2026, 12, 31)) == 5


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (date(2026, 3, 27), 8),  # Friday before the last Sunday of March: CET, UTC+1
        (date(2026, 3, 30), 7),  # Monday after: CEST, UTC+2
        (date(2026, 10, 23), 7),  # Friday before the last Sunday of October: CEST
        (date(2026, 10, 26), 8),  # Monday after: CET
    ],
)
def test_nine_oclock_is_nine_oclock_across_daylight_saving(day: date, utc_hour: int) -> None:
    moment = local_time(day, time(9, 0))
    assert moment.hour == utc_hour
    assert moment.astimezone(OSLO).hour == 9


def test_working_morning_on_a_weekend_moves_to_friday() -> None:
    moment = working_morning(date(2026, 12, 6))  # Sunday
    assert moment.astimezone(OSLO) == datetime(2026, 12, 4, 9, 0, tzinfo=OSLO)


def test_office_hours() -> None:
    evening = datetime(2026, 12, 4, 17, 30, tzinfo=OSLO)  # Friday evening
    assert within_office_hours(evening).astimezone(OSLO) == datetime(2026, 12, 7, 8, 0, tzinfo=OSLO)
    early = datetime(2026, 12, 3, 6, 0, tzinfo=OSLO)
    assert within_office_hours(early).astimezone(OSLO) == datetime(2026, 12, 3, 8, 0, tzinfo=OSLO)
    noon = datetime(2026, 12, 3, 12, 0, tzinfo=OSLO)
    assert within_office_hours(noon) == noon.astimezone(UTC)


@given(days, st.integers(min_value=-40, max_value=40))
def test_adding_working_days_lands_on_a_working_day(day: date, count: int) -> None:
    result = add_working_days(day, count)
    if count:
        assert is_working_day(result)
        assert (result > day) == (count > 0)
    else:
        assert result == day


@given(days, st.integers(min_value=0, max_value=40))
def test_working_days_between_inverts_adding(day: date, count: int) -> None:
    assert working_days_between(day, add_working_days(day, count)) == count


@given(days)
def test_neighbouring_working_days(day: date) -> None:
    after, before = next_working_day(day), previous_working_day(day)
    assert before < day < after
    assert all(not is_working_day(day + timedelta(days=i)) for i in range(1, (after - day).days))


@given(st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31)))
def test_office_hours_never_at_night_and_never_earlier(naive: datetime) -> None:
    moment = naive.replace(tzinfo=UTC)
    moved = within_office_hours(moment)
    assert moved >= moment
    local = moved.astimezone(OSLO)
    assert is_working_day(local.date())
    assert time(8, 0) <= local.time() < time(16, 0)
