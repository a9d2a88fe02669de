"""When to retry a call to Teams, and how long to wait: pure rules shared by every sender."""

from __future__ import annotations

import random
from collections.abc import Callable

# Microsoft's guidance for the Bot Connector: these are transient.
RETRYABLE_STATUSES = frozenset({412, 429, 502, 504})


def is_retryable(status: int) -> bool:
    """True for throttling, precondition races, any 5xx, and no answer at all (status 0)."""
    return status == 0 or status in RETRYABLE_STATUSES or status >= 500


def backoff_delay(
    attempt: int,
    *,
    retry_after: float | None = None,
    base: float = 0.5,
    cap: float = 60.0,
    rand: Callable[[], float] = random.random,
) -> float:
    """Seconds to wait before retry number `attempt` (1 = first retry).

    Exponential with full jitter, never shorter than the server's Retry-After and never longer
    than `cap` unless the server asked for more.
    """
    exponential = min(cap, base * (2.0 ** min(max(0, attempt - 1), 60)))
    jittered = exponential * (0.5 + rand() / 2)
    if retry_after is not None and retry_after > 0:
        return float(max(retry_after, jittered)) if retry_after <= cap else float(retry_after)
    return float(jittered)


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After in seconds (only the delta-seconds form: Teams does not send dates)."""
    if not value:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return seconds if seconds >= 0 else None
