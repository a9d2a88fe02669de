"""Sliding-window rate limiter used by the connector emulator.

The limiter is a small pure class: it never reads a clock itself, the caller passes ``now``.
That keeps it deterministic under test (hypothesis drives it with generated timestamps) and
lets the emulator use an injectable clock.

Algorithm: for a window "at most ``limit`` admissions in any ``seconds`` interval" we keep only
the timestamps of the last ``limit`` admissions per key (a bounded deque). A new request at
``now`` would be the (limit+1)-th admission inside the window exactly when the oldest of those
``limit`` timestamps is still inside the window, i.e. ``now - oldest < seconds``. This is the
sliding-window-log algorithm with the log truncated to what can matter, so each check is O(1)
per window and memory per key is bounded by the sum of the limits.

Rejected requests are not logged: like a token bucket, a client hammering a throttled
conversation does not extend its own penalty. (Teams does not document either way.)
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

Clock = Callable[[], float]
"""A monotonic clock in seconds; ``time.monotonic`` by default."""

DEFAULT_CLOCK: Clock = time.monotonic


@dataclass(frozen=True, slots=True)
class RateWindow:
    """At most ``limit`` operations in any interval of ``seconds`` (sliding, not fixed)."""

    limit: int
    seconds: float

    def __post_init__(self) -> None:
        if self.limit < 1:
            raise ValueError(f"limit must be >= 1, got {self.limit}")
        if self.seconds <= 0:
            raise ValueError(f"seconds must be > 0, got {self.seconds}")


# Microsoft Teams' published limits per bot per conversation ("per thread") for sending and
# for creating conversations.
TEAMS_SEND_WINDOWS: tuple[RateWindow, ...] = (
    RateWindow(7, 1.0),
    RateWindow(8, 2.0),
    RateWindow(60, 30.0),
    RateWindow(1800, 3600.0),
)
TEAMS_CREATE_WINDOWS: tuple[RateWindow, ...] = TEAMS_SEND_WINDOWS
# Roster reads (members, paged members, team details, channel list).
TEAMS_ROSTER_WINDOWS: tuple[RateWindow, ...] = (RateWindow(14, 1.0),)


class SlidingWindowLimiter:
    """Admits an operation for a key only if every window still has room.

    Timestamps passed for one key must be non-decreasing (a monotonic clock guarantees it).
    """

    __slots__ = ("_logs", "_windows")

    def __init__(self, windows: Iterable[RateWindow]) -> None:
        self._windows: tuple[RateWindow, ...] = tuple(windows)
        # key -> one bounded log per window, in the same order as self._windows.
        self._logs: dict[Hashable, tuple[deque[float], ...]] = {}

    @property
    def windows(self) -> tuple[RateWindow, ...]:
        return self._windows

    def retry_after(self, key: Hashable, now: float) -> float:
        """Seconds until ``key`` could be admitted; 0.0 means it would be admitted now."""
        logs = self._logs.get(key)
        if logs is None:
            return 0.0
        wait = 0.0
        for window, log in zip(self._windows, logs, strict=True):
            if len(log) == window.limit:
                # Written as an elapsed time so that the float comparison is exactly the
                # definition "the oldest admission is less than `seconds` ago".
                elapsed = now - log[0]
                if elapsed < window.seconds and window.seconds - elapsed > wait:
                    wait = window.seconds - elapsed
        return wait

    def record(self, key: Hashable, now: float) -> None:
        """Log an admission for ``key`` without checking (see :meth:`acquire`)."""
        logs = self._logs.get(key)
        if logs is None:
            logs = tuple(deque(maxlen=w.limit) for w in self._windows)
            self._logs[key] = logs
        for log in logs:
            log.append(now)

    def acquire(self, key: Hashable, now: float) -> float:
        """Admit and log the operation if possible.

        Returns 0.0 when admitted, otherwise the seconds to wait (nothing is logged).
        """
        wait = self.retry_after(key, now)
        if wait <= 0.0:
            self.record(key, now)
            return 0.0
        return wait

    def reset(self) -> None:
        self._logs.clear()

    def __len__(self) -> int:
        """Number of keys with state (for tests and memory checks)."""
        return len(self._logs)


def acquire_all(checks: Iterable[tuple[SlidingWindowLimiter, Hashable]], now: float) -> float:
    """Admit an operation that must pass several limiters at once, or none of them.

    Logging in one limiter when another refuses would charge the client for a request that
    was never served, so all are checked before any is recorded.
    """
    pending = list(checks)
    wait = 0.0
    for limiter, key in pending:
        wait = max(wait, limiter.retry_after(key, now))
    if wait > 0.0:
        return wait
    for limiter, key in pending:
        limiter.record(key, now)
    return 0.0
