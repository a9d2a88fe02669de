"""Baselines and endorsements from Teams, over real HTTP with the connector emulator, on SQLite
and PostgreSQL: the lead's `ny baseline` form (open quality findings on skal-krav confirmed
first), `ny tilslutning`, a contact's answer with a reservation, `tilslutning 1`, and
`avslutt tilslutning 1` with its confirmation. Someone else is refused and nothing is written."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from storage.models import Person
from storage.requirements import Change, RequirementData
from tests.emulator.server import ConnectorEmulator
from tests.support import activities as act
from tests.support.botserver import RunningBot, running_bot, settings_for
from tests.support.cardgate import assert_card_ok
from vocabulary import MunicipalityRole

OSLO = ZoneInfo("Europe/Oslo")
CONTACTS = [
    act.User(f"29:contact-{n}", f"Kontakt {n}", f"00000000-0000-4000-8000-00000000002{n}")
    for n in range(2)
]
PLACES = ["3909", "4003"]
STY = "19:sty@thread.tacv2"


@pytest.fixture
async def bot(
    database_url: str, connector_emulator: ConnectorEmulator
) -> AsyncIterator[RunningBot]:
    async with running_bot(settings_for(database_url)) as running:
        url = connector_emulator.url
        await running.post(act.message("hjelp", url, where=act.CHANNEL))
        steering_channel = act.Where(id=STY, kind="channel", team_id="19:t", channel_id=STY)
        await running.post(act.message("hjelp", url, where=steering_channel))
        async with running.services.db.uow() as uow:
            group = await uow.groups.add("HJT", "Hjemmetjeneste", "working")
            await uow.groups.link(group, act.CHANNEL.id)
            await uow.groups.add("PRO", "Prosjektgruppe", "project")
            steering = await uow.groups.add("STY", "Styringsgruppe", "steering")
            await uow.groups.link(steering, STY)
            kari = await uow.people.by_teams_id(act.KARI.id)
            assert kari is not None
            kari.is_project_lead = True
            for user, place in zip(CONTACTS, PLACES, strict=True):
                person = await uow.people.add(
                    Person(
                        teams_user_id=user.id,
                        aad_object_id=user.aad_object_id,
                        name=user.name,
                        municipality_number=place,
                    )
                )
                await uow.municipalities.set_participating(place, True)
                await uow.municipalities.set_role(place, person, MunicipalityRole.CONTACT)
            for key, words, kind in (
                ("HJT-001", "Systemet skal være brukervennlig.", "must"),
                ("HJT-002", "Systemet bør vise vedtak for brukeren.", "should"),
            ):
                await uow.requirements.create(
                    RequirementData(key=key, group_code="HJT", text=words, type=kind),
                    group,
                    Change(by="test"),
                )
            await uow.commit()
        yield running


async def _say(bot: RunningBot, emulator: ConnectorEmulator, words: str, user: act.User) -> Any:
    before = len(emulator.sent())
    await bot.post(act.message(words, emulator.url, user=user))
    sent = await emulator.wait_for_sent(before + 1)
    reply = sent[-1]
    if reply.get("attachments"):
        card = reply["attachments"][0]["content"]
        assert_card_ok(card)
        return card
    return reply["text"]


async def _click(
    bot: RunningBot, url: str, user: act.User, verb: str, data: dict[str, Any]
) -> dict[str, Any]:
    status, body = await bot.post(act.card_action(verb, data, url, user=user))
    assert status == 200, body
    if body["type"] == "application/vnd.microsoft.card.adaptive":
        assert_card_ok(body["value"])
    return body  # type: ignore[no-any-return]


async def _count(bot: RunningBot, table: str) -> int:
    async with bot.services.db.engine.connect() as conn:
        return int((await conn.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one())


async def test_baseline_and_endorsement_from_teams(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    """Long because it follows the lead from the first form to the closed round."""
    url, emulator = connector_emulator.url, connector_emulator
    assert "prosjektleder" in await _say(bot, emulator, "ny baseline", act.OLA)
    form = await _say(bot, emulator, "ny baseline", act.KARI)
    assert any(element.get("id") == "name" for element in form["body"])
    refused = await _click(bot, url, act.OLA, "baseline-create", {"name": "X"})
    assert refused["statusCode"] == 403
    unknown = await _click(
        bot, url, act.KARI, "baseline-create", {"name": "X", "requirements": "HJT-999"}
    )
    assert "HJT-999" in json.dumps(unknown["value"], ensure_ascii=False)
    # The skal-krav with a vague word is listed before anything is frozen.
    values = {"name": "Kravspesifikasjon 1.0", "group": "", "status": "", "requirements": ""}
    warned = (await _click(bot, url, act.KARI, "baseline-create", values))["value"]
    shown = json.dumps(warned, ensure_ascii=False)
    assert "HJT-001" in shown and "HJT-002" not in shown and "brukervennlig" in shown
    assert await _count(bot, "baselines") == 0
    [confirm] = warned["actions"]
    made = (await _click(bot, url, act.KARI, "baseline-create", confirm["data"]))["value"]
    assert "Kravspesifikasjon 1.0" in json.dumps(made, ensure_ascii=False)
    assert (await _count(bot, "baselines"), await _count(bot, "decisions")) == (1, 1)

    # The endorsement form; a deadline in the past is shown on the form, nothing opened.
    form = await _say(bot, emulator, "ny tilslutning", act.KARI)
    [choice] = [e for e in form["body"] if e.get("id") == "baseline"]
    assert [c["value"] for c in choice["choices"]] == ["Kravspesifikasjon 1.0"]
    past = {"baseline": "Kravspesifikasjon 1.0", "deadline_date": "2020-01-01"}
    again = await _click(bot, url, act.KARI, "endorsement-open", past)
    assert "gått ut" in json.dumps(again["value"], ensure_ascii=False)
    assert await _count(bot, "endorsements") == 0
    day = (datetime.now(UTC) + timedelta(days=7)).astimezone(OSLO).date().isoformat()
    opened = await _click(bot, url, act.KARI, "endorsement-open", {**past, "deadline_date": day})
    assert "2 kommuner er spurt" in json.dumps(opened["value"], ensure_ascii=False)
    assert await _count(bot, "endorsements") == 1

    # A contact answers with a reservation; the other contact cannot answer for them.
    answer = {"endorsement": 1, "municipality": PLACES[0], "stance": "with_reservations"}
    empty = await _click(bot, url, CONTACTS[0], "endorsement-answer", answer)
    assert empty["statusCode"] == 400
    wrong = await _click(
        bot, url, CONTACTS[1], "endorsement-answer", {**answer, "reservation": "HJT-001"}
    )
    assert wrong["statusCode"] == 403
    assert await _count(bot, "endorsement_answers") == 0
    done = await _click(
        bot, url, CONTACTS[0], "endorsement-answer", {**answer, "reservation": "HJT-001"}
    )
    assert done["statusCode"] == 200

    status = json.dumps(await _say(bot, emulator, "tilslutning 1", act.KARI), ensure_ascii=False)
    assert "HJT-001" in status and "Kontakt 0" in status
    assert "styringsgruppen" in await _say(bot, emulator, "tilslutning 1", act.OLA)

    # Close: a confirmation with how many answered, then the closed status card.
    confirm_card = await _say(bot, emulator, "avslutt tilslutning 1", act.KARI)
    assert "1 av 2 kommuner har svart" in json.dumps(confirm_card, ensure_ascii=False)
    assert await _count(bot, "endorsements") == 1
    [close] = confirm_card["actions"]
    stranger = await _click(bot, url, act.OLA, "endorsement-close", close["data"])
    assert stranger["statusCode"] == 403
    closed = await _click(bot, url, act.KARI, "endorsement-close", close["data"])
    assert "avsluttet" in json.dumps(closed["value"], ensure_ascii=False).lower()
    late = await _click(bot, url, act.KARI, "endorsement-close", close["data"])
    assert late["statusCode"] == 409
    assert await _count(bot, "decisions") == 2
