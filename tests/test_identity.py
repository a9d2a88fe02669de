"""One identity per turn: a sender whose Teams id is one person and whose Entra id is another
is refused (a message, or 403 on a card action) and logged without the ids, on both databases."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

from dialogs.kernel.access import IdentityCheck
from dialogs.kernel.turns import TurnInput
from storage.conversations import ConversationRecord
from storage.database import Database
from storage.people import TeamsUser
from tests.emulator.server import ConnectorEmulator
from tests.support import activities as act
from tests.support.botserver import RunningBot, running_bot, settings_for
from tests.support.people import add_user

# Kari's Teams id with Ola's Entra id: Kari is the project lead, Ola is nobody in particular.
MIXED = act.User(act.KARI.id, act.KARI.name, act.OLA.aad_object_id)


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[RunningBot]:
    async with running_bot(settings_for(database_url)) as running:
        async with running.services.db.uow() as uow:
            await uow.groups.add("STY", "Styringsgruppe", "steering")
            for user, lead in ((act.KARI, True), (act.OLA, False)):
                await add_user(uow, user, lead=lead)
            await uow.commit()
        yield running


async def test_a_sender_who_is_two_people_is_refused_and_logged(
    bot: RunningBot, connector_emulator: ConnectorEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    url = connector_emulator.url
    caplog.set_level(logging.WARNING)
    # The real Kari gets the lead's form; the mixed sender gets a refusal, no form.
    await bot.post(act.message("ny beslutning", url, user=act.KARI))
    form = (await connector_emulator.wait_for_sent(1))[-1]
    assert form.get("attachments"), form
    await bot.post(act.message("ny beslutning", url, user=MIXED))
    refused = (await connector_emulator.wait_for_sent(2))[-1]
    assert not refused.get("attachments")
    assert refused["text"].startswith("Jeg kan ikke vite hvem du er")
    await bot.post(act.message("new decision", url, user=MIXED, locale="en-GB"))
    english = (await connector_emulator.wait_for_sent(3))[-1]
    assert english["text"].startswith("I cannot tell who you are")
    data = {"verb": "decision-save", "title": "Sak", "text": "Vedtak", "group": "STY", "basis": ""}
    status, body = await bot.post(act.card_action("decision-save", data, url, user=MIXED))
    assert status == 200
    assert body["statusCode"] == 403 and body["type"] == "application/vnd.microsoft.error"
    assert "hvem du er" in body["value"]["message"]
    async with bot.services.db.read() as uow:
        assert await uow.decisions.latest() == []
    warnings = [r.getMessage() for r in caplog.records if "Teams and Entra ids" in r.getMessage()]
    assert len(warnings) == 3
    for line in warnings:
        assert act.KARI.id not in line and act.OLA.aad_object_id not in line
    # The same sender with only the Teams id (no Entra id) is Kari.
    status, body = await bot.post(
        act.card_action("decision-save", data, url, user=act.User(act.KARI.id, "Kari", ""))
    )
    assert body["statusCode"] == 200, body


async def test_the_identity_check_remembers_for_a_minute_then_reads_again(db: Database) -> None:
    # An import that gives Ola's Entra id to a second person splits the sender; the check
    # sees it once its memory of the sender is older than the ttl, never later.
    now = [1000.0]
    check = IdentityCheck(db, ttl=60, clock=lambda: now[0])
    async with db.uow() as uow:
        kari = await add_user(uow, act.KARI)
        await uow.commit()
    conversation = ConversationRecord(
        "a:1", "personal", "msteams", None, None, None, None, "", "", {}
    )
    sender = TeamsUser(act.KARI.id, act.OLA.aad_object_id, "Kari", None, None, None)
    turn = TurnInput(conversation, sender, "nb")
    assert await check.split(turn) == set()
    async with db.uow() as uow:
        ola = await add_user(uow, act.OLA)
        await uow.commit()
    now[0] += 59
    assert await check.split(turn) == set()  # remembered
    now[0] += 2
    assert await check.split(turn) == {kari.id, ola.id}
    # Without an Entra id the sender is one person, whatever is remembered.
    alone = TurnInput(conversation, TeamsUser(act.KARI.id, None, "Kari", None, None, None), "nb")
    assert await check.split(alone) == set()
