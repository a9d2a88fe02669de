"""A steering-group poll in the playground's group chat, from the form to the result.

Kari Nordmann (the playground's user: project lead, member of STY) writes `ny avstemning` in
"DigiTV prosjektgruppe" (STY's home conversation in the demo data), fills in the form, votes,
changes her vote and closes the poll; the card then shows the result.
"""

from __future__ import annotations

import time as clock
from datetime import date, timedelta

import pytest
from playwright.async_api import Locator, Page

from dialogs.demo.organisation import PLAYGROUND_BOT_NAME, PLAYGROUND_GROUP_CHAT_NAME
from tests.e2e import harness

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]


async def _newest_card_with(page: Page, title: str, button: str, timeout: float = 15) -> Locator:
    """The newest card whose text has `title` and which shows a button `button`."""
    cards = page.locator(harness.TOP_LEVEL_CARD)
    deadline = clock.monotonic() + timeout
    while True:
        for index in reversed(range(await cards.count())):
            card = cards.nth(index)
            has_button = await card.locator(f'button[aria-label="{button}"]').count()
            if has_button and title in await card.inner_text():
                return card
        if clock.monotonic() > deadline:
            raise harness.HarnessError(f"no card with {title!r} and a {button!r} button")
        await page.wait_for_timeout(100)


async def _vote(page: Page, title: str, option: str) -> None:
    # Kari's own card (the form, answered with her view) is the one with "close" on it. The
    # shared card the dispatcher posts is redrawn after every vote; Teams then refreshes each
    # member's own view, the playground does not (it has no user-specific views).
    card = await _newest_card_with(page, title, "Avslutt avstemningen")
    await card.get_by_label(option, exact=True).check()
    await card.locator('button[aria-label="Stem"]').click()


async def test_kari_creates_votes_changes_and_sees_the_result(page: Page) -> None:
    title = f"Godkjenning av kravspesifikasjonen {clock.time_ns() % 100000}"
    await harness.open_conversation(page, PLAYGROUND_GROUP_CHAT_NAME)
    before = await harness.send_message(page, "ny avstemning", mention=PLAYGROUND_BOT_NAME)
    form = await harness.wait_for_card(page, "Ny avstemning", timeout=15, newer_than=before)
    deadline = date.today() + timedelta(days=14)
    await form.get_by_label("Sak (tittel)").fill(title)
    await form.get_by_label("Alternativer, ett per linje").fill("Godkjent\nIkke godkjent\nUtsatt")
    await form.get_by_label("Fristdato").fill(deadline.isoformat())
    await form.get_by_label("Klokkeslett for fristen").fill("12:00")
    await form.locator('button[aria-label="Legg ut avstemningen"]').click()

    # The form becomes Kari's own view of the poll: the ballot and, as creator, "close".
    await _newest_card_with(page, f"Avstemning: {title}", "Avslutt avstemningen")
    await _vote(page, title, "Godkjent")
    voted = await _newest_card_with(page, "Du stemte: Godkjent", "Avslutt avstemningen")
    await harness.screenshot(page, "poll-voted")
    await voted.locator('button[aria-label="Endre stemme"]').click()
    await _vote(page, title, "Utsatt")
    changed = await _newest_card_with(page, "Du stemte: Utsatt", "Avslutt avstemningen")
    await changed.locator('button[aria-label="Avslutt avstemningen"]').click()
    # Closing early asks first.
    asked = await _newest_card_with(page, "før fristen", "Ja, avslutt nå")
    await asked.locator('button[aria-label="Ja, avslutt nå"]').click()

    result = await harness.wait_for_card(page, f"Resultat: {title}", timeout=15)
    text = await result.inner_text()
    # One of the steering group voted: no quorum, and the result says so, with the tally.
    assert "Ikke beslutningsdyktig" in text, text
    assert "Kari Nordmann" in text and "Utsatt" in text, text
    await harness.screenshot(page, "poll-result")
