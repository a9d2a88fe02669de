"""Input limits at the edge: NUL characters, over-long names, locales, conversation ids and
card inputs give the same visible result on SQLite and PostgreSQL: no apology, no 500."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.inbound import MAX_NAME, clean_data, locale_of
from storage.models import Conversation
from tests.emulator.server import ConnectorEmulator
from tests.support import activities as act
from tests.support.botserver import RunningBot
from tests.support.people import steering_bot

APOLOGY = "Beklager, noe gikk galt"


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[RunningBot]:
    async with steering_bot(database_url) as running:
        yield running


@given(st.recursive(st.text(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)))
def test_card_data_keeps_no_nul_at_any_depth(data: Any) -> None:
    assert "\\u0000" not in json.dumps(clean_data({"v": data}))


@given(st.text())
def test_a_locale_is_a_short_tag_or_nothing(raw: str) -> None:
    locale = locale_of(raw)
    assert locale is None or (len(locale) <= 16 and "\x00" not in locale)


async def _reply(bot: RunningBot, emulator: ConnectorEmulator, activity: Any, n: int) -> Any:
    status, _ = await bot.post(activity)
    assert status in (200, 201, 202), status
    return (await emulator.wait_for_sent(n))[-1]


async def test_nul_long_name_and_long_locale_are_handled_alike(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    url = connector_emulator.url
    search = await _reply(bot, connector_emulator, act.message("krav søk jour\x00nal", url), 1)
    assert APOLOGY not in json.dumps(search, ensure_ascii=False)
    assert search["text"] == "Ingen krav passer til «journal». Prøv et annet eller kortere ord."
    long_name = act.User("29:lang-navn", "Å" * 300 + "\x00", "aad-lang-navn")
    hello = await _reply(bot, connector_emulator, act.message("hjelp", url, user=long_name), 2)
    assert APOLOGY not in json.dumps(hello, ensure_ascii=False)
    odd = act.User("29:odd-locale", "Odd Locale", "aad-odd-locale")
    activity = act.message("help", url, user=odd, locale="en-" + "x" * 38)
    english = await _reply(bot, connector_emulator, activity, 3)
    # An over-long locale is ignored: the default language (bokmål) answers, as for none.
    assert APOLOGY not in json.dumps(english, ensure_ascii=False)
    async with bot.services.db.read() as uow:
        stored = await uow.people.by_teams_id("29:lang-navn")
        assert stored is not None and stored.name == "Å" * MAX_NAME
        other = await uow.people.by_teams_id("29:odd-locale")
        assert other is not None and other.locale is None


async def test_a_600_character_conversation_id_is_a_bad_request_on_both_databases(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    where = act.Where(id="a:" + "x" * 598)
    status, body = await bot.post(act.message("hjelp", connector_emulator.url, where=where))
    assert status == 400 and "conversation.id is longer than 512" in json.dumps(body)
    async with bot.services.db.read() as uow:
        count = await uow.session.scalar(select(func.count()).select_from(Conversation))
    assert count == 0


async def _invoke(bot: RunningBot, url: str, verb: str, data: dict[str, Any]) -> Any:
    status, body = await bot.post(act.card_action(verb, {"verb": verb, **data}, url))
    assert status == 200, body
    return body


async def test_oversized_and_nul_card_inputs_are_refused_with_a_message(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    url = connector_emulator.url
    huge = "Lang tekst \x00" * 1_000
    decision = await _invoke(
        bot, url, "decision-save", {"title": huge, "text": huge, "group": "STY\x00", "basis": huge}
    )
    assert decision["statusCode"] == 200 and APOLOGY not in json.dumps(decision)
    poll = await _invoke(
        bot, url, "poll-create",
        {"group": "STY", "title": huge, "description": huge, "options": huge,
         "deadline_date": "2099-01-01\x00", "deadline_time": "12:00", "quorum": "50\x00"},
    )  # fmt: skip
    assert poll["statusCode"] in (200, 400, 403) and APOLOGY not in json.dumps(poll)
    nested = await _invoke(bot, url, "poll-refresh", {"poll": {"a": [[[[[[[[["x"]]]]]]]]]}})
    assert 400 <= nested["statusCode"] < 500
    async with bot.services.db.read() as uow:
        assert await uow.decisions.latest() == []
        assert await uow.polls.open_polls() == []
