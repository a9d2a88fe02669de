"""Requirement quality in the playground: the project lead asks for `kravkvalitet HJT`, opens
the flagged requirement, dismisses a finding with a reason and marks an overlap as a duplicate.

Kari Nordmann (the playground's user) is the project lead in the demo data. HJT-011 is a weak
requirement planted in the demo catalogue ("rask og brukervennlig ... osv.") that nearly
repeats Institusjon's INST-006.
"""

from __future__ import annotations

import time as clock

import pytest
from playwright.async_api import Page

from tests.e2e import harness

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]


async def test_lead_dismisses_a_finding_and_marks_a_duplicate(page: Page) -> None:
    await harness.open_conversation(page, "Personal Chat")
    before = await harness.send_message(page, "kravkvalitet HJT")
    overview = await harness.wait_for_card(page, "Kravkvalitet: HJT", timeout=20, newer_than=before)
    text = await overview.inner_text()
    assert "Svakeste krav" in text and "HJT-011" in text, text
    assert "HJT-011 og INST-006" in text, text
    await harness.screenshot(page, "quality-group")

    opened_at = await harness.click_card_button(page, "Åpne HJT-011")
    card = await harness.wait_for_card(page, "Kvalitet for HJT-011", newer_than=opened_at)
    text = await card.inner_text()
    assert "Vage ord" in text and "«rask»" in text, text
    assert "INST-006" in text, text

    reason = f"«rask» er definert i vedlegg 2 ({clock.time_ns() % 100000})."
    await card.get_by_label("Begrunnelse for å avvise et funn").fill(reason)
    await card.locator('button[aria-label="Avvis: Vage ord"]').click()
    dismissed = await harness.wait_for_card(page, "er avvist", newer_than=opened_at)
    text = await dismissed.inner_text()
    assert reason in text and "Avvist: Vage ord" in text, text
    await harness.screenshot(page, "quality-dismissed")

    await dismissed.locator('button[aria-label="Duplikat av INST-006"]').click()
    marked = await harness.wait_for_card(
        page, "Merket: HJT-011 er et duplikat.", newer_than=opened_at
    )
    assert "Merket HJT-011 og INST-006" in await marked.inner_text()
    await harness.screenshot(page, "quality-marked")
