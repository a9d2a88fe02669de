"""Retry rules for calls to Teams."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.connector import ConnectorError, with_retries
from bot.retry import backoff_delay, is_retryable, parse_retry_after


@pytest.mark.parametrize("status", [0, 412, 429, 500, 502, 503, 504])
def test_transient_statuses_are_retried(status: int) -> None:
    assert is_retryable(status)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 413])
def test_client_errors_are_final(status: int) -> None:
    assert not is_retryable(status)


@given(
    attempt=st.integers(min_value=1, max_value=40),
    retry_after=st.none() | st.floats(min_value=0, max_value=600, allow_nan=False),
    jitter=st.floats(min_value=0, max_value=1, exclude_max=True),
)
def test_backoff_honours_retry_after_and_cap(
    attempt: int, retry_after: float | None, jitter: float
) -> None:
    delay = backoff_delay(attempt, retry_after=retry_after, cap=30.0, rand=lambda: jitter)
    assert delay >= 0
    if retry_after is not None:
        assert delay >= retry_after
    if retry_after is None or retry_after <= 30.0:
        assert delay <= 30.0


@given(st.integers(min_value=1, max_value=10))
def test_backoff_grows_until_the_cap(attempt: int) -> None:
    lower = backoff_delay(attempt, cap=1000.0, rand=lambda: 0.0)
    higher = backoff_delay(attempt + 1, cap=1000.0, rand=lambda: 0.0)
    assert higher == pytest.approx(2 * lower)


@pytest.mark.parametrize(
    ("header", "seconds"), [("3", 3.0), ("0.5", 0.5), (None, None), ("soon", None), ("-1", None)]
)
def test_retry_after_header(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header) == seconds


async def test_with_retries_retries_transient_then_succeeds() -> None:
    calls = 0
    waits: list[float] = []

    async def flaky() -> str:
        nonlocal calls
        calls += 1
        if calls < 3:
            raise ConnectorError(429, "Throttled", "slow down", retry_after=0.2)
        return "ok"

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    assert await with_retries(flaky, sleep=sleep) == "ok"
    assert calls == 3
    assert all(wait >= 0.2 for wait in waits)


async def test_with_retries_gives_up_on_final_errors() -> None:
    async def forbidden() -> str:
        raise ConnectorError(403, "MessageWritesBlocked", "blocked")

    with pytest.raises(ConnectorError) as raised:
        await with_retries(forbidden)
    assert raised.value.blocked


async def test_with_retries_stops_when_asked_to_wait_too_long() -> None:
    calls = 0

    async def throttled() -> str:
        nonlocal calls
        calls += 1
        raise ConnectorError(429, "Throttled", "later", retry_after=120)

    with pytest.raises(ConnectorError):
        await with_retries(throttled, max_wait=5)
    assert calls == 1
