"""When milestone reminders go out: a pure policy, computed in Oslo time on Norwegian working days.

The default policy (configurable per milestone, stored as JSON on the milestone):

- 14 calendar days before the due date, 3 working days before it, and on the due day, at 09:00,
  to the owner and the milestone's group conversation;
- when overdue, to the owner at 09:00 every working day, and once to the steering group's
  conversation when the milestone is 5 working days overdue.

A reminder that would fall on a weekend or public holiday moves to the working day *before*
(a reminder after the due date would be useless); a due date on a weekend is reminded on the
Friday before and is overdue from the next working day. A month-precision due date ("September
2024") counts as due on the month's last day. Nothing is ever sent outside 08:00-16:00 local time:
times are computed as local wall-clock times and converted to UTC last, so daylight-saving
changes never shift them.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo

from dialogs.kernel.workdays import (
    OFFICE_END,
    OFFICE_START,
    OSLO,
    add_working_days,
    is_working_day,
    local_time,
    next_working_day,
    previous_working_day,
    within_office_hours,
)
from vocabulary import Precision

# Who a reminder goes to.
OWNER_AND_GROUP: Final = "owner_and_group"
OWNER: Final = "owner"
STEERING: Final = "steering"

# Reminder kinds, in the order of urgency used when two fall on the same day.
KIND_DUE: Final = "due"
KIND_OVERDUE: Final = "overdue"
KIND_ESCALATION: Final = "escalation"


class PolicyError(ValueError):
    """A reminder policy that cannot be used; the message says which field."""


@dataclass(frozen=True, slots=True)
class ReminderPolicy:
    """Which reminders a milestone gets. The defaults are the project's agreed policy."""

    days_before: tuple[int, ...] = (14,)
    working_days_before: tuple[int, ...] = (3,)
    on_due_day: bool = True
    at: time = time(9, 0)
    overdue_daily: bool = True
    # Working days overdue before the steering group is told; 0 turns escalation off.
    escalate_after: int = 5

    def to_json(self) -> dict[str, Any]:
        """The policy as stored on the milestone (only what differs from the default)."""
        full: dict[str, Any] = {
            "days_before": list(self.days_before),
            "working_days_before": list(self.working_days_before),
            "on_due_day": self.on_due_day,
            "at": self.at.strftime("%H:%M"),
            "overdue_daily": self.overdue_daily,
            "escalate_after": self.escalate_after,
        }
        default = DEFAULT_POLICY_JSON
        return {key: value for key, value in full.items() if default.get(key) != value}

    @classmethod
    def from_json(cls, raw: dict[str, Any] | None) -> ReminderPolicy:
        """A policy from stored JSON; missing keys take the default. Raises `PolicyError`."""
        raw = raw or {}
        unknown = set(raw) - set(DEFAULT_POLICY_JSON)
        if unknown:
            raise PolicyError(f"unknown policy keys: {', '.join(sorted(unknown))}")
        merged = {**DEFAULT_POLICY_JSON, **raw}
        try:
            days = tuple(sorted({int(n) for n in merged["days_before"]}, reverse=True))
            working = tuple(sorted({int(n) for n in merged["working_days_before"]}, reverse=True))
            hour, _, minute = str(merged["at"]).partition(":")
            at = time(int(hour), int(minute or 0))
            escalate = int(merged["escalate_after"])
        except (TypeError, ValueError) as exc:
            raise PolicyError(f"bad policy value: {exc}") from None
        if any(n < 1 or n > 366 for n in days) or any(n < 1 or n > 60 for n in working):
            raise PolicyError("days_before must be 1-366 and working_days_before 1-60")
        if not OFFICE_START <= at < OFFICE_END:
            raise PolicyError("at must be within office hours (08:00-16:00)")
        if not 0 <= escalate <= 60:
            raise PolicyError("escalate_after must be 0-60")
        return cls(
            days_before=days,
            working_days_before=working,
            on_due_day=bool(merged["on_due_day"]),
            at=at,
            overdue_daily=bool(merged["overdue_daily"]),
            escalate_after=escalate,
        )


DEFAULT_POLICY_JSON: Final[dict[str, Any]] = {
    "days_before": [14],
    "working_days_before": [3],
    "on_due_day": True,
    "at": "09:00",
    "overdue_daily": True,
    "escalate_after": 5,
}
DEFAULT_POLICY: Final = ReminderPolicy()


@dataclass(frozen=True, slots=True, order=True)
class Reminder:
    """One reminder: when (UTC), which working day, what kind, to whom."""

    at: datetime
    day: date
    kind: str
    audience: str

    def key(self, milestone_id: int) -> str:
        """The timer key, also the outbox idempotency key: `milestone:7:due:2024-09-16`."""
        return f"{milestone_key_prefix(milestone_id)}{self.kind}:{self.day.isoformat()}"


def milestone_key_prefix(milestone_id: int) -> str:
    """Prefix of every timer of one milestone (the colon keeps 1 apart from 12)."""
    return f"milestone:{milestone_id}:"


def effective_due(due_date: date, precision: str) -> date:
    """The day a milestone counts as due: the day itself, or the last day of its month."""
    if precision == Precision.MONTH:
        last = calendar.monthrange(due_date.year, due_date.month)[1]
        return due_date.replace(day=last)
    return due_date


def _at(day: date, policy: ReminderPolicy, zone: ZoneInfo) -> datetime:
    # Policy times are validated to lie in office hours; the clamp guards older stored JSON.
    return within_office_hours(local_time(day, policy.at, zone), zone)


def before_due(
    due_date: date,
    precision: str,
    policy: ReminderPolicy = DEFAULT_POLICY,
    zone: ZoneInfo = OSLO,
) -> list[Reminder]:
    """The reminders up to and including the due day, soonest first, at most one per day.

    When two fall on the same working day, the more urgent one is kept (due day, then the
    fewest days before).
    """
    due = effective_due(due_date, precision)
    due_working = previous_working_day(due, include_today=True)
    candidates: list[tuple[int, date, str]] = []
    if policy.on_due_day:
        candidates.append((0, due_working, KIND_DUE))
    for count in policy.working_days_before:
        candidates.append((count, add_working_days(due_working, -count), f"wd{count}"))
    for count in policy.days_before:
        day = previous_working_day(due - timedelta(days=count), include_today=True)
        candidates.append((count + 1000, day, f"d{count}"))
    chosen: dict[date, tuple[int, str]] = {}
    for urgency, day, kind in candidates:
        if day not in chosen or urgency < chosen[day][0]:
            chosen[day] = (urgency, kind)
    return sorted(
        Reminder(_at(day, policy, zone), day, kind, OWNER_AND_GROUP)
        for day, (_, kind) in chosen.items()
    )


def overdue_from(due_date: date, precision: str) -> date:
    """The first working day on which the milestone is overdue."""
    return next_working_day(effective_due(due_date, precision))


def next_overdue(
    due_date: date,
    precision: str,
    after: datetime,
    policy: ReminderPolicy = DEFAULT_POLICY,
    zone: ZoneInfo = OSLO,
) -> Reminder | None:
    """The first daily overdue reminder to the owner strictly after `after`, or None."""
    if not policy.overdue_daily:
        return None
    day = overdue_from(due_date, precision)
    local_after = after.astimezone(zone).date()
    if day < local_after:
        day = next_working_day(local_after, include_today=True)
    while True:
        at = _at(day, policy, zone)
        if at > after:
            return Reminder(at, day, KIND_OVERDUE, OWNER)
        day = next_working_day(day)


def escalation(
    due_date: date,
    precision: str,
    policy: ReminderPolicy = DEFAULT_POLICY,
    zone: ZoneInfo = OSLO,
) -> Reminder | None:
    """The one reminder to the steering group, `escalate_after` working days overdue."""
    if policy.escalate_after <= 0:
        return None
    day = add_working_days(effective_due(due_date, precision), policy.escalate_after)
    return Reminder(_at(day, policy, zone), day, KIND_ESCALATION, STEERING)


def schedule(
    due_date: date,
    precision: str,
    now: datetime,
    policy: ReminderPolicy = DEFAULT_POLICY,
    zone: ZoneInfo = OSLO,
) -> list[Reminder]:
    """What to schedule now for an open milestone: every reminder still ahead before the due
    date, the escalation, and the *first* overdue reminder (each overdue one schedules the next).
    """
    planned = [r for r in before_due(due_date, precision, policy, zone) if r.at > now]
    first_overdue = next_overdue(due_date, precision, now, policy, zone)
    if first_overdue is not None:
        planned.append(first_overdue)
    escalated = escalation(due_date, precision, policy, zone)
    if escalated is not None and escalated.at > now:
        planned.append(escalated)
    return sorted(planned)


def plan_until(
    due_date: date,
    precision: str,
    now: datetime,
    until: datetime,
    policy: ReminderPolicy = DEFAULT_POLICY,
    zone: ZoneInfo = OSLO,
) -> list[Reminder]:
    """Every reminder from `now` to `until` as the chain of timers will send them (for tests,
    previews and the calendar)."""
    planned = [
        r for r in schedule(due_date, precision, now, policy, zone) if r.kind != KIND_OVERDUE
    ]
    cursor = now
    while True:
        overdue = next_overdue(due_date, precision, cursor, policy, zone)
        if overdue is None or overdue.at > until:
            break
        planned.append(overdue)
        cursor = overdue.at
    return sorted(r for r in planned if r.at <= until)


def is_overdue(due_date: date, precision: str, today: date) -> bool:
    """Past its (effective) due date on `today`."""
    return today > effective_due(due_date, precision)


def in_office_hours(moment: datetime, zone: ZoneInfo = OSLO) -> bool:
    """Whether `moment` lies in 08:00-16:00 local time on a working day."""
    local = moment.astimezone(zone)
    return is_working_day(local.date()) and OFFICE_START <= local.time() < OFFICE_END
