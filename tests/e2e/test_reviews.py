"""A review round in the playground, from the lead's form to the summary.

Kari Nordmann (the playground's user: project lead, admin and a member of HJT) writes
`ny gjennomgang` in the "Hjemmetjeneste" channel (HJT's home conversation in the demo data),
fills in the form for three requirements, answers them on the review card that the outbox
dispatcher delivers to her personal chat, closes the round with `avslutt gjennomgang` (after
confirming) and sees the summary card.
"""

from __future__ import annotations

import re
import time as clock
from datetime import date, timedelta

import pytest
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page

from dialogs.demo.organisation import PLAYGROUND_BOT_NAME, PLAYGROUND_TEAM_NAME
from tests.e2e import harness

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]

CHANNEL = f"{PLAYGROUND_TEAM_NAME} - Hjemmetjeneste"
KEYS = ("HJT-008", "HJT-009", "HJT-010")
VERDICTS = ("Enig", "Uenig", "Enig med endringer")


async def _newest_card_with(
    page: Page, pattern: str | re.Pattern[str], button: str | None = None, timeout: float = 15
) -> Locator:
    """The newest card whose text matches `pattern` (and which shows a button `button`)."""
    cards = page.locator(harness.TOP_LEVEL_CARD)
    deadline = clock.monotonic() + timeout
    while True:
        for index in reversed(range(await cards.count())):
            card = cards.nth(index)
            if button and not await card.locator(f'button[aria-label="{button}"]').count():
                continue
            try:
                text = await card.inner_text(timeout=1000)
            except PlaywrightError:  # re-rendered in place meanwhile
                continue
            found = pattern in text if isinstance(pattern, str) else pattern.search(text)
            if found:
                return card
        if clock.monotonic() > deadline:
            raise harness.HarnessError(f"no card with {pattern!r} and button {button!r}")
        await page.wait_for_timeout(100)


async def test_lead_opens_kari_answers_three_and_sees_the_summary(page: Page) -> None:
    # Kari's personal chat first: it records her 1:1 conversation, where her card will go.
    await harness.open_conversation(page, "Personal Chat")
    await harness.open_conversation(page, CHANNEL)
    before = await harness.send_message(page, "ny gjennomgang", mention=PLAYGROUND_BOT_NAME)
    form = await harness.wait_for_card(page, "Ny gjennomgang", timeout=15, newer_than=before)
    # A compact ChoiceSet renders as a Fluent UI combobox whose options open in a popup.
    await form.get_by_role("combobox", name="Gruppe").click()
    await page.get_by_role("option", name="HJT – Hjemmetjeneste").click()
    await form.get_by_label(re.compile(r"^Krav: ID-er")).fill(f"{KEYS[0]}..{KEYS[-1]}")
    await form.get_by_label("Fristdato").fill((date.today() + timedelta(days=10)).isoformat())
    await form.get_by_label(re.compile(r"^Instruksjoner")).fill("Se særlig på *sikkerhet*.")
    await form.locator('button[aria-label="Åpne gjennomgangen"]').click()
    # The form turns into a short "opened" card in place; the round card is the channel's one.
    opened = await _newest_card_with(page, re.compile(r"Gjennomgang nr\. (\d+): HJT"))
    match = re.search(r"Gjennomgang nr\. (\d+)", await opened.inner_text())
    assert match is not None
    round_id = match.group(1)
    await harness.screenshot(page, "review-opened")

    # Her review card arrives 1:1 through the outbox dispatcher.
    await harness.open_conversation(page, "Personal Chat")
    card = await _newest_card_with(page, "1 av 3", "Lagre og neste", timeout=20)
    assert KEYS[0] in await card.inner_text()
    for position, (key, verdict) in enumerate(zip(KEYS, VERDICTS, strict=True), 1):
        card = await _newest_card_with(page, f"{position} av 3", "Lagre og neste")
        assert key in await card.inner_text()
        await card.get_by_label(verdict, exact=True).check()
        await card.get_by_label("Kommentar").fill(f"Kommentar til {key}")
        await card.locator('button[aria-label="Lagre og neste"]').click()
        if position == 1:
            await _newest_card_with(page, f"Lagret svaret ditt på {key}", "Lagre og neste")
            await harness.screenshot(page, "review-answered-one")
    thanks = await _newest_card_with(page, "Takk for svarene dine", "Se og endre svarene mine")
    assert "3 av 3" in await thanks.inner_text()

    # Closing asks first, and says how many have finished.
    before = await harness.send_message(page, f"avslutt gjennomgang {round_id}")
    confirm = await harness.wait_for_card(
        page, f"Avslutte gjennomgang nr. {round_id}", newer_than=before
    )
    assert "Ferdige: 1 av" in await confirm.inner_text()
    await confirm.locator('button[aria-label="Avslutt gjennomgangen"]').click()
    await harness.wait_for_card(page, f"Resultat av gjennomgang nr. {round_id}", newer_than=before)
    summary = await _newest_card_with(page, f"Resultat av gjennomgang nr. {round_id}")
    text = await summary.inner_text()
    assert all(key in text for key in KEYS), text
    await harness.screenshot(page, "review-summary")
