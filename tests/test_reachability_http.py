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
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from cards.milestone_cards import milestones_card
from dialogs.kernel.context import DialogContext
from dialogs.kernel.registry import FiredTimer
from dialogs.milestones.timers import on_reminder
from dialogs.milestones.views import milestone_view
from dialogs.polls.service import PollSpec, open_poll
from dialogs.reviews.views import round_missing
from storage.conversations import ConversationRecord
from storage.database import Database
from storage.models import Person
from tests.catalogue_support import add_requirements
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
            await add_requirements(uow, group, 3)
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


async def test_a_milestone_whose_owner_cannot_be_reached_says_so_and_reminds_the_group(
    db: Database,
) -> None:
    ctx = DialogContext(db=db)
    async with db.uow() as uow:
        group = await uow.groups.add("HJT", "Hjemmetjeneste", "working")
        await uow.conversations.save(
            ConversationRecord(
                id=act.CHANNEL.id,
                kind="channel",
                channel_id="msteams",
                tenant_id=act.TENANT,
                team_id=act.CHANNEL.team_id,
                teams_channel_id=act.CHANNEL.id,
                name="Hjemmetjeneste",
                service_url="http://127.0.0.1:9/",
                bot_id=act.BOT_ID,
                reference={},
            )
        )
        await uow.groups.link(group, act.CHANNEL.id)
        owner = await uow.people.add(Person(name="Bjørn Eik"))
        milestone = await uow.milestones.add(
            title="Markedsdialog",
            phase=1,
            due_date=date(2026, 12, 4),
            precision="day",
            owner_id=owner.id,
            group_id=group.id,
            changed_by="test",
        )
        await uow.commit()
    async with db.uow() as uow:
        view = await milestone_view(uow, milestone, date(2026, 12, 1))
        words = _words(milestones_card("nb", [], [view]))
        assert "Kravbot kan ikke nå eieren: Bjørn Eik (ingen Teams-konto koblet)." in words
        args = {
            "milestone": milestone.id,
            "due": "2026-12-04",
            "precision": "day",
            "kind": "due",
            "audience": "owner",
        }
        now = datetime(2026, 12, 1, 9, tzinfo=OSLO)
        await on_reminder(uow, ctx, FiredTimer("m:1", "milestone", args, now, now, False))
        await uow.commit()
    async with db.uow() as uow:
        rows = await uow.outbox.for_keys(["m:1:owner", "m:1:group"])
    # Nothing for the owner (it could only fail); the group's channel is told instead.
    assert [(row.key, row.conversation_id) for row in rows] == [("m:1:group", act.CHANNEL.id)]
    assert "Kravbot kan ikke nå eieren" in _words(rows[0].activity)
