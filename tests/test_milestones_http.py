"""Milestones over HTTP: the card and its actions in Teams, and the calendar feed."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import icalendar
import pytest

from cards.milestone_cards import DONE_VERB, EDIT_VERB, SAVE_VERB
from dialogs.demo.load import load_demo
from storage.database import Database
from tests.emulator.server import ConnectorEmulator
from tests.support import activities as act
from tests.support.botserver import RunningBot, running_bot, settings_for
from tests.support.cardgate import assert_card_ok

# Demo people (see dialogs/demo): Kari is project lead and admin; Ola is neither.
KARI = act.User("29:digitv-kari-nordmann", "Kari Nordmann", "d1617000-0000-4000-8000-000000000101")
OLA = act.User("29:digitv-ola-hansen", "Ola Hansen", "d1617000-0000-4000-8000-000000000102")
TOKEN = "calendar-secret-for-tests"


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[RunningBot]:
    async with running_bot(settings_for(database_url, calendar_token=TOKEN)) as running:
        await load_demo(running.services.db)
        yield running


async def _milestone(db: Database, due: date) -> int:
    async with db.uow() as uow:
        owner = await uow.people.by_email("kari.nordmann@digitv.example")
        group = await uow.groups.by_code("PRO")
        assert owner is not None and group is not None
        milestone = await uow.milestones.add(
            title="Kravspesifikasjon til styringsgruppen",
            phase=1,
            due_date=due,
            precision="day",
            owner_id=owner.id,
            group_id=group.id,
            changed_by="test",
        )
        await uow.commit()
        return milestone.id


def _texts(card: dict[str, Any]) -> str:
    return json.dumps(card, ensure_ascii=False)


async def test_milestones_card_lists_what_is_coming(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    await _milestone(bot.services.db, date.today() + timedelta(days=10))
    await bot.post(act.message("milepæler", connector_emulator.url, user=KARI))
    [reply] = await connector_emulator.wait_for_sent(1)
    card = reply["attachments"][0]["content"]
    assert_card_ok(card)
    assert "Kravspesifikasjon til styringsgruppen" in _texts(card)


async def test_owner_marks_done_and_others_are_refused(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    mid = await _milestone(bot.services.db, date.today() + timedelta(days=10))
    data = {"verb": DONE_VERB, "milestone": mid}
    status, body = await bot.post(
        act.card_action(DONE_VERB, data, connector_emulator.url, user=OLA)
    )
    assert status == 200
    assert body["statusCode"] == 403
    async with bot.services.db.uow() as uow:
        milestone = await uow.milestones.get(mid)
        assert milestone is not None and milestone.status != "done"
    status, body = await bot.post(
        act.card_action(DONE_VERB, data, connector_emulator.url, user=KARI)
    )
    assert status == 200
    assert body["statusCode"] == 200
    assert_card_ok(body["value"])
    async with bot.services.db.uow() as uow:
        milestone = await uow.milestones.get(mid)
        assert milestone is not None and milestone.status == "done"
        assert await uow.timers.pending(f"milestone:{mid}:") == []


async def test_moving_the_date_needs_a_valid_date_and_is_logged(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    mid = await _milestone(bot.services.db, date.today() + timedelta(days=10))
    status, body = await bot.post(
        act.card_action(
            EDIT_VERB, {"verb": EDIT_VERB, "milestone": mid}, connector_emulator.url, user=KARI
        )
    )
    assert status == 200
    assert_card_ok(body["value"])
    bad = {"verb": SAVE_VERB, "milestone": mid, "due": "31.02.2027", "reason": "Forsinket"}
    status, body = await bot.post(
        act.card_action(SAVE_VERB, bad, connector_emulator.url, user=KARI)
    )
    form = body["value"]
    assert_card_ok(form)
    assert "31.02.2027" in _texts(form)  # what was typed is kept on the card
    new_due = (date.today() + timedelta(days=40)).isoformat()
    good = {
        "verb": SAVE_VERB,
        "milestone": mid,
        "due": new_due,
        "reason": "Markedsdialogen tar tid",
    }
    status, body = await bot.post(
        act.card_action(SAVE_VERB, good, connector_emulator.url, user=KARI)
    )
    assert status == 200
    assert_card_ok(body["value"])
    async with bot.services.db.uow() as uow:
        milestone = await uow.milestones.get(mid)
        assert milestone is not None and milestone.due_date.isoformat() == new_due
        latest = await uow.decisions.latest(1)
    assert latest and latest[0].kind == "milestone"
    assert "Markedsdialogen tar tid" in json.dumps(latest[0].basis, ensure_ascii=False) + (
        latest[0].text
    )


async def test_calendar_feed_needs_the_token(bot: RunningBot) -> None:
    await _milestone(bot.services.db, date(2026, 12, 4))
    async with bot.http.get(f"{bot.url}/calendar/milestones.ics") as response:
        assert response.status == 403
    async with bot.http.get(f"{bot.url}/calendar/milestones.ics?token=wrong") as response:
        assert response.status == 403
    async with bot.http.get(f"{bot.url}/calendar/milestones.ics?token={TOKEN}") as response:
        assert response.status == 200
        assert response.content_type == "text/calendar"
        calendar = icalendar.Calendar.from_ical(await response.read())
    events = [component for component in calendar.walk("VEVENT")]
    starts = {str(event["SUMMARY"]): event.decoded("DTSTART") for event in events}
    assert starts["Kravspesifikasjon til styringsgruppen"] == date(2026, 12, 4)


async def test_calendar_feed_is_off_without_a_token(database_url: str) -> None:
    async with running_bot(settings_for(database_url)) as running:
        url = f"{running.url}/calendar/milestones.ics?token=x"
        async with running.http.get(url) as response:
            assert response.status == 404
