"""What a person sees when asking Kravbot for help in the personal chat of the playground."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page

from tests.e2e import harness

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]

#: The help card's heading starts with "Kravbot" ("Kravbot – hjelp"); matching the start keeps
#: the welcome card ("Velkommen til Kravbot", sent when the chat opens) from passing for it.
HELP_HEADING = re.compile(r"^\s*Kravbot\b")


async def test_help_shows_the_help_card(page: Page) -> None:
    """`hjelp` in the 1:1 chat renders an Adaptive Card headed "Kravbot" with help text."""
    await harness.open_conversation(page, "Personal Chat")
    # Opening the chat installs the app: the welcome card comes first, once.
    await harness.wait_for_card(page, "Velkommen til Kravbot", timeout=15)
    before = await harness.send_message(page, "hjelp")

    card = await harness.wait_for_card(page, HELP_HEADING, timeout=15, newer_than=before)

    assert await card.is_visible()
    lines = [line.strip() for line in (await card.inner_text()).splitlines() if line.strip()]
    # Kari (the playground's user) is a demo person who chose bokmål, although the playground
    # always says en-US.
    assert lines[0] == "Kravbot – hjelp", lines
    assert "Kommandoer" in lines
    assert any(line.startswith("grupper") for line in lines), lines
    await harness.screenshot(page, "help-card")
