"""Participation per municipality: the pure rules, the overview from the database (both
backends), the weekly-limited and logged nudge, and `deltakelse` over HTTP."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from cards.participation_cards import NUDGE_VERB
from dialogs.demo.load import load_demo
from dialogs.kernel.context import DialogContext
from dialogs.kernel.workdays import OSLO
from dialogs.participation import (
    NudgeMunicipality,
    ParticipationError,
    nudge_municipality,
    participation_overview,
)
from dialogs.participation.rules import GroupCounts, flags_of, nudge_key, percent, share
from storage.database import Database
from storage.models import (
    OutboxMessage,
    ParticipationNudge,
    Poll,
    PollElector,
    ReviewAnswer,
    ReviewRound,
)
from tests.emulator.server import ConnectorEmulator
from tests.support import activities as act
from tests.support.botserver import RunningBot, running_bot, settings_for
from tests.support.cardgate import assert_card_ok
from vocabulary import MunicipalityRole, ParticipationFlag

KARI = act.User("29:digitv-kari-nordmann", "Kari Nordmann", "d1617000-0000-4000-8000-000000000101")
OLA = act.User("29:digitv-ola-hansen", "Ola Hansen", "d1617000-0000-4000-8000-000000000102")
PER = act.User("29:digitv-per-olsen", "Per Olsen", "d1617000-0000-4000-8000-000000000106")
SKIEN, LARVIK, VINJE, HORTEN = "4003", "3909", "4036", "3901"
NOW = datetime(2024, 9, 18, 10, 0, tzinfo=UTC)


def _cell(members: int, asked: int, last: datetime | None, working: bool = True) -> GroupCounts:
    return GroupCounts("HJT", working, members, 0, asked, 0, 0, last)


# ---- rules


@given(st.integers(-5, 50), st.integers(-5, 50))
def test_share_is_a_fraction_or_none(done: int, asked: int) -> None:
    value = share(done, asked)
    if asked <= 0:
        assert value is None
    else:
        assert value is not None and 0.0 <= value <= 1.0
        assert percent(value) is not None and 0 <= (percent(value) or 0) <= 100


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 5), st.integers(0, 60)), max_size=6))
def test_flags_follow_their_definitions(cells: list[tuple[int, int, int]]) -> None:
    groups = [_cell(m, a, NOW - timedelta(days=d) if d else None) for m, a, d in cells]
    flags = flags_of(groups, NOW, silent_weeks=3)
    assert (ParticipationFlag.NOBODY in flags) == any(g.members == 0 for g in groups)
    recent = any(g.last_activity and NOW - g.last_activity < timedelta(weeks=3) for g in groups)
    if recent:
        assert ParticipationFlag.SILENT not in flags
    if not any(g.members and g.asked for g in groups):
        assert ParticipationFlag.SILENT not in flags


def test_silent_after_the_set_weeks_only() -> None:
    assert flags_of([_cell(1, 4, NOW - timedelta(weeks=3))], NOW, 3) == (ParticipationFlag.SILENT,)
    assert flags_of([_cell(1, 4, NOW - timedelta(weeks=2))], NOW, 3) == ()
    assert flags_of([_cell(1, 4, None)], NOW, 3) == (ParticipationFlag.SILENT,)
    # Nothing to answer is not silence; a reference group without members is no gap.
    assert flags_of([_cell(1, 0, None)], NOW, 3) == ()
    assert flags_of([_cell(0, 0, None, working=False)], NOW, 3) == ()


@settings(deadline=None)
@given(st.dates(date(2020, 1, 1), date(2030, 12, 31)))
def test_one_nudge_key_per_iso_week(day: date) -> None:
    monday = day - timedelta(days=day.weekday())
    keys = {nudge_key("3905", monday + timedelta(days=n)) for n in range(7)}
    assert len(keys) == 1
    assert nudge_key("3905", monday + timedelta(days=7)) not in keys
    assert nudge_key("4003", day) != nudge_key("3905", day)


# ---- the overview and the nudge on both databases


async def _activity(db: Database) -> None:
    """A round of 4 requirements in HJT: Ola (Skien) answers all four, Ingrid (Larvik) none;
    a steering-group poll with Per (Sandefjord) as an elector who does not vote."""
    async with db.uow() as uow:
        # The living demo opens a round of its own today; these counts are about this one.
        for demo_round in await uow.reviews.open_rounds():
            await uow.session.delete(demo_round)
        hjt = await uow.groups.by_code("HJT")
        sty = await uow.groups.by_code("STY")
        ola = await uow.people.by_email("ola.hansen@digitv.example")
        per = await uow.people.by_email("per.olsen@digitv.example")
        assert hjt and sty and ola and per
        everything = await uow.requirements.all_with_groups()
        requirements = [r.id for r, code in everything if code == "HJT"][:4]
        review = ReviewRound(
            group_id=hjt.id,
            requirement_ids=requirements,
            deadline=NOW + timedelta(days=7),
            opened_by="test",
            nonce="n",
            card_key="k",
            opened_at=NOW - timedelta(days=30),
        )
        uow.session.add(review)
        await uow.session.flush()
        for rid in requirements:
            uow.session.add(
                ReviewAnswer(
                    round_id=review.id,
                    person_id=ola.id,
                    requirement_id=rid,
                    verdict="agree",
                    answered_at=NOW - timedelta(days=2),
                )
            )
        poll = Poll(
            group_id=sty.id,
            title="Budsjett",
            options=[{"id": "o1", "title": "Ja"}],
            deadline=NOW + timedelta(days=3),
            created_by_name="test",
        )
        uow.session.add(poll)
        await uow.session.flush()
        uow.session.add(PollElector(poll_id=poll.id, person_id=per.id))
        await uow.commit()


async def test_overview_counts_shares_and_flags(db: Database) -> None:
    await load_demo(db)
    await _activity(db)
    async with db.read() as uow:
        rows = {row.number: row for row in await participation_overview(uow, NOW, 3)}
    skien, larvik, vinje = rows[SKIEN], rows[LARVIK], rows[VINJE]
    [hjt] = [g for g in skien.groups if g.group_code == "HJT"]
    assert skien.answer_share == 1.0 and hjt.answers == 4 and hjt.asked == 4 * hjt.members
    assert skien.last_activity is not None
    assert ParticipationFlag.SILENT not in skien.flags
    # Larvik's member was asked four answers and gave none: silent.
    assert larvik.answer_share == 0.0 and ParticipationFlag.SILENT in larvik.flags
    # Vinje has nobody in HJT (a working group) and is flagged for it.
    assert "HJT" in vinje.missing_groups and ParticipationFlag.NOBODY in vinje.flags
    sandefjord = rows["3907"]
    assert sandefjord.vote_share == 0.0 and ParticipationFlag.SILENT in sandefjord.flags


async def _contact(db: Database, number: str, email: str) -> int:
    async with db.uow() as uow:
        person = await uow.people.by_email(email)
        assert person is not None
        await uow.municipalities.set_role(number, person, MunicipalityRole.CONTACT)
        await uow.commit()
        return person.id


async def _nudge(db: Database, number: str, now: datetime) -> ParticipationNudge:
    ctx = DialogContext(db=db)
    async with db.uow() as uow:
        nudge = await nudge_municipality(uow, ctx, NudgeMunicipality(number, "Kari Nordmann"), now)
        await uow.commit()
        return nudge


async def test_nudge_goes_to_the_contact_once_a_week_in_office_hours(db: Database) -> None:
    await load_demo(db)
    ingrid = await _contact(db, LARVIK, "ingrid.berg@digitv.example")
    # Wednesday 18 September 2024, 20:00 in Oslo: delivered the next morning at 08:00.
    evening = datetime(2024, 9, 18, 20, 0, tzinfo=OSLO)
    await _nudge(db, LARVIK, evening)
    async with db.read() as uow:
        [message] = (
            await uow.session.scalars(
                select(OutboxMessage).where(OutboxMessage.key.like("nudge:%"))
            )
        ).all()
        logged = await uow.participation.nudges()
    assert message.person_id == ingrid and message.key == "nudge:3909:2024-W38"
    assert message.next_attempt_at == datetime(2024, 9, 19, 8, 0, tzinfo=OSLO)
    assert_card_ok(message.activity["attachments"][0]["content"])
    assert "Kari Nordmann" in json.dumps(message.activity, ensure_ascii=False)
    assert [(n.municipality_number, n.sent_by, n.person_id) for n in logged] == [
        (LARVIK, "Kari Nordmann", ingrid)
    ]
    with pytest.raises(ParticipationError) as again:
        await _nudge(db, LARVIK, evening + timedelta(days=2))
    assert again.value.code == "already_nudged" and again.value.status == 409
    # The next ISO week a new nudge is allowed.
    await _nudge(db, LARVIK, evening + timedelta(days=6))
    async with db.read() as uow:
        assert len(await uow.participation.nudges()) == 2


async def test_nudge_refusals_change_nothing(db: Database) -> None:
    await load_demo(db)
    # Horten takes part but has no contact person in the demo (the playground's people do).
    with pytest.raises(ParticipationError) as no_contact:
        await _nudge(db, HORTEN, NOW)
    assert no_contact.value.status == 409 and no_contact.value.code == "no_contact"
    with pytest.raises(ParticipationError) as unknown:
        await _nudge(db, "9999", NOW)
    assert unknown.value.status == 404
    async with db.read() as uow:
        assert await uow.participation.nudges() == []
        assert await uow.outbox.by_key(nudge_key(HORTEN, NOW.date())) is None


# ---- Teams


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[RunningBot]:
    async with running_bot(settings_for(database_url)) as running:
        await load_demo(running.services.db)
        yield running


async def test_deltakelse_for_lead_and_steering_group_only(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    await bot.post(act.message("deltakelse", connector_emulator.url, user=KARI))
    [reply] = await connector_emulator.wait_for_sent(1)
    card = reply["attachments"][0]["content"]
    assert_card_ok(card)
    assert any(e.get("type") == "Chart.HorizontalBar" for e in card["body"])
    assert NUDGE_VERB in json.dumps(card)
    await bot.post(act.message("deltakelse", connector_emulator.url, user=PER))
    [_, steering] = await connector_emulator.wait_for_sent(2)
    # The steering group sees the overview but gets no nudge buttons.
    assert NUDGE_VERB not in json.dumps(steering["attachments"][0]["content"])
    await bot.post(act.message("deltakelse", connector_emulator.url, user=OLA))
    [*_, refused] = await connector_emulator.wait_for_sent(3)
    assert "attachments" not in refused and "prosjektlederen" in str(refused["text"])


async def test_nudge_button_over_http(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    db = bot.services.db
    await _contact(db, LARVIK, "ingrid.berg@digitv.example")
    data = {"verb": NUDGE_VERB, "municipality": LARVIK}
    status, body = await bot.post(
        act.card_action(NUDGE_VERB, data, connector_emulator.url, user=OLA)
    )
    assert status == 200 and body["statusCode"] == 403
    status, body = await bot.post(
        act.card_action(NUDGE_VERB, data, connector_emulator.url, user=KARI)
    )
    assert status == 200 and body["statusCode"] == 200
    assert_card_ok(body["value"])
    assert "Larvik" in json.dumps(body["value"], ensure_ascii=False)
    status, body = await bot.post(
        act.card_action(NUDGE_VERB, data, connector_emulator.url, user=KARI)
    )
    assert body["statusCode"] == 409
    forged = {"verb": NUDGE_VERB, "municipality": {"x": 1}}
    status, body = await bot.post(
        act.card_action(NUDGE_VERB, forged, connector_emulator.url, user=KARI)
    )
    assert status == 200 and body["statusCode"] == 404
    async with db.read() as uow:
        assert len(await uow.participation.nudges()) == 1
