"""When the weekly digest goes out: `KRAVBOT_DIGEST_CRON`, a weekday and a local time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from typing import Final

DAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CRON = re.compile(r"^\s*(mon|tue|wed|thu|fri|sat|sun)\s+([01]?\d|2[0-3]):([0-5]\d)\s*$")


@dataclass(frozen=True, slots=True)
class DigestSchedule:
    """When the digest goes out: a weekday (0 = Monday) at a local time."""

    weekday: int
    at: time

    def cron_fields(self) -> dict[str, str | int]:
        """The schedule as APScheduler cron fields (`day_of_week`, `hour`, `minute`)."""
        return {"day_of_week": DAYS[self.weekday], "hour": self.at.hour, "minute": self.at.minute}


def parse_cron(spec: str) -> DigestSchedule:
    """`mon 08:30` -> Monday 08:30. Raises ValueError for anything else."""
    match = _CRON.match(spec.lower())
    if match is None:
        raise ValueError(f"expected a weekday and a time like 'mon 08:30', not {spec!r}")
    return DigestSchedule(DAYS.index(match[1]), time(int(match[2]), int(match[3])))
