"""Answers a process may remember for a short while: one rule for how long, and how many."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memory(Generic[K, V]):
    """Values by key, each kept for `ttl` seconds; emptied when it would pass `limit` keys."""

    def __init__(
        self,
        *,
        ttl: float,
        limit: int = 50_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl
        self._limit = limit
        self._clock = clock
        self._known: dict[K, tuple[float, V]] = {}

    def get(self, key: K) -> tuple[V] | None:
        """`(value,)` when a value for `key` younger than `ttl` is remembered (the value may
        itself be None), else None."""
        found = self._known.get(key)
        if found is None or self._clock() - found[0] >= self._ttl:
            return None
        return (found[1],)

    def put(self, key: K, value: V) -> None:
        """Remember `value` for `key` from now."""
        if len(self._known) >= self._limit:
            self._known.clear()
        self._known[key] = (self._clock(), value)

    def forget(self, key: K) -> None:
        """Drop what is remembered for `key`."""
        self._known.pop(key, None)
