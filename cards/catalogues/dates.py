"""How a date and a time are joined: `4. desember 2026 kl. 15.00` and `4 December 2026 15:00`.

Month and weekday names and the date patterns come from CLDR (see `cards/dates.py`).
"""

from __future__ import annotations

from typing import Final

from cards.catalogues import Catalogue

TEXTS: Final[Catalogue] = {
    "date.datetime": {
        "nb": "{date} kl. {time}",
        "nn": "{date} kl. {time}",
        "en": "{date} {time}",
    },
}
