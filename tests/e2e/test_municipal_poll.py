"""A per-municipality poll of the steering group in the playground, from the form to the minutes.

Kari Nordmann (project lead, the steering group's delegate for Tønsberg in the demo data) opens
a poll with one vote per municipality in "DigiTV prosjektgruppe" (STY's home) and votes for
Tønsberg. The playground types only as Kari, so Per Olsen (delegate for Sandefjord) votes and
Anne Lise Bjerke (delegate for Skien) declares a conflict of interest through the bot's own
endpoint, as Teams would send their clicks. Kari closes the poll (confirming), sees the result
with its chart, enters a dissent, and the minutes are exported with the command line.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import time as clock
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from playwright.async_api import Page

from dialogs.demo.organisation import (
    PLAYGROUND_BOT_NAME,
    PLAYGROUND_GROUP_CHAT_ID,
    PLAYGROUND_GROUP_CHAT_NAME,
    PLAYGROUND_TENANT_ID,
)
from tests.e2e import harness
from tests.e2e.conftest import Playground
from tests.support import activities as act

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]

CHAT = act.Where(id=PLAYGROUND_GROUP_CHAT_ID, kind="groupChat", name=PLAYGROUND_GROUP_CHAT_NAME)
PER = act.User("29:digitv-per-olsen", "Per Olsen", "d1617000-0000-4000-8000-000000000106")
KARI = act.User("29:digitv-kari-nordmann", "Kari Nordmann", "d1617000-0000-4000-8000-000000000101")


async def _click(page: Page, title: str, button: str) -> None:
    """Click `button` on the newest card whose text has `title`."""
    cards = page.locator(harness.TOP_LEVEL_CARD)
    deadline = clock.monotonic() + 15
    while True:
        for index in reversed(range(await cards.count())):
            card = cards.nth(index)
            buttons = card.locator(f'button[aria-label="{button}"]')
            if await buttons.count() and title in await card.inner_text():
                await buttons.last.click()
                return
        if clock.monotonic() > deadline:
            raise harness.HarnessError(f"no card with {title!r} and a {button!r} button")
        await page.wait_for_timeout(100)


async def _as(pg: Playground, user: act.User, verb: str, data: dict[str, Any]) -> Any:
    """A card click by someone the playground cannot type as, sent to the bot like Teams."""
    activity = act.card_action(
        verb,
        {"verb": verb, **data},
        f"{pg.playground_url}/_connector/",
        user=user,
        where=CHAT,
        tenant=PLAYGROUND_TENANT_ID,
    )
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{pg.bot_url}/api/messages", json=activity) as response,
    ):
        assert response.status == 200, await response.text()
        return await response.json()


def _cli(pg: Playground, *arguments: str) -> str:
    bot_dir = Path(pg.bench.workdir) / "bot"
    env = dict(os.environ)
    env["KRAVBOT_DATABASE_URL"] = f"sqlite+aiosqlite:///{bot_dir / 'kravbot-e2e.db'}"
    env["KRAVBOT_LANGUAGE"] = "nb"
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", *arguments],
        cwd=bot_dir,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.stdout


async def test_chair_opens_a_per_municipality_poll_to_the_minutes(playground: Playground) -> None:
    page = playground.page
    title = f"Felles journalløsning {clock.time_ns() % 100000}"
    await harness.open_conversation(page, PLAYGROUND_GROUP_CHAT_NAME)
    before = await harness.send_message(page, "ny avstemning", mention=PLAYGROUND_BOT_NAME)
    form = await harness.wait_for_card(page, "Ny avstemning", timeout=15, newer_than=before)
    await form.get_by_label("Sak (tittel)").fill(title)
    await form.get_by_label("Alternativer, ett per linje").fill("Godkjent\nIkke godkjent")
    await form.get_by_label("Fristdato").fill((date.today() + timedelta(days=14)).isoformat())
    await form.get_by_label("Klokkeslett for fristen").fill("12:00")
    await form.get_by_label("Én stemme per kommune (representant, ellers vara)").check()
    await form.locator('button[aria-label="Legg ut avstemningen"]').click()

    # Kari's own view: she votes for Tønsberg, with a reason.
    mine = await harness.wait_for_card(page, "Du stemmer for Tønsberg", timeout=15)
    assert "av 3 kommuner" in await mine.inner_text()
    await mine.get_by_label("Godkjent", exact=True).check()
    await mine.get_by_label("Begrunnelse (valgfritt, kommer i protokollen)").fill("Godt utredet.")
    await mine.locator('button[aria-label="Stem"]').click()
    await harness.wait_for_card(page, "Du stemte: Godkjent", timeout=15)

    # Sandefjord votes; Skien's delegate declares a conflict of interest.
    polls = int(_sql(playground, "SELECT id FROM polls WHERE title = ?", title))
    per = await _as(playground, PER, "poll-vote", {"poll": polls, "rev": 0, "choice": "o1"})
    assert per["statusCode"] == 200, per
    declared = await _as(
        playground,
        KARI,
        "poll-conflict",
        {
            "poll": polls,
            "confirm": "yes",
            "person": _sql(playground, "SELECT id FROM people WHERE name = ?", "Anne Lise Bjerke"),
            "reason": "Styremedlem hos en leverandør",
        },
    )
    assert declared["statusCode"] == 200, declared
    await harness.screenshot(page, "municipal-poll-voted")

    # Kari closes early: first the question, then the result with its chart.
    await _click(page, "Du stemte: Godkjent", "Avslutt avstemningen")
    await _click(page, "før fristen", "Ja, avslutt nå")
    result = await harness.wait_for_card(page, f"Resultat: {title}", timeout=15)
    text = await result.inner_text()
    assert "Sandefjord" in text and "Tønsberg" in text, text
    assert "Inhabilitet" in text and "Anne Lise Bjerke" in text, text
    charts = await result.locator("svg").count()
    fallback = "Godkjent" in text and "1" in text
    assert charts or fallback, text
    await harness.screenshot(page, "municipal-poll-result")

    # A dissent for the minutes, within its time.
    await _click(page, f"Resultat: {title}", "Protokolltilførsel")
    step = await harness.wait_for_card(page, "Din protokolltilførsel", timeout=15)
    await step.get_by_label(re.compile("Din protokolltilførsel")).fill("Ny vurdering om et år.")
    await step.locator('button[aria-label="Før inn i protokollen"]').click()
    # The answer, then the group's redrawn result card, list the dissent under the result.
    entered = await harness.wait_for_card(page, "Ny vurdering om et år.", timeout=15)
    assert "Kari Nordmann (beslutning" in await entered.inner_text()

    minutes = _cli(playground, "export", "poll", str(polls), "--format", "md")
    assert "### Votering" in minutes and "Enstemmig vedtatt." in minutes
    assert "| Sandefjord | Godkjent (avgitt av Per Olsen, representant) |" in minutes
    assert "Anne Lise Bjerke ble erklært inhabil (Kari Nordmann)" in minutes
    assert "Ny vurdering om et år." in minutes and "Godt utredet." in minutes


def _sql(pg: Playground, query: str, value: str) -> str:
    """One value from the bench's database (the ids a card carries but does not show)."""
    path = Path(pg.bench.workdir) / "bot" / "kravbot-e2e.db"
    with sqlite3.connect(path) as connection:
        row = connection.execute(query, (value,)).fetchone()
    assert row is not None, (query, value)
    return str(row[0])
