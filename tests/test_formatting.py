"""Dates, numbers, percentages and lists come from CLDR (Babel) in nb, nn and en."""

from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from cards.dates import format_date, format_datetime, format_month, format_time, weekday
from cards.texts import format_list, format_number, format_percent, text

OSLO = ZoneInfo("Europe/Oslo")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", "4. desember 2026 kl. 15.00"),
        ("nn", "4. desember 2026 kl. 15.00"),
        ("en", "4 December 2026 15:00"),
    ],
)
def test_date_and_time_in_oslo(language: str, expected: str) -> None:
    assert format_datetime(language, datetime(2026, 12, 4, 14, 0, tzinfo=UTC), OSLO) == expected  # type: ignore[arg-type]


def test_summer_time_is_oslo_time() -> None:
    assert (
        format_datetime("nb", datetime(2026, 6, 1, 7, 5, tzinfo=UTC), OSLO)
        == "1. juni 2026 kl. 09.05"
    )
    assert format_time("en", datetime(2026, 6, 1, 9, 5)) == "09:05"


@pytest.mark.parametrize(
    ("language", "day", "month", "name"),
    [
        ("nb", "4. desember 2026", "desember 2026", "fredag"),
        ("nn", "4. desember 2026", "desember 2026", "fredag"),
        ("en", "4 December 2026", "December 2026", "Friday"),
    ],
)
def test_dates_months_and_weekdays(language: str, day: str, month: str, name: str) -> None:
    assert format_date(language, date(2026, 12, 4)) == day  # type: ignore[arg-type]
    assert format_month(language, date(2026, 12, 4)) == month  # type: ignore[arg-type]
    assert weekday(language, date(2026, 12, 4)) == name  # type: ignore[arg-type]


def test_nynorsk_weekdays_are_nynorsk() -> None:
    # CLDR writes `søndag` (allowed in nynorsk since 2012) beside the nynorsk-only forms.
    names = [
        weekday("nn", date(2026, 11, 30 + n) if n == 0 else date(2026, 12, n)) for n in range(7)
    ]
    assert names == ["måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "søndag"]


def test_numbers_and_percentages() -> None:
    assert format_number("nb", 1234.5) == "1\xa0234,5"
    assert format_number("nn", Fraction(1, 2)) == "0,5"
    assert format_number("en", 1234.5) == "1,234.5"
    assert format_percent("nb", "66.7") == "66,7\xa0%"
    assert format_percent("nn", 50) == "50\xa0%"
    assert format_percent("en", 50) == "50%"


def test_lists() -> None:
    names = ["Kari", "Ola", "Ingrid"]
    assert format_list("nb", names) == "Kari, Ola og Ingrid"
    assert format_list("nn", names) == "Kari, Ola og Ingrid"
    assert format_list("en", names) == "Kari, Ola and Ingrid"
    assert format_list("en", ["Approve", "Reject"], style="or") == "Approve or Reject"
    assert format_list("nb", []) == ""


def test_a_list_given_to_a_text_is_written_as_a_list() -> None:
    assert text("nb", "review.error.unknown_keys", keys=["HJT-001", "HJT-002", "HJT-003"]) == (
        "Jeg finner ikke disse kravene: HJT-001, HJT-002 og HJT-003."
    )


def test_percent_placeholders_in_poll_texts() -> None:
    values = {"turnout": 3, "electorate": 5, "quorum": "66.7"}
    assert text("nb", "polls.result.quorum_met", **values) == "Ja (3 av 5 stemte, krav 66,7\xa0%)"
    assert text("en", "polls.result.quorum_met", **values) == "Met (3 of 5 voted, 66.7% needed)"
