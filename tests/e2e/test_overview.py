"""The steering group's overview in the playground: Kari Nordmann (the project lead) asks for
`deltakelse`, nudges Larvik (flagged: nobody in most working groups; Ingrid Berg is made its
contact person first), drafts and approves a status report in her personal chat, and the
steering group's chat («DigiTV prosjektgruppe», STY's home in the demo) receives it."""

from __future__ import annotations

import os
import subprocess
import sys
import time as clock

import pytest
from playwright.async_api import Page

from dialogs.demo.organisation import PLAYGROUND_GROUP_CHAT_NAME
from tests.e2e import harness
from tests.e2e.conftest import Playground

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]

PERSONAL = "Personal Chat"


def _make_contact(bench: harness.Bench, email: str, municipality: str) -> None:
    """Run `kravbot people set-role` against the running bot's database, as an admin would."""
    env = dict(os.environ)
    env["KRAVBOT_DATABASE_URL"] = f"sqlite+aiosqlite:///{bench.workdir / 'bot' / 'kravbot-e2e.db'}"
    for name in ("MicrosoftAppId", "MICROSOFTAPPID"):
        env.pop(name, None)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bot.cli",
            "people",
            "set-role",
            email,
            "contact",
            "--municipality",
            municipality,
        ],
        cwd=bench.workdir / "bot",
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )


async def test_lead_nudges_and_the_steering_group_gets_the_report(
    page: Page, playground: Playground
) -> None:
    _make_contact(playground.bench, "ingrid.berg@digitv.example", "Larvik")
    # Opening the steering group's chat tells Kravbot where the playground's connector is.
    await harness.open_conversation(page, PLAYGROUND_GROUP_CHAT_NAME)
    await harness.open_conversation(page, PERSONAL)

    before = await harness.send_message(page, "deltakelse")
    overview = await harness.wait_for_card(page, "Trenger oppfølging", newer_than=before)
    assert "Larvik" in await overview.inner_text()
    await harness.screenshot(page, "overview-deltakelse")
    index = await harness.click_card_button(page, "Send en vennlig påminnelse til Larvik")
    await harness.wait_for_card(
        page, "kontaktpersonen i Larvik sendes i kontortiden", newer_than=index
    )

    assessment = f"Prosjektet er i rute. Larvik følges opp. ({clock.time_ns() % 100000})"
    before = await harness.send_message(page, "statusrapport")
    draft = await harness.wait_for_card(page, "Utkast til statusrapport", newer_than=before)
    await draft.get_by_label("Prosjektlederens vurdering").fill(assessment)
    index = await harness.click_card_button(page, "Godkjenn og send til styringsgruppen")
    await harness.wait_for_card(page, "Rapporten er godkjent", newer_than=index)
    await harness.screenshot(page, "overview-report-approved")

    await harness.open_conversation(page, PLAYGROUND_GROUP_CHAT_NAME)
    report = await harness.wait_for_card(page, assessment, timeout=30)
    text = await report.inner_text()
    assert "Statusrapport" in text and "Godkjent av Kari Nordmann" in text, text
    assert "Milepæler" in text, text
    await harness.screenshot(page, "overview-report-steering")
