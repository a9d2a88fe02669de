"""The Teams tab «Oversikt» in Chromium (a tab cannot be hosted by the Agents Playground, so it
is tested as a page): it loads in local mode, every chart has its table, the three themes
render, axe-core finds no serious or critical WCAG 2.1 AA violation, and a reader without
access sees only what they may. Screenshots go to artifacts/e2e/."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Final

import pytest
from playwright.async_api import Browser, Page, Route, async_playwright

from dialogs.demo.load import load_demo
from tests.e2e.harness import ARTIFACTS_DIR, CHROMIUM, CHROMIUM_FLAGS, REPO_ROOT
from tests.support.botserver import RunningBot, running_bot, settings_for
from tests.support.skips import missing

AXE: Final = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
OLA: Final = "d1617000-0000-4000-8000-000000000102"
ALL_SECTIONS: Final = [
    "milestones",
    "requirements",
    "participation",
    "endorsements",
    "polls",
    "risks",
]
WCAG: Final = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def backend() -> str:
    # The page's data is tested on both databases over HTTP (tests/test_overview_tab.py).
    return "sqlite"


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[RunningBot]:
    async with running_bot(settings_for(database_url)) as running:
        await load_demo(running.services.db)
        yield running


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    if not CHROMIUM.exists():
        missing(f"{CHROMIUM} is not installed")
    if not AXE.is_file():
        missing("axe-core is not installed (npm ci)")
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=list(CHROMIUM_FLAGS[1:])
        )
        try:
            yield launched
        finally:
            await launched.close()


async def _open(browser: Browser, url: str) -> Page:
    page = await browser.new_page(viewport={"width": 1100, "height": 900})

    async def blocked(route: Route) -> None:
        await route.abort()

    # teams-js asks Office's CDN for valid domains at load: nothing leaves the machine.
    await page.route("**://res.cdn.office.net/**", blocked)
    await page.goto(url)
    await page.wait_for_function(
        "document.querySelector('#content').getAttribute('aria-busy') === 'false'"
    )
    return page


async def _axe(page: Page) -> list[dict[str, Any]]:
    await page.add_script_tag(path=str(AXE))
    result = await page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


async def _sections(page: Page) -> list[str]:
    ids = await page.eval_on_selector_all("main section", "els => els.map(e => e.id)")
    return [i.removeprefix("section-") for i in ids]


async def test_tab_loads_with_charts_and_tables_in_three_themes(
    bot: RunningBot, browser: Browser
) -> None:
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    for language, theme in (("nb", "default"), ("nn", "dark"), ("en", "contrast")):
        page = await _open(browser, f"{bot.url}/tab/overview?lang={language}&theme={theme}")
        assert await _sections(page) == ALL_SECTIONS
        assert await page.get_attribute("html", "lang") == language
        expected = {"default": "light", "dark": "dark", "contrast": "contrast"}[theme]
        assert await page.get_attribute("html", "data-theme") == expected
        charts = await page.eval_on_selector_all(
            "svg.chart",
            """els => els.map(svg => ({
                title: svg.querySelector('title')?.textContent || '',
                labelled: svg.getAttribute('aria-labelledby'),
                table: svg.closest('figure')?.querySelector('table caption')?.textContent || '',
                bars: svg.querySelectorAll('rect').length,
                rows: svg.closest('figure')?.querySelectorAll('tbody tr').length,
            }))""",
        )
        assert len(charts) >= 4
        for chart in charts:
            # Each chart is named for screen readers and followed by a table of its numbers.
            assert chart["title"] and chart["labelled"] and chart["table"] == chart["title"]
            assert chart["bars"] == chart["rows"]
        background = await page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert (
            background
            == {
                "light": "rgb(255, 255, 255)",
                "dark": "rgb(31, 31, 31)",
                "contrast": "rgb(0, 0, 0)",
            }[expected]
        )
        await page.screenshot(path=str(ARTIFACTS_DIR / f"overview-{expected}.png"), full_page=True)
        serious = await _axe(page)
        assert serious == [], [(v["id"], v["help"], len(v["nodes"])) for v in serious]
        # Keyboard: the contents links reach every section.
        await page.keyboard.press("Tab")
        focused = await page.evaluate("document.activeElement.getAttribute('href')")
        assert focused == "#section-milestones"
        await page.close()


async def test_a_reader_sees_only_what_they_may(bot: RunningBot, browser: Browser) -> None:
    page = await _open(browser, f"{bot.url}/tab/overview?lang=nb&as={OLA}")
    assert await _sections(page) == ["milestones", "requirements"]
    assert await page.locator("#section-risks").count() == 0
    await page.close()
    page = await _open(
        browser, f"{bot.url}/tab/overview?lang=en&as=00000000-dead-4000-8000-000000000000"
    )
    assert await _sections(page) == []
    alert = page.get_by_role("alert")
    assert "not registered" in (await alert.inner_text())
    assert await _axe(page) == []
    await page.close()


def test_a_screenshot_is_committed() -> None:
    shot = REPO_ROOT / "docs" / "overview-tab.png"
    assert shot.is_file() and shot.stat().st_size > 10_000, "docs/overview-tab.png"
