"""How dates and times are written: `4. desember 2026 kl. 15.00` and `4 December 2026 15:00`."""

from __future__ import annotations

from typing import Final

from cards.catalogues import Catalogue

_MONTHS_NO: Final = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
]
_MONTHS_EN: Final = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_WEEKDAYS_NB: Final = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
_WEEKDAYS_NN: Final = ["måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "sundag"]
_WEEKDAYS_EN: Final = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

TEXTS: Final[Catalogue] = {
    "date.datetime": {
        "nb": "{day}. {month} {year} kl. {hour}.{minute}",
        "nn": "{day}. {month} {year} kl. {hour}.{minute}",
        "en": "{day} {month} {year} {hour}:{minute}",
    },
    "date.date": {
        "nb": "{day}. {month} {year}",
        "nn": "{day}. {month} {year}",
        "en": "{day} {month} {year}",
    },
    "date.month_year": {
        "nb": "{month} {year}",
        "nn": "{month} {year}",
        "en": "{month} {year}",
    },
    **{
        f"date.month.{number}": {"nb": no, "nn": no, "en": en}
        for number, (no, en) in enumerate(zip(_MONTHS_NO, _MONTHS_EN, strict=True), start=1)
    },
    **{
        f"date.weekday.{number}": {"nb": nb, "nn": nn, "en": en}
        for number, (nb, nn, en) in enumerate(
            zip(_WEEKDAYS_NB, _WEEKDAYS_NN, _WEEKDAYS_EN, strict=True)
        )
    },
}
