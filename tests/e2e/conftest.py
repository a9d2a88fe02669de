"""Fixtures for the real-client e2e tests: one bot + playground + Chromium per test session.

Starting the three takes a few seconds, so they are shared by every e2e test (session scope);
tests must therefore look for *their* card (by text, newest first) rather than count messages.
Async fixtures and tests run on the session's event loop (`loop_scope="session"`) because the
Playwright objects are bound to the loop that created them.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Generator, Iterator
from dataclasses import dataclass

import pytest
import pytest_asyncio
from playwright.async_api import Page

from tests.e2e import harness


@dataclass(frozen=True)
class Playground:
    """What a test gets: the page on the playground and where everything listens."""

    page: Page
    playground_url: str
    bot_url: str
    bench: harness.Bench


@pytest.fixture(scope="session")
def e2e_tools() -> harness.Tools:
    """node, the playground and Chromium, or a skip (locally) / failure (CI)."""
    return harness.require_tools()


@pytest.fixture(scope="session")
def bench(e2e_tools: harness.Tools) -> Iterator[harness.Bench]:
    """The bot and the playground, stopped (process groups killed) at the end of the session."""
    running = harness.start_bench(e2e_tools)
    try:
        yield running
    finally:
        running.close()


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def playground(e2e_tools: harness.Tools, bench: harness.Bench) -> AsyncIterator[Playground]:
    """Chromium on the playground UI, personal chat open, shared by the session's e2e tests."""
    browser = await harness.open_browser(e2e_tools, bench.playground_url)
    try:
        yield Playground(
            page=browser.page,
            playground_url=bench.playground_url,
            bot_url=bench.bot_url,
            bench=bench,
        )
    finally:
        await browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Remember each phase's report on the item so fixtures can see whether the test failed."""
    report: pytest.TestReport = yield
    setattr(item, f"_e2e_report_{report.when}", report)
    return report


@pytest_asyncio.fixture(loop_scope="session")
async def page(playground: Playground, request: pytest.FixtureRequest) -> AsyncIterator[Page]:
    """The shared page; on failure, a screenshot `artifacts/e2e/FAILED-<test>.png` for CI."""
    yield playground.page
    report = getattr(request.node, "_e2e_report_call", None)
    if report is not None and report.failed:
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
        await harness.screenshot(playground.page, f"FAILED-{name}")
