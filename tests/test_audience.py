"""Audience rules: who may see a poll's card and a decision, enforced in every handler
(refresh and stale cards included), on both databases; the rules themselves as properties.

The review round's cards are refused to outsiders in tests/test_reviews_http.py.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogs.decisions import DecisionDraft, record_decision
from dialogs.decisions.rules import OVERSIGHT, Reader, may_read_decision
from dialogs.polls.rules import Onlooker, may_see_poll
from dialogs.reviews.answering import Refusal, card_refusal
from storage.models import utcnow
from tests.emulator.server import ConnectorEmulator
from tests.support import activities as act
from tests.support.botserver import RunningBot, running_bot, settings_for
from tests.support.people import add_user, link_group
from vocabulary import GroupKind

OSLO = ZoneInfo("Europe/Oslo")
CHAT = act.Where(id="19:audience@thread.v2", kind="groupChat", name="Styringsgruppa")
TROND = act.User("29:trond", "Trond Wold", "aad-trond")
# Kjersti is in the catalogue, a member of a working group only: an outsider to STY.
KJERSTI = act.User("29:kjersti", "Kjersti Dal", "aad-kjersti")


@given(st.booleans(), st.booleans(), st.booleans(), st.booleans())
def test_a_poll_is_seen_by_its_electorate_group_creator_and_leads_only(
    elector: bool, member: bool, creator: bool, lead: bool
) -> None:
    who = Onlooker(elector=elector, member=member, creator=creator, lead=lead)
    assert may_see_poll(who) == any((elector, member, creator, lead))


@given(
    st.sets(st.tuples(st.sampled_from(["STY", "PG", "HJT", "INS"]), st.sampled_from(GroupKind))),
    st.sampled_from(["STY", "HJT", "INS", ""]),
    st.booleans(),
)
def test_a_decision_is_read_by_its_group_oversight_and_leads_only(
    groups: set[tuple[str, str]], decided_in: str, lead: bool
) -> None:
    allowed = may_read_decision(decided_in, Reader(frozenset(groups), lead=lead))
    expected = lead or any(code == decided_in or kind in OVERSIGHT for code, kind in groups)
    assert allowed == expected
    assert not may_read_decision(decided_in, Reader())


def test_a_review_card_is_for_members_of_an_open_round() -> None:
    assert card_refusal(member=False, round_open=True) == Refusal.NOT_MEMBER
    assert card_refusal(member=False, round_open=False) == Refusal.NOT_MEMBER
    assert card_refusal(member=True, round_open=False) == Refusal.CLOSED
    assert card_refusal(member=True, round_open=True) is None


@pytest.fixture
async def bot(
    database_url: str, connector_emulator: ConnectorEmulator
) -> AsyncIterator[RunningBot]:
    async with running_bot(settings_for(database_url)) as running:
        db = running.services.db
        async with db.uow() as uow:
            sty = await uow.groups.add("STY", "Styringsgruppe", "steering")
            hjt = await uow.groups.add("HJT", "Hjemmetjeneste", "working")
            await uow.groups.add("INS", "Institusjon", "working")
            for user, lead in ((act.KARI, True), (TROND, False), (KJERSTI, False)):
                person = await add_user(uow, user, lead=lead)
                await uow.groups.add_member(hjt if user is KJERSTI else sty, person, "member")
            await uow.commit()
        await running.post(act.message("hjelp", connector_emulator.url, where=CHAT))
        await link_group(db, "STY", CHAT.id)
        yield running


async def _invoke(bot: RunningBot, url: str, user: act.User, verb: str, data: Any) -> Any:
    activity = act.card_action(verb, {"verb": verb, **data}, url, user=user, where=CHAT)
    status, body = await bot.post(activity)
    assert status == 200, body
    return body


def _refused(body: Any) -> str:
    assert body["type"] == "application/vnd.microsoft.error", body
    assert body["statusCode"] == 403, body
    return json.dumps(body, ensure_ascii=False)


FORM = {
    "group": "STY", "title": "Hemmelig sak", "description": "Et utkast til budsjett.",
    "options": "Tiltak A\nTiltak B", "deadline_time": "12:00", "quorum": "50",
    "majority": "simple", "anonymous": "false", "multiple": "false", "live": "true",
    "close_all": "false",
}  # fmt: skip


async def test_a_poll_is_refused_to_people_outside_its_group_in_every_handler(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    url = connector_emulator.url
    day = (utcnow() + timedelta(days=10)).astimezone(OSLO).date().isoformat()
    created = await _invoke(bot, url, act.KARI, "poll-create", {**FORM, "deadline_date": day})
    assert created["statusCode"] == 200
    async with bot.services.db.read() as uow:
        poll_id = (await uow.polls.open_polls())[0].id
    voted = await _invoke(bot, url, TROND, "poll-vote", {"poll": poll_id, "rev": 0, "choice": "o1"})
    assert voted["statusCode"] == 200
    ref = {"poll": poll_id, "rev": 1}
    for user in (KJERSTI, act.OLA):  # in the catalogue but not the group; unknown to Kravbot
        for verb in ("poll-refresh", "poll-change", "poll-close"):
            body = _refused(await _invoke(bot, url, user, verb, ref))
            assert "Tiltak A" not in body and "Hemmelig sak" not in body and "1 av" not in body
        vote = await _invoke(bot, url, user, "poll-vote", {**ref, "rev": 0, "choice": "o2"})
        assert 400 <= vote["statusCode"] < 500
    # The group's own member sees the live tallies; so does the project lead.
    assert "Tiltak A" in json.dumps(await _invoke(bot, url, TROND, "poll-refresh", ref))
    closed = await _invoke(bot, url, act.KARI, "poll-close", {"poll": poll_id, "confirm": "yes"})
    assert closed["statusCode"] == 200
    # A stale card of the closed poll: its result is the group's, not the outsider's.
    for verb in ("poll-refresh", "poll-close", "poll-change"):
        body = _refused(await _invoke(bot, url, KJERSTI, verb, {"poll": poll_id}))
        assert "Tiltak A" not in body and "Trond" not in body
    assert "Trond Wold" in json.dumps(await _invoke(bot, url, TROND, "poll-refresh", ref))


async def test_a_decision_is_refused_to_people_outside_its_group(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    url = connector_emulator.url
    async with bot.services.db.uow() as uow:
        for code, title in (("STY", "Budsjettet for 2027"), ("HJT", "Krav om mobil journal")):
            draft = DecisionDraft(
                kind="manual", title=title, text=f"{title}: vedtatt.", group_code=code,
                recorded_by="Kari Nordmann",
            )  # fmt: skip
            await record_decision(uow, draft)
        await uow.commit()
    await bot.post(act.message("beslutning 1", url, user=KJERSTI))
    refusal = (await connector_emulator.wait_for_sent(2))[-1]
    assert "Budsjettet" not in json.dumps(refusal, ensure_ascii=False)
    assert refusal["text"] == "Jeg finner ingen beslutning nr. 1."
    await bot.post(act.message("beslutninger", url, user=KJERSTI))
    listing = json.dumps((await connector_emulator.wait_for_sent(3))[-1], ensure_ascii=False)
    assert "Krav om mobil journal" in listing and "Budsjettet" not in listing
    # The steering group's member reads both (oversight), the working group's own too.
    await bot.post(act.message("beslutning 2", url, user=TROND))
    shown = json.dumps((await connector_emulator.wait_for_sent(4))[-1], ensure_ascii=False)
    assert "Krav om mobil journal" in shown
    await bot.post(act.message("beslutning 2", url, user=KJERSTI))
    own = json.dumps((await connector_emulator.wait_for_sent(5))[-1], ensure_ascii=False)
    assert "Krav om mobil journal" in own
