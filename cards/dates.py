"""Dates and times as people read them, in Oslo time (or the configured zone)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from cards.texts import Language, text


def format_datetime(language: Language, moment: datetime, zone: ZoneInfo) -> str:
    """`4. desember 2026 kl. 15.00` (nb, nn) or `4 December 2026 15:00` (en), in `zone`."""
    local = moment.astimezone(zone)
    return text(
        language,
        "date.datetime",
        day=local.day,
        month=text(language, f"date.month.{local.month}"),
        year=local.year,
        hour=f"{local.hour:02d}",
        minute=f"{local.minute:02d}",
    )


def format_date(language: Language, day: date) -> str:
    """`4. desember 2026` (nb, nn) or `4 December 2026` (en)."""
    return text(
        language,
        "date.date",
        day=day.day,
        month=text(language, f"date.month.{day.month}"),
        year=day.year,
    )


def format_month(language: Language, day: date) -> str:
    """`desember 2026` or `December 2026`, for dates known only to the month."""
    return text(
        language, "date.month_year", month=text(language, f"date.month.{day.month}"), year=day.year
    )


def weekday(language: Language, day: date) -> str:
    """`mandag`, `måndag` or `Monday`."""
    return text(language, f"date.weekday.{day.weekday()}")
