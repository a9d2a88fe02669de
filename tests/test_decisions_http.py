"""The decision log in Teams, over real HTTP with the connector emulator, on both databases."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from dialogs.decisions import DecisionDraft, record_decision
from storage.database import Database
from storage.models import Person
from tests.emulator.server import ConnectorEmulator
from tests.support import activities as act
from tests.support.botserver import RunningBot, running_bot, settings_for
from tests.support.cardgate import assert_card_ok

CARD = "application/vnd.microsoft.card.adaptive"
SAVE = "decision-save"


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[RunningBot]:
    async with running_bot(settings_for(database_url)) as running:
        db = running.services.db
        async with db.uow() as uow:
            await uow.groups.add("STY", "Styringsgruppe", "steering")
            await uow.groups.add("HJT", "Hjemmetjeneste", "working")
            await uow.people.add(
                Person(
                    teams_user_id=act.KARI.id,
                    aad_object_id=act.KARI.aad_object_id,
                    name="Kari Nordmann",
                    is_project_lead=True,
                )
            )
            await uow.commit()
        yield running


def _card(activity: dict[str, Any]) -> dict[str, Any]:
    attachments = activity.get("attachments") or []
    assert len(attachments) == 1, activity
    assert attachments[0]["contentType"] == CARD
    card: dict[str, Any] = attachments[0]["content"]
    assert_card_ok(card)
    return card


def _all(card: dict[str, Any]) -> str:
    return json.dumps(card, ensure_ascii=False)


async def _record(db: Database, count: int, **basis: Any) -> None:
    for n in range(1, count + 1):
        async with db.uow() as uow:
            await record_decision(
                uow,
                DecisionDraft(
                    kind="poll",
                    title=f"Sak nummer {n}",
                    text=f"Vedtak i sak {n}: *ikke* markdown.",
                    group_code="STY",
                    recorded_by="Kari Nordmann",
                    basis=dict(basis),
                ),
            )
            await uow.commit()


async def test_latest_decisions_card(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    await bot.post(act.message("beslutninger", connector_emulator.url))
    [empty] = await connector_emulator.wait_for_sent(1)
    assert "Ingen beslutninger er ført inn ennå." in _all(_card(empty))
    await _record(bot.services.db, 12)
    await bot.post(act.message("avgjerder", connector_emulator.url, locale="nn-NO"))
    [reply] = (await connector_emulator.wait_for_sent(2))[1:]
    card = _card(reply)
    body = _all(card)
    assert card["body"][0]["text"] == "Avgjerdslogg"
    assert "Sak nummer 12" in body and "Sak nummer 3" in body and 'Sak nummer 2"' not in body
    assert "STY – Styringsgruppe" in body


async def test_one_decision_in_full_with_its_hash(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    db = bot.services.db
    await _record(
        db,
        1,
        tallies={"for": 2, "mot": 1},
        votes={"Kari Nordmann": "for", "Ola Hansen": "mot"},
        poll=4,
    )
    await bot.post(act.message("beslutning 1", connector_emulator.url))
    [reply] = await connector_emulator.wait_for_sent(1)
    card = _card(reply)
    async with db.uow() as uow:
        decision = await uow.decisions.get(1)
    assert decision is not None
    body = _all(card)
    assert decision.hash[:16] in body and decision.hash not in body
    assert "Ola Hansen" in body and "Opptelling" in body
    assert "Beslutning nr. 1" in body
    await bot.post(act.message("decision 99", connector_emulator.url, locale="en-US"))
    [missing] = (await connector_emulator.wait_for_sent(2))[1:]
    assert missing["text"] == "I cannot find decision no. 99."


async def test_anonymous_votes_are_not_shown(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    await _record(bot.services.db, 1, anonymous=True, votes={"Kari Nordmann": "for"})
    await bot.post(act.message("beslutning 1", connector_emulator.url))
    [reply] = await connector_emulator.wait_for_sent(1)
    body = _all(_card(reply))
    assert 'Kari Nordmann", "value": "for' not in body and "Hemmelig avstemning" in body


async def test_new_decision_form_for_the_lead_refusal_for_others(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    await bot.post(act.message("ny beslutning", connector_emulator.url))
    [form] = await connector_emulator.wait_for_sent(1)
    card = _card(form)
    ids = [item.get("id") for item in card["body"]]
    assert {"title", "text", "group", "basis"} <= set(ids)
    assert card["actions"][0]["verb"] == SAVE
    assert card["actions"][0]["fallback"]["type"] == "Action.Submit"
    await bot.post(act.message("ny beslutning", connector_emulator.url, user=act.OLA))
    [refusal] = (await connector_emulator.wait_for_sent(2))[1:]
    assert refusal["text"].startswith("Beklager, bare prosjektlederen")


async def test_save_records_and_replaces_the_card(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    data = {
        "verb": SAVE,
        "title": "Kravspesifikasjonen sendes på høring",
        "text": "Styringsgruppen sender kravspesifikasjonen på høring.",
        "group": "STY",
        "basis": "Møte 4. desember",
    }
    status, body = await bot.post(act.card_action(SAVE, data, connector_emulator.url))
    assert status == 200 and body["statusCode"] == 200
    card = body["value"]
    assert_card_ok(card)
    assert "Ført inn som nr. 1, sak 20" in _all(card)
    async with bot.services.db.uow() as uow:
        decision = await uow.decisions.get(1)
    assert decision is not None
    assert decision.recorded_by == "Kari Nordmann" and decision.kind == "manual"
    assert decision.basis == {"note": "Møte 4. desember"}


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"title": "", "text": "Noe", "group": "STY"}, "Tittelen mangler."),
        ({"title": "T", "text": " ", "group": "STY"}, "Vedtaksteksten mangler."),
        ({"title": "T", "text": "Noe", "group": "XYZ"}, "Jeg finner ingen gruppe «XYZ»."),
        ({"title": "x" * 300, "text": "Noe", "group": "STY"}, "Tittelen er for lang"),
    ],
)
async def test_invalid_input_shows_the_form_again_with_the_error(
    bot: RunningBot, connector_emulator: ConnectorEmulator, data: dict[str, str], problem: str
) -> None:
    status, body = await bot.post(
        act.card_action(SAVE, {"verb": SAVE, **data}, connector_emulator.url)
    )
    assert status == 200 and body["statusCode"] == 200
    card = body["value"]
    assert_card_ok(card)
    texts = _all(card)
    assert problem in texts
    title = next(item for item in card["body"] if item.get("id") == "title")
    assert title["value"] == data["title"]
    async with bot.services.db.uow() as uow:
        assert await uow.decisions.count() == 0


async def test_save_by_someone_else_is_refused(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    data = {"verb": SAVE, "title": "T", "text": "Noe", "group": "STY"}
    status, body = await bot.post(act.card_action(SAVE, data, connector_emulator.url, user=act.OLA))
    assert status == 200 and body["statusCode"] == 403
    assert "prosjektlederen" in body["value"]["message"]
    async with bot.services.db.uow() as uow:
        assert await uow.decisions.count() == 0


async def test_submit_fallback_posts_the_recorded_decision(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    data = {"verb": SAVE, "title": "Tittel", "text": "Vedtak", "group": "HJT"}
    status, _ = await bot.post(act.submit(data, connector_emulator.url, locale="en-GB"))
    assert status == 200
    [reply] = await connector_emulator.wait_for_sent(1)
    assert "Recorded as no. 1" in _all(_card(reply))
