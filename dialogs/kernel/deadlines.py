"""A deadline typed by a person (a form's date and time, or the command line), in Oslo time."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo


def parse_deadline(value: str, zone: ZoneInfo, at: str | None = None) -> datetime | None:
    """`2026-12-04T15:00` (or a date and a separate `15:00`) in `zone`, as an aware datetime."""
    value = value.strip()
    try:
        if at is not None:
            day = date.fromisoformat(value)
            clock = time.fromisoformat(at.strip() or "15:00")
            local = datetime.combine(day, clock)
        else:
            local = datetime.fromisoformat(value.replace(" ", "T", 1))
    except ValueError:
        return None
    if local.tzinfo is not None:
        return local
    return local.replace(tzinfo=zone)
