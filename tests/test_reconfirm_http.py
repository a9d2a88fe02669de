"""A requirement changes during an open round, over real HTTP with the connector emulator, on
SQLite and PostgreSQL: the lead opens the round from the channel's form (group preselected, a
coverage minimum), two members answer, an import changes the text, the earlier answers are
suspect, each member gets a re-confirm card through the outbox, and confirming (or changing)
makes the answer count again."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from dialogs.catalogue import ImportRequirements, import_requirements
from dialogs.kernel.timers import fire_due
from dialogs.reviews import outcome_of
from storage.models import OutboxMessage, Person
from tests.catalogue_support import write_csv
from tests.emulator.server import ConnectorEmulator
from tests.support import activities as act
from tests.support.botserver import RunningBot, running_bot, settings_for
from tests.support.outbox import card_of, queued
from tests.support.registry import REGISTRY

OSLO = ZoneInfo("Europe/Oslo")
CARD = "application/vnd.microsoft.card.adaptive"
HEADER = ["Krav-ID", "Kravtekst", "Type", "Arbeidsgruppe"]
OLD = "Systemet skal vise vedtak for brukeren."
NEW = "Systemet skal vise gjeldende vedtak og tiltak for brukeren."
ROWS = [
    ["HJT-001", OLD, "Skal", "HJT"],
    ["HJT-002", "Systemet bør støtte mobil bruk.", "Bør", "HJT"],
]
MEMBERS = [
    act.User(f"29:member-{n}", f"Medlem {n}", f"00000000-0000-4000-8000-00000000001{n}")
    for n in range(2)
]
PLACES = ["3909", "4003"]


@pytest.fixture
async def bot(
    database_url: str, connector_emulator: ConnectorEmulator, tmp_path: Path
) -> AsyncIterator[RunningBot]:
    async with running_bot(settings_for(database_url)) as running:
        await running.post(act.message("hjelp", connector_emulator.url, where=act.CHANNEL))
        db = running.services.db
        async with db.uow() as uow:
            group = await uow.groups.add("HJT", "Hjemmetjeneste", "working")
            await uow.groups.add("INST", "Institusjon", "working")
            await uow.groups.link(group, act.CHANNEL.id)
            kari = await uow.people.by_teams_id(act.KARI.id)
            assert kari is not None
            kari.is_project_lead = True
            for user, place in zip(MEMBERS, PLACES, strict=True):
                person = await uow.people.add(
                    Person(
                        teams_user_id=user.id,
                        aad_object_id=user.aad_object_id,
                        name=user.name,
                        municipality_number=place,
                    )
                )
                await uow.groups.add_member(group, person)
                await uow.municipalities.set_participating(place, True)
            await uow.commit()
        imported = await import_requirements(
            db, ImportRequirements(write_csv(tmp_path / "krav.csv", ROWS, header=HEADER))
        )
        assert imported.applied
        yield running


async def _outbox(bot: RunningBot, prefix: str) -> list[OutboxMessage]:
    return await queued(bot.services.db, prefix)


_card_of = card_of


def _data(card: dict[str, Any], action_id: str) -> dict[str, Any]:
    [action] = [a for a in card.get("actions", []) if a["id"] == action_id]
    return dict(action["data"])


async def _invoke(
    bot: RunningBot, url: str, user: act.User, verb: str, data: dict[str, Any]
) -> dict[str, Any]:
    status, body = await bot.post(act.card_action(verb, data, url, user=user))
    assert status == 200, body
    return body  # type: ignore[no-any-return]


async def _outcome(bot: RunningBot) -> tuple[str, int, int]:
    async with bot.services.db.read() as uow:
        found = await uow.reviews.with_group(1)
        assert found is not None
        [first, _second], _ = await outcome_of(uow, *found)
    return first.status, first.answers, first.suspect


async def test_a_changed_requirement_is_reconfirmed(
    bot: RunningBot, connector_emulator: ConnectorEmulator, tmp_path: Path
) -> None:
    """Long because it follows one round from the form to the last re-confirmed answer."""
    url = connector_emulator.url
    ctx = bot.services.ctx
    assert ctx is not None
    # The form in the group's channel has the group chosen and asks for the minimum.
    await bot.post(act.message("ny gjennomgang", url, where=act.CHANNEL))
    form = _card_of((await connector_emulator.wait_for_sent(2))[-1])
    inputs = {element.get("id"): element for element in form["body"]}
    assert inputs["group"]["value"] == "HJT"
    assert inputs["min_municipalities"]["type"] == "Input.Number"
    day = (datetime.now(UTC) + timedelta(days=10)).astimezone(OSLO).date()
    values = {
        "group": "HJT",
        "requirements": "HJT-001..HJT-002",
        "deadline_date": day.isoformat(),
        "deadline_time": "15:00",
        "instructions": "",
    }
    refused = await _invoke(
        bot, url, act.KARI, "review-open-round", {**values, "min_municipalities": "to"}
    )
    assert "Minste antall kommuner" in json.dumps(refused["value"], ensure_ascii=False)
    assert await _outbox(bot, "review:") == []
    await _invoke(bot, url, act.KARI, "review-open-round", {**values, "min_municipalities": "2"})
    async with bot.services.db.read() as uow:
        review = await uow.reviews.get(1)
    assert review is not None and review.min_municipalities == 2

    # Both members agree to HJT-001 on its first text: agreed.
    cards = {row.person_id: _card_of(row.activity) for row in await _outbox(bot, "review:1:card:")}
    assert len(cards) == 2
    for user, card in zip(MEMBERS, cards.values(), strict=True):
        data = {**_data(card, "review-save-next"), "verdict": "agree", "comment": "Greit"}
        assert (await _invoke(bot, url, user, "review-save-next", data))["statusCode"] == 200
    assert await _outcome(bot) == ("agreed", 2, 0)

    # An import changes the text: both answers are suspect, and the outcome counts none.
    rows = [[ROWS[0][0], NEW, *ROWS[0][2:]], ROWS[1]]
    changed = await import_requirements(
        bot.services.db, ImportRequirements(write_csv(tmp_path / "ny.csv", rows, header=HEADER))
    )
    assert changed.applied
    assert await _outcome(bot) == ("insufficient", 0, 2)
    await fire_due(ctx, REGISTRY, datetime.now(UTC) + timedelta(seconds=1))
    await fire_due(ctx, REGISTRY, datetime.now(UTC) + timedelta(seconds=2))
    asked = await _outbox(bot, "review:1:reconfirm:")
    assert len(asked) == 2 and {row.person_id for row in asked} == set(cards)
    reconfirm = {row.person_id: _card_of(row.activity) for row in asked}
    first = next(iter(reconfirm.values()))
    shown = json.dumps(first, ensure_ascii=False)
    assert "Kravet HJT-001 er endret" in shown and OLD in shown and NEW in shown
    assert "vise {+gjeldende+} vedtak {+og tiltak+} for brukeren." in shown
    assert "*" not in shown.replace("**", "")
    assert [a["id"] for a in first["actions"]] == ["review-reconfirm", "review-open"]

    # An outsider and a forged nonce are refused; nothing is saved.
    confirm = _data(first, "review-reconfirm")
    assert (await _invoke(bot, url, act.OLA, "review-reconfirm", confirm))["statusCode"] == 403
    forged = await _invoke(bot, url, MEMBERS[0], "review-reconfirm", {**confirm, "nonce": "x"})
    assert forged["statusCode"] == 400
    assert await _outcome(bot) == ("insufficient", 0, 2)

    # Member 0 confirms: counted again; member 1 changes the answer to disagree.
    person_ids = list(cards)
    mine = _data(reconfirm[person_ids[0]], "review-reconfirm")
    done = await _invoke(bot, url, MEMBERS[0], "review-reconfirm", mine)
    assert "gjelder nå den nye teksten" in json.dumps(done["value"], ensure_ascii=False)
    assert await _outcome(bot) == ("insufficient", 1, 1)
    theirs = _data(reconfirm[person_ids[1]], "review-open")
    opened = (await _invoke(bot, url, MEMBERS[1], "review-open", theirs))["value"]
    assert NEW in json.dumps(opened, ensure_ascii=False)
    again = {**_data(opened, "review-save-next"), "verdict": "disagree"}
    assert (await _invoke(bot, url, MEMBERS[1], "review-save-next", again))["statusCode"] == 200
    assert await _outcome(bot) == ("contested", 2, 0)
    # Firing again sends no second card for the same text.
    await fire_due(ctx, REGISTRY, datetime.now(UTC) + timedelta(seconds=30))
    assert len(await _outbox(bot, "review:1:reconfirm:")) == 2
