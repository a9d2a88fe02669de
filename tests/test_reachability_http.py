"""Reachability where people see it (issue 13), over real HTTP with the connector emulator, on
SQLite and PostgreSQL.

A group of three: Anne (reachable), Bjørn (imported without a Teams or Entra id) and Carl
(Teams refuses his 1:1 chat: the app is not installed for him). The round card and the poll
card say who really got them, the lead gets one message naming who cannot be reached and why,
a 1:1 that ends dead later is reported to the lead, and `hvem mangler` lists them.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from dialogs.polls.service import PollSpec, open_poll
from dialogs.reviews.views import round_missing
from storage.models import Person
from storage.requirements import Change, RequirementData
from tests.emulator.server import ConnectorEmulator, personal_conversation_id
from tests.support import activities as act
from tests.support.botserver import RunningBot, running_bot, settings_for
from tests.support.cardgate import assert_card_ok

OSLO = ZoneInfo("Europe/Oslo")
ANNE = act.User("29:anne", "Anne Berg", "00000000-0000-4000-8000-0000000000a1")
CARL = act.User("29:carl", "Carl Dahl", "00000000-0000-4000-8000-0000000000c1")
KARI_CHAT = act.PERSONAL.id


def _words(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False)


@pytest.fixture
async def bot(
    database_url: str, connector_emulator: ConnectorEmulator
) -> AsyncIterator[RunningBot]:
    url = connector_emulator.url
    # Teams refuses Carl's 1:1 chat: the app is not installed for him (403).
    connector_emulator.inject(
        403,
        operation="create_conversation",
        conversation_id=personal_conversation_id(act.TENANT, CARL.id),
    )
    async with running_bot(settings_for(database_url), background=True) as running:
        # The channel message records the channel; Kari's 1:1 message records her chat.
        await running.post(act.message("hjelp", url, where=act.CHANNEL))
        await running.post(act.message("hjelp", url))
        await connector_emulator.wait_for_sent(2)
        async with running.services.db.uow() as uow:
            group = await uow.groups.add("HJT", "Hjemmetjeneste", "working")
            await uow.groups.link(group, act.CHANNEL.id)
            kari = await uow.people.by_teams_id(act.KARI.id)
            assert kari is not None
            kari.is_project_lead = True
            kari.tenant_id = act.TENANT
            for user in (ANNE, CARL):
                person = await uow.people.add(
                    Person(
                        teams_user_id=user.id,
                        aad_object_id=user.aad_object_id,
                        name=user.name,
                        tenant_id=act.TENANT,
                    )
                )
                await uow.groups.add_member(group, person)
            # Imported from a sheet with a name only: no Teams or Entra id.
            await uow.groups.add_member(group, await uow.people.add(Person(name="Bjørn Eik")))
            for n in range(1, 4):
                await uow.requirements.create(
                    RequirementData(
                        key=f"HJT-{n:03d}", group_code="HJT", text=f"Krav {n}", type="must"
                    ),
                    group,
                    Change(by="test"),
                )
            await uow.commit()
        yield running


async def _texts_to_kari(emulator: ConnectorEmulator, n: int) -> list[str]:
    sent = await emulator.wait_for_sent(n, 15, conversation_id=KARI_CHAT)
    return [str(a.get("text", "")) for a in sent if a.get("text")]


async def test_a_round_says_who_got_the_card_and_tells_the_lead_who_did_not(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    url = connector_emulator.url
    day = (datetime.now(UTC) + timedelta(days=14)).astimezone(OSLO).date()
    values = {
        "verb": "review-open-round",
        "group": "hjemmetjeneste",
        "requirements": "HJT-001..HJT-003",
        "deadline_date": day.isoformat(),
        "deadline_time": "15:00",
        "instructions": "",
    }
    status, body = await bot.post(act.card_action("review-open-round", values, url))
    assert status == 200 and body["statusCode"] == 200, body
    card = body["value"]
    assert_card_ok(card)
    # Carl's refusal is not known yet: Bjørn is the one Kravbot knows it cannot reach.
    assert "2 av 3 har fått kortet. 1 kan ikke nås: Bjørn Eik (ingen Teams-konto koblet)." in (
        _words(card)
    )
    # Anne gets her card; nothing is sent for Bjørn; Carl's chat is refused and reported.
    await connector_emulator.wait_for_sent(
        1, 15, conversation_id=personal_conversation_id(act.TENANT, ANNE.id)
    )
    texts = await _texts_to_kari(connector_emulator, 3)
    assert any(
        t == "Gjennomgang nr. 1 for HJT – Hjemmetjeneste: 1 medlem fikk ikke kortet fordi Kravbot "
        "ikke kan nå dem: Bjørn Eik (ingen Teams-konto koblet)."
        for t in texts
    ), texts
    assert any(
        t == "Kravbot fikk ikke levert en melding: Carl Dahl (Kravbot er ikke installert for "
        "personen)."
        for t in texts
    ), texts
    async with bot.services.db.uow() as uow:
        statuses = await uow.dispatch.statuses(
            [f"review:1:card:{n}" for n in range(1, 6)] + ["review:1:unreachable:1"]
        )
    assert sorted(statuses.values()).count("dead") == 1  # Carl's; none was enqueued for Bjørn
    assert len([k for k in statuses if k.startswith("review:1:card:")]) == 2

    # The round card's next redraw states what really happened, and `hvem mangler` agrees.
    async with bot.services.db.uow() as uow:
        found = await uow.reviews.with_group(1)
        assert found is not None
        missing = await round_missing(uow, *found)
    assert {(m.name, m.reason) for m in missing} == {
        ("Carl Dahl", "not_installed"),
        ("Bjørn Eik", "no_account"),
    }
    status, body = await bot.post(act.message("hvem mangler HJT", url))
    assert status == 200
    replies = await _texts_to_kari(connector_emulator, len(texts) + 2)
    assert replies[-1] == (
        "2 personer kan ikke nås: Bjørn Eik (ingen Teams-konto koblet) og Carl Dahl "
        "(Kravbot er ikke installert for personen)."
    )
    # Only the project lead and administrators may ask.
    await bot.post(act.message("who is missing", url, user=ANNE, where=act.Where(id="a:anne")))
    [refusal] = await connector_emulator.wait_for_sent(1, conversation_id="a:anne")
    assert refusal["text"].startswith("Beklager, bare prosjektleder")


async def test_a_poll_card_names_who_cannot_be_reminded_and_the_lead_is_told(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    ctx = bot.services.ctx
    assert ctx is not None
    async with bot.services.db.uow() as uow:
        kari = await uow.people.by_teams_id(act.KARI.id)
        spec = PollSpec("HJT", "Godkjenne planen?", ("Ja", "Nei"), datetime.now(UTC) + timedelta(7))
        await open_poll(uow, ctx, spec, creator=kari, creator_name="Kari Nordmann")
        await uow.commit()
    # The channel has the answer to `hjelp`, then the poll card.
    poll_card = (await connector_emulator.wait_for_sent(2, 15, conversation_id=act.CHANNEL.id))[-1]
    words = _words(poll_card)
    assert (
        "Kravbot kan sende påminnelser til 2 av 3. 1 kan ikke nås: Bjørn Eik (ingen Teams-konto "
        "koblet)."
    ) in words
    texts = await _texts_to_kari(connector_emulator, 2)
    assert texts[-1] == (
        "Avstemning nr. 1 for HJT – Hjemmetjeneste: Kravbot kan ikke nå 1 medlem og kan ikke "
        "minne dem på fristen: Bjørn Eik (ingen Teams-konto koblet)."
    )
