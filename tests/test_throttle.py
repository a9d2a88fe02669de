"""Pacing rules (bot/throttle.py): properties of the pacer and of the optimal schedule."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.throttle import (
    TEAMS_CONVERSATION_WINDOWS,
    Pacer,
    Window,
    earliest_schedule,
    format_windows,
    minimum_duration,
    parse_windows,
)

windows_strategy = st.lists(
    st.builds(
        Window,
        limit=st.integers(min_value=1, max_value=10),
        seconds=st.floats(min_value=0.01, max_value=10, allow_nan=False),
    ),
    min_size=1,
    max_size=4,
)


def _respects(times: list[float], windows: list[Window] | tuple[Window, ...]) -> bool:
    """Brute force: no interval [t, t + seconds) holds more than `limit` operations."""
    for window in windows:
        for i, start in enumerate(times):
            # (less one nanosecond: float rounding at the exact boundary is no violation)
            inside = [t for t in times[i:] if t - start < window.seconds - 1e-9]
            if len(inside) > window.limit:
                return False
    return True


@given(windows_strategy, st.integers(min_value=0, max_value=40))
def test_the_earliest_schedule_respects_every_window(windows: list[Window], n: int) -> None:
    times = earliest_schedule(n, windows)
    assert times == sorted(times)
    assert _respects(times, windows)


@given(windows_strategy, st.integers(min_value=1, max_value=30), st.data())
def test_no_valid_schedule_is_faster_than_the_earliest(
    windows: list[Window], n: int, data: st.DataObject
) -> None:
    """Any valid schedule is, operation by operation, no earlier than the greedy one."""
    gaps = data.draw(st.lists(st.floats(0, 3), min_size=n, max_size=n))
    # Build a valid schedule from arbitrary gaps: push each time up until it fits.
    times: list[float] = []
    for gap in gaps:
        t = (times[-1] if times else 0.0) + gap
        for window in windows:
            if len(times) >= window.limit:
                t = max(t, times[-window.limit] + window.seconds)
        times.append(t)
    assert _respects(times, windows)
    best = earliest_schedule(n, windows)
    assert all(b <= t + 1e-9 for b, t in zip(best, times, strict=True))


@settings(max_examples=200)
@given(
    windows_strategy,
    st.floats(min_value=0, max_value=0.2),
    st.lists(st.floats(min_value=0, max_value=2), min_size=1, max_size=60),
)
def test_a_pacer_that_waits_as_told_never_exceeds_a_window(
    windows: list[Window], margin: float, arrivals: list[float]
) -> None:
    pacer = Pacer(windows, margin=margin)
    now = 0.0
    sent: list[float] = []
    for gap in arrivals:
        now += gap
        wait = pacer.wait("c", now)
        assert wait >= 0
        now += wait
        assert pacer.wait("c", now) == pytest.approx(0.0, abs=1e-9)
        pacer.record("c", now)
        sent.append(now)
    assert _respects(sent, windows)


@given(windows_strategy, st.integers(min_value=1, max_value=40))
def test_a_pacer_without_margin_achieves_the_minimum(windows: list[Window], n: int) -> None:
    pacer = Pacer(windows)
    now = 0.0
    for _ in range(n):
        now += pacer.wait("c", now)
        pacer.record("c", now)
    assert now == pytest.approx(minimum_duration(n, windows))


def test_keys_are_independent_and_holds_close_a_key() -> None:
    pacer = Pacer((Window(1, 1.0),))
    pacer.record("a", 0.0)
    assert pacer.wait("a", 0.5) == pytest.approx(0.5)
    assert pacer.wait("b", 0.5) == 0.0
    pacer.hold("b", 3.0)
    assert pacer.wait("b", 1.0) == pytest.approx(2.0)
    assert pacer.prune(10_000) == 1 and len(pacer) == 0
    assert pacer.wait("b", 10_000) == 0.0


def test_teams_minimums() -> None:
    # 1,000 sends at 30 per second: bursts of 30 each second, the last at 33 s.
    assert minimum_duration(1000, (Window(30, 1.0),)) == pytest.approx(33.0)
    # One conversation: 60 per 30 s binds in the long run, 8 per 2 s inside each block.
    times = earliest_schedule(200, TEAMS_CONVERSATION_WINDOWS)
    assert times[59] < 30.0 <= times[60]
    assert minimum_duration(200, TEAMS_CONVERSATION_WINDOWS) == pytest.approx(times[-1])
    assert minimum_duration(1, TEAMS_CONVERSATION_WINDOWS) == 0.0


@given(windows_strategy)
def test_windows_round_trip_through_text(windows: list[Window]) -> None:
    parsed = parse_windows(format_windows(windows))
    assert [w.limit for w in parsed] == [w.limit for w in windows]
    assert [w.seconds for w in parsed] == pytest.approx([w.seconds for w in windows], rel=1e-5)


@pytest.mark.parametrize("text", ["", "7", "7/0", "0/1", "x/1"])
def test_bad_windows_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"LIMIT/SECONDS|bad rate window|no rate windows|x/1"):
        parse_windows(text)
