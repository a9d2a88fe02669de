"""The reminder-time rules of milestones: pure, in Oslo time, on Norwegian working days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialogs.kernel.workdays import OSLO, is_working_day
from dialogs.milestones import rules


def oslo(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=OSLO)


def local(reminders: list[rules.Reminder]) -> list[tuple[str, datetime]]:
    return [(r.kind, r.at.astimezone(OSLO).replace(tzinfo=None)) for r in reminders]


def naive(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute)


def test_default_policy_round_trips_as_empty_json() -> None:
    assert rules.DEFAULT_POLICY.to_json() == {}
    policy = rules.ReminderPolicy.from_json({"days_before": [7, 14], "at": "10:30"})
    assert policy.days_before == (14, 7) and policy.at == time(10, 30)
    assert rules.ReminderPolicy.from_json(policy.to_json()) == policy
    for bad in ({"at": "06:00"}, {"nope": 1}, {"days_before": ["x"]}, {"escalate_after": -1}):
        with pytest.raises(rules.PolicyError):
            rules.ReminderPolicy.from_json(bad)


def test_easter_2024_moves_reminders_to_the_working_day_before() -> None:
    # Due Tuesday 2 April 2024, the day after Easter Monday (Maundy Thursday 28 March to
    # Easter Monday 1 April are holidays).
    plan = rules.before_due(date(2024, 4, 2), "day")
    assert local(plan) == [
        ("d14", naive(2024, 3, 19, 9)),
        ("wd3", naive(2024, 3, 25, 9)),  # 3 working days before: Wed 27, Tue 26, Mon 25
        ("due", naive(2024, 4, 2, 9)),
    ]
    # Overdue from Wednesday 3 April; the escalation five working days later (Tue 9 April).
    esc = rules.escalation(date(2024, 4, 2), "day")
    assert esc is not None and local([esc]) == [("escalation", naive(2024, 4, 9, 9))]


def test_17_may_and_ascension_are_skipped() -> None:
    # Due Friday 17 May 2024 (Constitution Day): reminded Thursday 16 May; 9 May was Ascension.
    plan = rules.before_due(date(2024, 5, 17), "day")
    assert local(plan) == [
        ("d14", naive(2024, 5, 3, 9)),
        ("wd3", naive(2024, 5, 13, 9)),  # Wed 15, Tue 14, Mon 13
        ("due", naive(2024, 5, 16, 9)),
    ]
    first = rules.next_overdue(date(2024, 5, 17), "day", oslo(2024, 5, 17, 12))
    assert first is not None and first.day == date(2024, 5, 21)  # Whit Monday 20 May is a holiday


def test_christmas_and_new_year() -> None:
    # Due 27 December 2024 (Friday): 25 and 26 December are holidays.
    plan = rules.before_due(date(2024, 12, 27), "day")
    assert local(plan) == [
        ("d14", naive(2024, 12, 13, 9)),
        ("wd3", naive(2024, 12, 20, 9)),  # Tue 24, Mon 23, Fri 20
        ("due", naive(2024, 12, 27, 9)),
    ]
    first = rules.next_overdue(date(2024, 12, 27), "day", oslo(2024, 12, 27, 12))
    assert first is not None and first.day == date(2024, 12, 30)
    second = rules.next_overdue(date(2024, 12, 27), "day", first.at)
    assert second is not None and second.day == date(2024, 12, 31)
    third = rules.next_overdue(date(2024, 12, 27), "day", second.at)
    assert third is not None and third.day == date(2025, 1, 2)  # 1 January is a holiday


@pytest.mark.parametrize(
    ("due", "before", "after"),
    [
        (date(2024, 4, 2), date(2024, 3, 29), date(2024, 4, 2)),  # CET -> CEST on 31 March
        (date(2024, 10, 29), date(2024, 10, 25), date(2024, 10, 29)),  # CEST -> CET 27 October
    ],
)
def test_daylight_saving_changes_keep_nine_oclock(due: date, before: date, after: date) -> None:
    plan = rules.before_due(due, "day")
    for reminder in plan:
        assert reminder.at.astimezone(OSLO).time() == time(9, 0)
    offsets = {r.at.astimezone(OSLO).utcoffset() for r in plan}
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}
    assert (plan[-1].at.hour, plan[-1].at.tzinfo) == (7 if due.month == 4 else 8, UTC)


def test_due_on_a_weekend() -> None:
    # Due Sunday 15 September 2024: reminded Friday 13, overdue from Monday 16.
    plan = rules.before_due(date(2024, 9, 15), "day")
    assert local(plan) == [
        ("d14", naive(2024, 8, 30, 9)),  # 1 September is a Sunday -> Friday 30 August
        ("wd3", naive(2024, 9, 10, 9)),
        ("due", naive(2024, 9, 13, 9)),
    ]
    assert rules.overdue_from(date(2024, 9, 15), "day") == date(2024, 9, 16)


def test_month_precision_counts_from_the_last_day() -> None:
    # "November 2024": due Saturday 30 November -> reminded Friday 29; overdue Monday 2 December.
    assert rules.effective_due(date(2024, 11, 1), "month") == date(2024, 11, 30)
    plan = rules.before_due(date(2024, 11, 1), "month")
    assert local(plan) == [
        ("d14", naive(2024, 11, 15, 9)),
        ("wd3", naive(2024, 11, 26, 9)),
        ("due", naive(2024, 11, 29, 9)),
    ]
    assert rules.overdue_from(date(2024, 11, 1), "month") == date(2024, 12, 2)


def test_reminders_already_past_are_not_scheduled() -> None:
    planned = rules.schedule(date(2024, 9, 17), "day", oslo(2024, 9, 12, 9, 30))
    assert [r.kind for r in planned] == ["due", "overdue", "escalation"]


def test_same_day_keeps_the_most_urgent() -> None:
    policy = rules.ReminderPolicy(days_before=(1,), working_days_before=(1,))
    plan = rules.before_due(date(2024, 9, 17), "day", policy)
    assert [r.kind for r in plan] == ["wd1", "due"]


policies = st.builds(
    rules.ReminderPolicy,
    days_before=st.lists(st.integers(1, 60), max_size=3).map(lambda xs: tuple(sorted(set(xs)))),
    working_days_before=st.lists(st.integers(1, 20), max_size=3).map(
        lambda xs: tuple(sorted(set(xs)))
    ),
    on_due_day=st.booleans(),
    at=st.times(time(8, 0), time(15, 59)).map(lambda t: t.replace(second=0, microsecond=0)),
    overdue_daily=st.booleans(),
    escalate_after=st.integers(0, 10),
)


@settings(max_examples=150, deadline=None)
@given(
    due=st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    precision=st.sampled_from(["day", "month"]),
    offset=st.integers(-40, 40),
    hour=st.integers(0, 23),
    policy=policies,
)
def test_invariants(
    due: date, precision: str, offset: int, hour: int, policy: rules.ReminderPolicy
) -> None:
    now = oslo(due.year, due.month, due.day, hour) + timedelta(days=offset)
    plan = rules.plan_until(due, precision, now, now + timedelta(days=45), policy)
    assert plan == sorted(plan)
    keys = [r.key(1) for r in plan]
    assert len(keys) == len(set(keys))
    for reminder in plan:
        assert reminder.at > now
        assert rules.in_office_hours(reminder.at)  # never at night, never on a non-working day
        assert is_working_day(reminder.at.astimezone(OSLO).date())
        assert reminder.day == reminder.at.astimezone(OSLO).date()
        effective = rules.effective_due(due, precision)
        if reminder.kind in ("overdue", "escalation"):
            assert reminder.day > effective
        else:
            assert reminder.day <= effective
