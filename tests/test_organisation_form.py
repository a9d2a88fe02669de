"""The project lead's "ny gruppe" form in Teams (issue 13), over real HTTP with the connector
emulator, on SQLite and PostgreSQL: the form, the group created and logged, and every refusal
(not the lead: 403; a bad code or a name already in use: 400 with the form again) writing
nothing."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.emulator.server import ConnectorEmulator
from tests.support import activities as act
from tests.support.botserver import RunningBot, running_bot, settings_for
from tests.support.cardgate import assert_card_ok
from tests.support.people import add_user
from vocabulary import DecisionKind

VERB = "group-create"
CARD = "application/vnd.microsoft.card.adaptive"


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[RunningBot]:
    async with running_bot(settings_for(database_url)) as running:
        async with running.services.db.uow() as uow:
            await uow.groups.add("HJT", "Hjemmetjeneste", "working")
            await add_user(uow, act.KARI, lead=True)
            await uow.commit()
        yield running


def _card(activity: dict[str, Any]) -> dict[str, Any]:
    [attachment] = activity.get("attachments") or [None]
    assert attachment is not None and attachment["contentType"] == CARD, activity
    card: dict[str, Any] = attachment["content"]
    assert_card_ok(card)
    return card


def _value(card: dict[str, Any], name: str) -> Any:
    return next(item for item in card["body"] if item.get("id") == name).get("value")


async def _counts(bot: RunningBot) -> tuple[int, int]:
    async with bot.services.db.read() as uow:
        return len(await uow.groups.all()), await uow.decisions.count()


@pytest.mark.parametrize(
    ("words", "locale", "title"),
    [("ny gruppe", "nb-NO", "Ny gruppe"), ("new group", "en-US", "New group")],
)
async def test_the_lead_gets_the_form_others_are_refused(
    bot: RunningBot, connector_emulator: ConnectorEmulator, words: str, locale: str, title: str
) -> None:
    await bot.post(act.message(words, connector_emulator.url, locale=locale))
    [form] = await connector_emulator.wait_for_sent(1)
    card = _card(form)
    assert card["body"][0]["text"] == title
    ids = {item.get("id") for item in card["body"]}
    assert {"code", "name", "kind", "aliases"} <= ids
    kinds = next(item for item in card["body"] if item.get("id") == "kind")
    assert kinds["type"] == "Input.ChoiceSet"
    assert {c["value"] for c in kinds["choices"]} == {
        "working",
        "steering",
        "project",
        "reference",
        "owner",
    }
    assert card["actions"][0]["verb"] == VERB
    await bot.post(act.message("ny gruppe", connector_emulator.url, user=act.OLA))
    [refusal] = (await connector_emulator.wait_for_sent(2))[1:]
    assert refusal["text"].startswith("Beklager, bare prosjektlederen")


async def test_the_form_creates_the_group_with_aliases_and_logs_it(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    data = {
        "verb": VERB,
        "code": "rop",
        "name": "Rus og  psykiatri",
        "kind": "working",
        "aliases": "ROP-gruppen, , Psykisk helse og rus",
    }
    status, body = await bot.post(act.card_action(VERB, data, connector_emulator.url))
    assert status == 200 and body["statusCode"] == 200, body
    card = body["value"]
    assert_card_ok(card)
    words = json.dumps(card, ensure_ascii=False)
    assert "Gruppen ROP er opprettet." in words and "koble ROP" in words
    async with bot.services.db.read() as uow:
        group = await uow.groups.find("psykisk HELSE og rus")
        assert group is not None and group.code == "ROP" and group.name == "Rus og psykiatri"
        assert (await uow.groups.find("rop-gruppen")) is group
        [logged] = await uow.decisions.latest(5)
    assert logged.kind == DecisionKind.ORGANISATION and logged.group_code == "ROP"
    assert logged.recorded_by == "Kari Nordmann"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"code": "hjt", "name": "Ny", "kind": "working"}, "«HJT» brukes allerede av gruppen HJT"),
        (
            {"code": "ROP", "name": "hjemmetjeneste", "kind": "working"},
            "«hjemmetjeneste» brukes allerede av gruppen HJT",
        ),
        (
            {"code": "ROP", "name": "Rus", "kind": "working", "aliases": "Rus og psykiatri, HJT"},
            "«HJT» brukes allerede av gruppen HJT",
        ),
        ({"code": "1 2", "name": "Rus", "kind": "working"}, "«1 2» kan ikke være en gruppekode"),
        ({"code": "ROP", "name": "Rus", "kind": "club"}, "«club» er ikke en gruppetype"),
    ],
)
async def test_a_refused_form_answers_400_and_comes_back_with_its_values(
    bot: RunningBot, connector_emulator: ConnectorEmulator, data: dict[str, str], problem: str
) -> None:
    before = await _counts(bot)
    sent = {"verb": VERB, "aliases": "", **data}
    status, body = await bot.post(act.card_action(VERB, sent, connector_emulator.url))
    assert status == 200 and body["statusCode"] == 400, body
    assert problem in body["value"]["message"]
    [again] = await connector_emulator.wait_for_sent(1)
    card = _card(again)
    assert problem in json.dumps(card, ensure_ascii=False)
    assert _value(card, "code") == data["code"] and _value(card, "name") == data["name"]
    assert _value(card, "aliases") == sent["aliases"]
    assert await _counts(bot) == before


async def test_someone_else_is_refused_403_and_nothing_is_written(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    before = await _counts(bot)
    data = {"verb": VERB, "code": "ROP", "name": "Rus og psykiatri", "kind": "working"}
    status, body = await bot.post(
        act.card_action(VERB, data, connector_emulator.url, user=act.OLA, locale="en-US")
    )
    assert status == 200 and body["statusCode"] == 403
    assert body["value"]["message"].startswith("Sorry, only the project lead")
    assert await _counts(bot) == before


async def test_the_submit_fallback_creates_the_group_too(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    data = {"verb": VERB, "code": "KS", "name": "KS", "kind": "reference", "aliases": ""}
    await bot.post(act.submit(data, connector_emulator.url))
    [reply] = await connector_emulator.wait_for_sent(1)
    assert "Gruppen KS er opprettet." in json.dumps(_card(reply), ensure_ascii=False)
    assert (await _counts(bot))[0] == 2
