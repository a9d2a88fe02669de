"""The bot over real HTTP on loopback, replying to the connector emulator, on both databases."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from storage.database import Database
from tests.emulator.server import ConnectorEmulator
from tests.support import activities as act
from tests.support.botserver import RunningBot, running_bot, settings_for
from tests.support.cardgate import assert_card_ok

CARD = "application/vnd.microsoft.card.adaptive"


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[RunningBot]:
    async with running_bot(settings_for(database_url)) as running:
        yield running


def _card(activity: dict[str, Any]) -> dict[str, Any]:
    attachments = activity.get("attachments") or []
    assert len(attachments) == 1, activity
    assert attachments[0]["contentType"] == CARD
    card: dict[str, Any] = attachments[0]["content"]
    assert_card_ok(card)
    return card


def _texts(card: dict[str, Any]) -> str:
    return json.dumps(card, ensure_ascii=False)


async def test_help_card_in_a_personal_chat(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    status, _ = await bot.post(act.message("hjelp", connector_emulator.url))
    assert status == 200
    [reply] = await connector_emulator.wait_for_sent(1)
    card = _card(reply)
    assert "Kravbot – hjelp" in _texts(card)
    assert reply["conversation"]["id"] == act.PERSONAL.id
    assert reply["replyToId"]


@pytest.mark.parametrize(
    ("locale", "title"),
    [("nn-NO", "Kravbot – hjelp"), ("en-GB", "Kravbot – help"), (None, "Kravbot – hjelp")],
)
async def test_help_follows_the_teams_language(
    bot: RunningBot, connector_emulator: ConnectorEmulator, locale: str | None, title: str
) -> None:
    word = "help" if locale == "en-GB" else "hjelp"
    await bot.post(act.message(word, connector_emulator.url, locale=locale))
    [reply] = await connector_emulator.wait_for_sent(1)
    card = _card(reply)
    assert card["body"][0]["text"] == title
    if locale == "nn-NO":
        assert "Skriv ein av desse kommandoane" in _texts(card)


async def test_help_after_a_mention_in_a_channel(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    status, _ = await bot.post(act.message("hjelp", connector_emulator.url, where=act.CHANNEL))
    assert status == 200
    [reply] = await connector_emulator.wait_for_sent(1, conversation_id=act.CHANNEL.id)
    assert "Kravbot – hjelp" in _texts(_card(reply))


async def test_unknown_text_gets_a_hint(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    await bot.post(act.message("hva skjer?", connector_emulator.url))
    [reply] = await connector_emulator.wait_for_sent(1)
    assert reply["text"] == "Den kommandoen kjenner jeg ikke. Skriv «hjelp» for å se hva jeg kan."
    assert not reply.get("attachments")


async def test_install_stores_the_conversation_and_welcomes(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    status, _ = await bot.post(act.bot_added(connector_emulator.url, where=act.CHANNEL))
    assert status == 200
    [reply] = await connector_emulator.wait_for_sent(1, conversation_id=act.CHANNEL.id)
    card = _card(reply)
    assert card["body"][0]["text"] == "Velkommen til Kravbot"
    async with bot.services.db.uow() as uow:
        stored = await uow.conversations.get(act.CHANNEL.id)
    assert stored is not None
    assert stored.kind == "channel"
    assert stored.tenant_id == act.TENANT
    assert stored.team_id == act.CHANNEL.team_id
    assert stored.service_url == connector_emulator.url
    assert stored.installed is True
    # The tenant survives in the stored reference (botbuilder's schema would drop it).
    assert stored.reference["conversation"]["tenantId"] == act.TENANT


async def test_removal_is_recorded(bot: RunningBot, connector_emulator: ConnectorEmulator) -> None:
    await bot.post(act.bot_added(connector_emulator.url))
    await bot.post(act.bot_removed(connector_emulator.url))
    async with bot.services.db.uow() as uow:
        stored = await uow.conversations.get(act.PERSONAL.id)
    assert stored is not None and stored.installed is False


async def test_service_url_is_refreshed_and_sender_remembered(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    await bot.post(act.message("hjelp", connector_emulator.url))
    moved = connector_emulator.url + "amer/"
    await bot.post(act.message("hjelp", moved))
    async with bot.services.db.uow() as uow:
        stored = await uow.conversations.get(act.PERSONAL.id)
        person = await uow.people.by_teams_id(act.KARI.id)
    assert stored is not None and stored.service_url == moved
    assert person is not None
    assert person.name == "Kari Nordmann"
    assert person.aad_object_id == act.KARI.aad_object_id
    assert person.personal_conversation_id == act.PERSONAL.id


async def test_action_execute_answers_200_with_the_card(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    status, body = await bot.post(
        act.card_action("help", {"verb": "help"}, connector_emulator.url, locale="en-US")
    )
    assert status == 200
    assert body["statusCode"] == 200
    assert body["type"] == CARD
    assert body["value"]["body"][0]["text"] == "Kravbot – help"
    assert_card_ok(body["value"])
    assert connector_emulator.sent() == []


async def test_unknown_card_verb_is_refused_with_a_message(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    status, body = await bot.post(act.card_action("forged-verb", {}, connector_emulator.url))
    assert status == 200
    assert body["statusCode"] == 400
    assert body["type"] == "application/vnd.microsoft.error"
    assert "ikke i bruk" in body["value"]["message"]


async def test_action_submit_fallback_posts_the_card(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    status, _ = await bot.post(act.submit({"verb": "help"}, connector_emulator.url))
    assert status == 200
    [reply] = await connector_emulator.wait_for_sent(1)
    assert "Kravbot – hjelp" in _texts(_card(reply))


async def test_other_invokes_are_not_implemented(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    invoke = act.base("invoke", connector_emulator.url)
    invoke["name"] = "composeExtension/query"
    status, _ = await bot.post(invoke)
    assert status == 501


async def test_oversized_message_text_is_answered_not_processed(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    await bot.post(act.message("hjelp " + "x" * 5000, connector_emulator.url))
    [reply] = await connector_emulator.wait_for_sent(1)
    assert "for lang" in reply["text"]


async def test_teams_throttling_a_reply_is_retried(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    connector_emulator.inject(429, times=2, retry_after=0.2)
    status, _ = await bot.post(act.message("hjelp", connector_emulator.url))
    assert status == 200
    assert len(await connector_emulator.wait_for_sent(1)) == 1
    assert connector_emulator.count(status=429) == 2


@pytest.mark.parametrize(
    ("payload", "content_type", "expected"),
    [
        (b"{not json", "application/json", 400),
        (b"[1, 2, 3]", "application/json", 400),
        (b'"text"', "application/json", 400),
        (b"\xff\xfe\x00", "application/json", 400),
        (b'{"type": "message"}', "application/json", 400),
        (b"hjelp", "text/plain", 415),
    ],
)
async def test_malformed_bodies_are_400(
    bot: RunningBot, payload: bytes, content_type: str, expected: int
) -> None:
    status, body = await bot.post_raw(payload, content_type=content_type)
    assert status == expected
    assert "Traceback" not in body


@pytest.mark.parametrize(
    "breakage",
    [
        {"serviceUrl": "ftp://example/"},
        {"serviceUrl": "not a url"},
        {"serviceUrl": 12},
        {"conversation": "a:1"},
        {"conversation": {"id": ""}},
        {"from": "29:x"},
        {"from": None},
        {"channelData": [1]},
        {"text": {"nested": True}},
        {"channelId": None},
    ],
)
async def test_activities_with_bad_fields_are_400(
    bot: RunningBot, connector_emulator: ConnectorEmulator, breakage: dict[str, Any]
) -> None:
    activity = act.message("hjelp", connector_emulator.url)
    activity.update(breakage)
    status, body = await bot.post(activity)
    assert status == 400, body
    assert body["error"]["code"] == "BadRequest"
    assert connector_emulator.sent() == []


async def test_too_large_body_is_413(bot: RunningBot) -> None:
    status, _ = await bot.post_raw(b'{"x": "' + b"a" * (600 * 1024) + b'"}')
    assert status == 413


async def test_health_and_readiness(bot: RunningBot) -> None:
    assert await bot.get("/healthz") == (200, {"status": "ok"})
    status, body = await bot.get("/readyz")
    assert status == 200 and body["database"] is True


async def test_readiness_fails_when_the_database_is_gone(tmp_path: Any) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/kravbot.db"
    async with running_bot(settings_for(url)) as running:
        # Point the running service at a database file that cannot be opened.
        await running.services.db.dispose()
        running.services.db = Database(f"sqlite+aiosqlite:///{tmp_path}/missing/dir/x.db")
        status, body = await running.get("/readyz")
        assert status == 503
        assert body["database"] is False
        assert (await running.get("/healthz"))[0] == 200


async def test_tenant_not_allowed_is_403(database_url: str, connector_emulator: Any) -> None:
    settings = settings_for(database_url, allowed_tenants="some-other-tenant")
    async with running_bot(settings) as running:
        status, body = await running.post(act.message("hjelp", connector_emulator.url))
        assert status == 403
        assert body["error"]["code"] == "Forbidden"
        assert connector_emulator.sent() == []
        allowed = act.message("hjelp", connector_emulator.url, tenant="some-other-tenant")
        status, _ = await running.post(allowed)
        assert status == 200


async def test_chosen_language_wins_over_the_teams_locale(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    # The Agents Playground (and some Teams clients) always say en-US.
    await bot.post(act.message("help", connector_emulator.url, locale="en-US"))
    async with bot.services.db.uow() as uow:
        person = await uow.people.by_teams_id(act.KARI.id)
        assert person is not None
        person.language = "nn"
        await uow.commit()
    bot.services.handler.forget_language(act.KARI.id)
    await bot.post(act.message("help", connector_emulator.url, locale="en-US"))
    first, second = await connector_emulator.wait_for_sent(2)
    assert _card(first)["body"][0]["text"] == "Kravbot – help"
    assert "Skriv ein av desse kommandoane" in _texts(_card(second))


async def test_welcome_is_posted_once_per_installation(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    for _ in range(3):
        await bot.post(act.bot_added(connector_emulator.url))
    await bot.post(act.bot_removed(connector_emulator.url))
    await bot.post(act.bot_added(connector_emulator.url))
    welcomes = await connector_emulator.wait_for_sent(2)
    assert [_card(w)["body"][0]["text"] for w in welcomes] == ["Velkommen til Kravbot"] * 2
    assert len(connector_emulator.sent()) == 2


async def test_installation_and_conversation_update_welcome_once(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    # The order the Agents Playground uses; Teams may send them the other way round.
    await bot.post(act.installation("add", connector_emulator.url))
    await bot.post(act.bot_added(connector_emulator.url))
    await bot.post(act.installation("add", connector_emulator.url))
    [welcome] = await connector_emulator.wait_for_sent(1)
    assert _card(welcome)["body"][0]["text"] == "Velkommen til Kravbot"
    assert len(connector_emulator.sent()) == 1


@pytest.mark.parametrize("limits", ["1/1", "7/1,8/2,60/30,1800/3600"])
async def test_replies_pace_at_the_configured_limits_in_every_process(
    database_url: str, limits: str
) -> None:
    # No background process (a replica that does not lead): replies still keep to the
    # configured per-chat window, here one per second in one chat, and go at once otherwise.
    async with (
        ConnectorEmulator(rate_limits=False) as emulator,
        running_bot(settings_for(database_url, conversation_limits=limits)) as bot,
    ):
        where = act.Where(id="a:paced")
        started = time.monotonic()
        for _ in range(3):
            status, _ = await bot.post(act.message("hjelp", emulator.url, where=where))
            assert status == 200
        took = time.monotonic() - started
        await emulator.wait_for_sent(3)
    if limits == "1/1":
        assert took >= 1.9, took
    else:
        assert took < 1.5, took
