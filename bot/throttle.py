"""Pacing rules for sending to Teams: pure, clock passed in, no I/O.

Teams limits every bot per conversation (7 per 1 s, 8 per 2 s, 60 per 30 s, 1800 per hour)
and per tenant (about 30 requests per second). Each limit is a *sliding* window: at most
`limit` operations in any interval of `seconds`. `Pacer` keeps, per key, the times of the last
`limit` operations of each window; a new operation at `now` fits when, for every window, the
oldest of those is at least `seconds + margin` ago. The margin absorbs the difference between
when we send and when Teams counts (network latency varies per request).

`TeamsPacer` (the one impure class here) shares these windows between replies and proactive
sends, replies first.

`earliest_schedule` gives the optimal (greedy) send times of `n` back-to-back operations under
a set of windows: the theoretical minimum the benchmark compares against.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Window:
    """At most `limit` operations in any interval of `seconds`."""

    limit: int
    seconds: float

    def __post_init__(self) -> None:
        if self.limit < 1 or self.seconds <= 0:
            raise ValueError(f"bad rate window {self.limit}/{self.seconds}s")


TEAMS_CONVERSATION_WINDOWS: tuple[Window, ...] = (
    Window(7, 1.0),
    Window(8, 2.0),
    Window(60, 30.0),
    Window(1800, 3600.0),
)


def parse_windows(text: str) -> tuple[Window, ...]:
    """`"7/1,8/2,60/30,1800/3600"` -> windows (limit per seconds)."""
    windows: list[Window] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        limit, sep, seconds = part.partition("/")
        if not sep:
            raise ValueError(f"{part!r}: write LIMIT/SECONDS, e.g. 7/1")
        try:
            windows.append(Window(int(limit), float(seconds)))
        except ValueError as exc:
            raise ValueError(f"{part!r}: {exc}") from None
    if not windows:
        raise ValueError("no rate windows given")
    return tuple(windows)


def format_windows(windows: Iterable[Window]) -> str:
    """The inverse of `parse_windows`."""
    return ",".join(f"{w.limit}/{w.seconds:g}" for w in windows)


class Pacer:
    """Sliding-window pacing per key (a conversation, a tenant).

    `wait(key, now)` says how long until one more operation fits; `record(key, now)` logs one.
    Times passed for a key must not decrease. `hold(key, until)` keeps a key closed (after a
    429 with Retry-After). `prune(now)` forgets keys idle longer than the longest window.
    """

    __slots__ = ("_holds", "_logs", "margin", "windows")

    def __init__(self, windows: Sequence[Window], *, margin: float = 0.0) -> None:
        if not windows:
            raise ValueError("a pacer needs at least one window")
        if margin < 0:
            raise ValueError("margin must be >= 0")
        self.windows = tuple(windows)
        self.margin = margin
        self._logs: dict[Hashable, tuple[deque[float], ...]] = {}
        self._holds: dict[Hashable, float] = {}

    def wait(self, key: Hashable, now: float) -> float:
        """Seconds until an operation for `key` fits; 0.0 when it fits now."""
        wait = max(0.0, self._holds.get(key, 0.0) - now)
        logs = self._logs.get(key)
        if logs is None:
            return wait
        for window, log in zip(self.windows, logs, strict=True):
            if len(log) == window.limit:
                free_at = log[0] + window.seconds + self.margin
                if free_at - now > wait:
                    wait = free_at - now
        return wait

    def record(self, key: Hashable, now: float) -> None:
        """Log an operation for `key` at `now`."""
        logs = self._logs.get(key)
        if logs is None:
            logs = tuple(deque(maxlen=w.limit) for w in self.windows)
            self._logs[key] = logs
        for log in logs:
            log.append(now)

    def hold(self, key: Hashable, until: float) -> None:
        """Nothing for `key` before `until` (Teams said 429 with Retry-After)."""
        if until > self._holds.get(key, 0.0):
            self._holds[key] = until

    def prune(self, now: float) -> int:
        """Forget keys whose every logged operation is outside every window; returns how many."""
        horizon = max(w.seconds for w in self.windows) + self.margin
        stale = [
            key
            for key, logs in self._logs.items()
            if all(not log or now - log[-1] >= horizon for log in logs)
        ]
        for key in stale:
            del self._logs[key]
        for key in [k for k, until in self._holds.items() if until <= now]:
            del self._holds[key]
        return len(stale)

    def __len__(self) -> int:
        return len(self._logs)


def earliest_schedule(n: int, windows: Sequence[Window], *, start: float = 0.0) -> list[float]:
    """The earliest times at which `n` operations can happen under `windows` (greedy, optimal).

    Operation i may happen no earlier than operation i-limit plus `seconds` for every window;
    sending each as early as allowed minimizes every send time (an exchange argument), so the
    last time is the theoretical minimum duration of the whole burst.
    """
    times: list[float] = []
    for i in range(n):
        t = start if not times else times[-1]
        for window in windows:
            if i >= window.limit:
                t = max(t, times[i - window.limit] + window.seconds)
        times.append(t)
    return times


def minimum_duration(n: int, windows: Sequence[Window]) -> float:
    """Seconds from the first to the last of `n` operations at best under `windows`."""
    if n <= 0:
        return 0.0
    return earliest_schedule(n, windows)[-1]


class TeamsPacer:
    """Teams' limits shared by everything this process sends: replies first.

    One per process (the connector carries it): the adapter's replies to people's messages and
    the dispatcher's proactive sends pace against the same tenant window (`tenant_rate` per
    `tenant_seconds`) and the same per-conversation windows. While people are talking to the
    bot (a reply in the last `reply_active` seconds), proactive sends keep to
    `tenant_rate - reply_reserve` among themselves, so replies find room at once; and a
    proactive send always yields while any reply of its tenant is waiting: a broadcast takes
    what replies leave (all of it when nobody talks). Proactive sends of one tenant pass a
    FIFO gate (no busy waiting).
    """

    def __init__(
        self,
        conversation_windows: Sequence[Window] = TEAMS_CONVERSATION_WINDOWS,
        *,
        tenant_rate: int = 30,
        tenant_seconds: float = 1.0,
        reply_reserve: int = 2,
        reply_active: float = 60.0,
        margin: float = 0.02,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not 0 <= reply_reserve < tenant_rate:
            raise ValueError("the reply reserve must be below the tenant rate")
        self.clock = clock
        self.tenant_rate = tenant_rate
        self.reply_reserve = reply_reserve
        self.conversations = Pacer(conversation_windows, margin=margin)
        self.tenants = Pacer((Window(tenant_rate, tenant_seconds),), margin=margin)
        self.proactive_tenants = Pacer(
            (Window(tenant_rate - reply_reserve, tenant_seconds),), margin=margin
        )
        self.reply_active = reply_active
        self._last_reply: dict[Hashable, float] = {}
        self._gates: dict[Hashable, asyncio.Lock] = {}
        self._replies_waiting: dict[Hashable, int] = {}
        self._reply_done: dict[Hashable, asyncio.Event] = {}

    async def reply(self, tenant: Hashable, conversation: Hashable) -> None:
        """Wait for room for one reply to a person (ahead of any proactive send)."""
        self._replies_waiting[tenant] = self._replies_waiting.get(tenant, 0) + 1
        try:
            while True:
                now = self.clock()
                wait = max(
                    self.tenants.wait(tenant, now), self.conversations.wait(conversation, now)
                )
                if wait <= 0:
                    break
                await asyncio.sleep(wait)
            self.tenants.record(tenant, now)
            self.conversations.record(conversation, now)
            self._last_reply[tenant] = now
        finally:
            left = self._replies_waiting[tenant] - 1
            if left:
                self._replies_waiting[tenant] = left
            else:
                del self._replies_waiting[tenant]
                event = self._reply_done.pop(tenant, None)
                if event is not None:
                    event.set()

    def conversation_wait(self, conversation: Hashable) -> float:
        """Seconds until the conversation's own windows have room (nothing reserved)."""
        return self.conversations.wait(conversation, self.clock())

    async def proactive(self, tenant: Hashable, conversation: Hashable | None) -> None:
        """Wait for room for one proactive send (or a createConversation without one)."""
        gate = self._gates.setdefault(tenant, asyncio.Lock())
        async with gate:
            while True:
                if self._replies_waiting.get(tenant):
                    event = self._reply_done.setdefault(tenant, asyncio.Event())
                    await event.wait()
                    continue
                now = self.clock()
                wait = max(self.tenants.wait(tenant, now), self.proactive_tenants.wait(tenant, now))
                if conversation is not None:
                    wait = max(wait, self.conversations.wait(conversation, now))
                if wait <= 0:
                    break
                await asyncio.sleep(wait)
            self.tenants.record(tenant, now)
            self.proactive_tenants.record(tenant, now)
            if conversation is not None:
                self.conversations.record(conversation, now)

    def hold(self, conversation: Hashable, seconds: float) -> None:
        """Teams said 429 for this conversation: nothing more there for `seconds`."""
        self.conversations.hold(conversation, self.clock() + seconds)

    def prune(self) -> None:
        now = self.clock()
        self.conversations.prune(now)
        self.tenants.prune(now)
        self.proactive_tenants.prune(now)
        for tenant in [t for t, at in self._last_reply.items() if now - at >= self.reply_active]:
            del self._last_reply[tenant]
