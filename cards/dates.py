"""Dates and times as people read them, in Oslo time (or the configured zone).

Month and weekday names and the order of day, month and year come from CLDR through Babel
(`nb_NO`, `nn_NO`, `en_GB`). The clock follows Språkrådet in Norwegian (`kl. 15.00`, where CLDR
has `15:00`), and is joined to the date by the catalogue text `date.datetime`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Final
from zoneinfo import ZoneInfo

from babel import dates as cldr

from cards.texts import LOCALES, Language, text

_CLOCK: Final[dict[Language, str]] = {"nb": "HH.mm", "nn": "HH.mm", "en": "HH:mm"}


def format_datetime(language: Language, moment: datetime, zone: ZoneInfo) -> str:
    """`4. desember 2026 kl. 15.00` (nb, nn) or `4 December 2026 15:00` (en), in `zone`."""
    local = moment.astimezone(zone)
    return text(
        language,
        "date.datetime",
        date=format_date(language, local.date()),
        time=format_time(language, local),
    )


def format_date(language: Language, day: date) -> str:
    """`4. desember 2026` (nb, nn) or `4 December 2026` (en)."""
    return cldr.format_date(day, "long", locale=LOCALES[language])


def format_time(language: Language, moment: datetime) -> str:
    """`15.00` (nb, nn) or `15:00` (en), of the clock time `moment` already has."""
    return cldr.format_time(moment, _CLOCK[language], locale=LOCALES[language])


def format_month(language: Language, day: date) -> str:
    """`desember 2026` or `December 2026`, for dates known only to the month."""
    return cldr.format_skeleton("yMMMM", day, locale=LOCALES[language])


def weekday(language: Language, day: date) -> str:
    """`mandag`, `måndag` or `Monday`."""
    return cldr.format_date(day, "EEEE", locale=LOCALES[language])
