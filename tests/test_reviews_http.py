"""Review rounds over real HTTP with the connector emulator, on SQLite and PostgreSQL.

Six members from four municipalities review ten requirements: the lead opens the round with
the card form, members answer through `adaptiveCard/action` invokes, the test drives the
timers' clock with `fire_due` (progress, reminders, close) and checks outcome, decision log
entry and export.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from dialogs.kernel.context import DialogContext
from dialogs.kernel.timers import fire_due
from dialogs.reviews import OpenRequest, open_round, reminder_times
from dialogs.reviews.export import export_review
from storage.models import OutboxMessage, Person
from storage.requirements import Change, RequirementData
from tests.emulator.server import ConnectorEmulator
from tests.support import activities as act
from tests.support.botserver import RunningBot, running_bot, settings_for
from tests.support.cardgate import assert_card_ok
from tests.support.outbox import card_of, queued
from tests.support.registry import REGISTRY

OSLO = ZoneInfo("Europe/Oslo")
CARD = "application/vnd.microsoft.card.adaptive"
# Four municipalities: Larvik, Skien, Porsgrunn, Tønsberg.
PLACES = ["3909", "4003", "4001", "3905"]
MEMBERS = [
    act.User(f"29:member-{n}", f"Medlem {n}", f"00000000-0000-4000-8000-00000000000{n}")
    for n in range(6)
]
# Two members each in the first two municipalities, one in each of the others.
MEMBER_PLACES = [PLACES[0], PLACES[0], PLACES[1], PLACES[1], PLACES[2], PLACES[3]]
OUTSIDER = act.OLA


@pytest.fixture
async def bot(
    database_url: str, connector_emulator: ConnectorEmulator
) -> AsyncIterator[RunningBot]:
    async with running_bot(settings_for(database_url)) as running:
        # The channel message records the conversation, so the group can be linked to it.
        await running.post(act.message("hjelp", connector_emulator.url, where=act.CHANNEL))
        db = running.services.db
        async with db.uow() as uow:
            group = await uow.groups.add("HJT", "Hjemmetjeneste", "working")
            await uow.groups.link(group, act.CHANNEL.id)
            # Kari was recorded by her channel message: she is the project lead.
            kari = await uow.people.by_teams_id(act.KARI.id)
            assert kari is not None
            kari.is_project_lead = True
            await uow.people.add(
                Person(teams_user_id=OUTSIDER.id, aad_object_id=OUTSIDER.aad_object_id, name="Ola")
            )
            for user, place in zip(MEMBERS, MEMBER_PLACES, strict=True):
                person = await uow.people.add(
                    Person(
                        teams_user_id=user.id,
                        aad_object_id=user.aad_object_id,
                        name=user.name,
                        municipality_number=place,
                    )
                )
                await uow.groups.add_member(group, person)
                # Coverage counts participating municipalities (issue 13): all four take part.
                await uow.municipalities.set_participating(place, True)
            for n in range(1, 11):
                await uow.requirements.create(
                    RequirementData(
                        key=f"HJT-{n:03d}",
                        group_code="HJT",
                        text=f"Krav {n}: *ikke* markdown <at>alle</at>",
                        type="must" if n % 2 else "should",
                        category="Dokumentasjon",
                        source="Workshop",
                    ),
                    group,
                    Change(by="test"),
                )
            await uow.commit()
        yield running


def _ctx(bot: RunningBot) -> DialogContext:
    assert bot.services.ctx is not None
    return bot.services.ctx


async def _outbox(bot: RunningBot, prefix: str) -> list[OutboxMessage]:
    return await queued(bot.services.db, prefix)


_card_of = card_of


def _action(card: dict[str, Any], action_id: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [a for a in card.get("actions", []) if a["id"] == action_id]
    [action] = found
    return action


def _facts(card: dict[str, Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in card["body"]:
        if element["type"] == "FactSet":
            found.update({f["title"]: f["value"] for f in element["facts"]})
    return found


async def _invoke(
    bot: RunningBot, url: str, user: act.User, verb: str, data: dict[str, Any]
) -> dict[str, Any]:
    status, body = await bot.post(act.card_action(verb, data, url, user=user))
    assert status == 200, body
    return body  # type: ignore[no-any-return]


async def _answer(
    bot: RunningBot, url: str, user: act.User, card: dict[str, Any], verdict: str, **inputs: str
) -> dict[str, Any]:
    data = {**_action(card, "review-save-next")["data"], "verdict": verdict, **inputs}
    body = await _invoke(bot, url, user, "review-save-next", data)
    assert body["statusCode"] == 200 and body["type"] == CARD, body
    answered: dict[str, Any] = body["value"]
    assert_card_ok(answered)
    return answered


async def test_a_round_end_to_end(bot: RunningBot, connector_emulator: ConnectorEmulator) -> None:
    url = connector_emulator.url
    ctx = _ctx(bot)
    now = datetime.now(UTC)
    day = (now + timedelta(days=14)).astimezone(OSLO).date()
    # The form; a bad selection is shown on the card, nothing opened.
    await bot.post(act.message("ny gjennomgang", url))
    sent = await connector_emulator.wait_for_sent(2)
    form = _card_of(sent[-1])
    assert _action(form, "review-open-round")["verb"] == "review-open-round"
    values = {
        "verb": "review-open-round",
        "group": "HJT",
        "requirements": "HJT-001..HJT-009, HJT-099",
        "deadline_date": day.isoformat(),
        "deadline_time": "15:00",
        "instructions": "Se særlig på *dokumentasjon*.",
    }
    body = await _invoke(bot, url, act.KARI, "review-open-round", values)
    problems = json.dumps(body["value"], ensure_ascii=False)
    assert "HJT-099" in problems and "ikke åpnet" in problems
    assert await _outbox(bot, "review:") == []
    refused = await _invoke(bot, url, OUTSIDER, "review-open-round", values)
    assert refused["statusCode"] == 403
    values["requirements"] = "HJT-001..HJT-010"
    body = await _invoke(bot, url, act.KARI, "review-open-round", values)
    round_card = body["value"]
    assert_card_ok(round_card)
    assert "Gjennomgang nr. 1: HJT – Hjemmetjeneste" in json.dumps(round_card, ensure_ascii=False)

    # Opening: requirements in review (versioned), round card, one card per member, timers.
    async with bot.services.db.uow() as uow:
        requirement = await uow.requirements.by_key("HJT-004")
        assert requirement is not None and requirement.status == "in_review"
        assert requirement.version == 2
        review = await uow.reviews.get(1)
        assert review is not None
        timers = {t.key: t for t in await uow.timers.pending("review:1:")}
    assert review.deadline == datetime.combine(day, datetime.min.time().replace(hour=15), OSLO)
    expected = reminder_times(review.deadline, now, OSLO)
    assert {k for k in timers if ":reminder:" in k} == {
        f"review:1:reminder:{n}" for n in range(1, len(expected) + 1)
    }
    assert timers["review:1:close"].due_at == review.deadline
    [posted] = await _outbox(bot, "review:1:round")
    assert posted.conversation_id == act.CHANNEL.id
    cards = {row.person_id: row for row in await _outbox(bot, "review:1:card:")}
    assert len(cards) == 6
    first = _card_of(next(iter(cards.values())).activity)
    text = json.dumps(first, ensure_ascii=False)
    assert "1 av 10" in text and "HJT-001" in text
    # The requirement text is shown literally, as a TextRun.
    assert {"type": "TextRun", "text": "Krav 1: *ikke* markdown <at>alle</at>"} in [
        inline
        for element in first["body"]
        if element["type"] == "RichTextBlock"
        for inline in element["inlines"]
    ]
    ids = [i["id"] for i in first["body"] if "id" in i]
    assert ids == ["verdict", "comment", "proposal", "priority"]
    verdict = next(i for i in first["body"] if i.get("id") == "verdict")
    assert [c["value"] for c in verdict["choices"]] == [
        "agree",
        "agree_with_changes",
        "disagree",
        "not_relevant",
    ]
    # No "Forrige" on the first card.
    assert [a["id"] for a in first["actions"]] == [
        "review-save-next",
        "review-skip",
        "review-finish",
    ]
    assert all(a["type"] == "Action.Execute" for a in first["actions"])
    assert all(a["fallback"]["type"] == "Action.Submit" for a in first["actions"])

    # Guards: a forged nonce, a requirement outside the round, an outsider: nothing stored.
    data = _action(first, "review-save-next")["data"]
    forged = await _invoke(
        bot, url, MEMBERS[0], "review-save-next", {**data, "nonce": "x", "verdict": "agree"}
    )
    assert forged["statusCode"] == 400
    outside = await _invoke(
        bot, url, MEMBERS[0], "review-save-next", {**data, "requirement": 99999, "verdict": "agree"}
    )
    assert outside["statusCode"] == 400
    other_round = await _invoke(
        bot, url, MEMBERS[0], "review-save-next", {**data, "round": 2, "verdict": "agree"}
    )
    assert other_round["statusCode"] == 400
    stranger = await _invoke(bot, url, OUTSIDER, "review-save-next", {**data, "verdict": "agree"})
    assert stranger["statusCode"] == 403
    # Audience: someone outside the group gets no card of the round, not even a refresh.
    for verb in ("review-refresh", "review-open", "review-finish"):
        peek = await _invoke(bot, url, OUTSIDER, verb, data)
        assert peek["statusCode"] == 403 and peek["type"] == "application/vnd.microsoft.error"
    missing = await _answer(bot, url, MEMBERS[0], first, "")
    assert "Velg et svar" in json.dumps(missing, ensure_ascii=False)

    # Members 0-3 answer everything; 4 answers half; 5 nothing. HJT-001 and HJT-002 become
    # contested (Larvik disagrees on 1; Skien is split with a disagree on 2).
    plan: dict[int, list[str]] = {
        0: ["disagree"] + ["agree"] * 9,
        1: ["disagree", "agree"] + ["agree_with_changes"] * 8,
        2: ["agree", "disagree"] + ["agree"] * 8,
        3: ["agree", "agree"] + ["not_relevant"] * 8,
        4: ["agree"] * 5,
    }
    for member, answers in plan.items():
        card = first
        for n, given in enumerate(answers):
            card = await _answer(
                bot,
                url,
                MEMBERS[member],
                card,
                given,
                comment=f"Kommentar {member}-{n} [lenke](http://x)" if n == 0 else "",
                proposal="Ny tekst" if given == "agree_with_changes" and n == 2 else "",
            )
            if n + 1 < 10:
                assert f"{n + 2} av 10" in json.dumps(card, ensure_ascii=False)
        if len(answers) == 10:
            assert "Takk for svarene dine" in json.dumps(card, ensure_ascii=False)
    # Member 0 changes their mind on HJT-003 through prev/skip and the saved answer shows.
    back = {**_action(first, "review-skip")["data"], "verb": "review-prev"}
    card = await _invoke(bot, url, MEMBERS[4], "review-prev", back)
    assert "10 av 10" in json.dumps(card["value"], ensure_ascii=False)
    finished = await _invoke(
        bot, url, MEMBERS[4], "review-finish", _action(first, "review-finish")["data"]
    )
    overview = json.dumps(finished["value"], ensure_ascii=False)
    assert (
        "5 av 10" in overview
        and "HJT-006" in overview
        and "HJT-001" not in overview.split("Mangler")[1]
    )
    # Concurrent clicks by one person: one current answer, every save in history.
    import asyncio

    await asyncio.gather(
        *(_answer(bot, url, MEMBERS[0], first, v) for v in ("agree", "disagree", "disagree"))
    )
    async with bot.services.db.uow() as uow:
        mine = await uow.reviews.answers_of(1, (await uow.people.by_teams_id(MEMBERS[0].id)).id)  # type: ignore[union-attr]
        history = await uow.reviews.history(1)
    assert len(mine) == 10 and mine[min(mine)].verdict == "disagree"
    assert len(history) == 10 + 10 + 10 + 10 + 5 + 3

    # Progress: the answers of this slot give one coalesced update of the round card.
    await fire_due(ctx, REGISTRY, datetime.now(UTC) + timedelta(seconds=21))
    updates = [r for r in await _outbox(bot, "review:1:round:p") if r.kind == "update"]
    assert updates and all(r.card_ref == "review:1:round" for r in updates)
    progress = _facts(_card_of(updates[-1].activity))
    assert progress["Medlemmer ferdige"] == "4 av 6"
    assert progress["Kommuner dekket"] == "2 av 4"
    assert progress["Krav med uenighet"] == "2"

    # Reminders: each once, only to members not finished at firing time.
    for number, moment in enumerate(expected, 1):
        await fire_due(ctx, REGISTRY, moment + timedelta(seconds=1))
        await fire_due(ctx, REGISTRY, moment + timedelta(seconds=2))
        reminded = await _outbox(bot, f"review:1:reminder:{number}:")
        assert len(reminded) == 2, [r.key for r in reminded]
        assert "Påminnelse" in reminded[0].activity["text"]

    # Close at the deadline (timer): outcome, decision, summary, round card closed.
    await fire_due(ctx, REGISTRY, review.deadline + timedelta(seconds=1))
    async with bot.services.db.uow() as uow:
        closed = await uow.reviews.get(1)
        statuses = {r.key: r.status for r, _ in await uow.requirements.all_with_groups()}
        decision = await uow.decisions.get(closed.decision_sequence or 0)  # type: ignore[union-attr]
    assert closed is not None and closed.status == "closed"
    assert statuses["HJT-001"] == "contested" and statuses["HJT-002"] == "contested"
    assert statuses["HJT-003"] == "agreed"
    assert decision is not None and decision.kind == "review"
    assert decision.basis["round"] == 1 and decision.basis["contested"] == ["HJT-001", "HJT-002"]
    [summary] = await _outbox(bot, "review:1:summary:lead")
    summary_text = json.dumps(_card_of(summary.activity), ensure_ascii=False)
    assert summary_text.index("HJT-001") < summary_text.index("HJT-003")
    assert "Omstridte krav" in summary_text and "Larvik: Uenig" in summary_text
    # Comments on contested requirements, by municipality and shown literally; the export named.
    assert "Larvik · Kommentar: Kommentar 1-0 [lenke](http://x)" in summary_text
    assert "Medlem 1" not in summary_text
    assert "kravbot export review 1 --format xlsx" in summary_text
    [in_channel] = [
        r for r in await _outbox(bot, "review:1:summary") if r.key == "review:1:summary"
    ]
    assert in_channel.conversation_id == act.CHANNEL.id
    [closed_update] = await _outbox(bot, "review:1:round:closed")
    assert "Avsluttet" in json.dumps(_card_of(closed_update.activity), ensure_ascii=False)
    # Answers after close are refused and the card shows the closed state.
    late = await _invoke(bot, url, MEMBERS[5], "review-save-next", {**data, "verdict": "agree"})
    assert "avsluttet" in json.dumps(late["value"], ensure_ascii=False)
    async with bot.services.db.uow() as uow:
        late_member = await uow.people.by_teams_id(MEMBERS[5].id)
        assert late_member is not None
        assert await uow.reviews.answers_of(1, late_member.id) == {}

    # Export: summary, every answer, every comment.
    md = (await export_review(bot.services.db, 1, "md", language="nb", zone=OSLO)).decode()
    assert (
        "## Sammendrag" in md and "## Kommentarer" in md and "Kommentar 1-0 [lenke](http://x)" in md
    )
    rows = list(
        csv.reader(
            io.StringIO(
                (await export_review(bot.services.db, 1, "csv", language="nb", zone=OSLO)).decode()
            )
        )
    )
    assert ["Svar"] in rows and ["Kommentarer"] in rows
    book = load_workbook(
        io.BytesIO(await export_review(bot.services.db, 1, "xlsx", language="nb", zone=OSLO))
    )
    assert book.sheetnames == ["Sammendrag", "Svar", "Kommentarer"]
    assert book["Svar"].max_row == 1 + 45
    # Ten requirements under the header, then a blank row and the rule with its coverage minimum.
    assert book["Sammendrag"].max_row == 11 + 2
    assert "Dekning: minst 2 deltakerkommuner" in str(book["Sammendrag"].cell(13, 1).value)


async def test_close_by_the_lead_and_submit_fallback(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    url = connector_emulator.url
    day = (datetime.now(UTC) + timedelta(days=5)).astimezone(OSLO).date()
    values = {
        "verb": "review-open-round",
        "group": "HJT",
        "requirements": "HJT-001, HJT-002",
        "deadline_date": day.isoformat(),
        "deadline_time": "12:00",
    }
    await _invoke(bot, url, act.KARI, "review-open-round", values)
    [row] = (await _outbox(bot, "review:1:card:"))[:1]
    card = _card_of(row.activity)
    async with bot.services.db.uow() as uow:
        person = await uow.people.get(row.person_id or 0)
    assert person is not None
    member = next(m for m in MEMBERS if m.id == person.teams_user_id)
    # The member's card refreshes itself for them (Teams asks when it is viewed).
    refresh = card["refresh"]
    assert refresh["userIds"] == [member.id]
    assert refresh["action"]["verb"] == "review-refresh"
    body = await _invoke(bot, url, member, "review-refresh", refresh["action"]["data"])
    assert body["statusCode"] == 200 and "1 av 2" in json.dumps(body["value"], ensure_ascii=False)
    # Action.Submit fallback: a message with value; the next card comes as a reply.
    submit = {**_action(card, "review-save-next")["fallback"]["data"], "verdict": "agree"}
    await bot.post(act.submit(submit, url, user=member))
    replies = await connector_emulator.wait_for_sent(2)
    assert "2 av 2" in json.dumps(_card_of(replies[-1]), ensure_ascii=False)
    await bot.post(act.message("avslutt gjennomgang 1", url, user=member))
    replies = await connector_emulator.wait_for_sent(3)
    assert replies[-1]["text"].startswith("Beklager, bare prosjektlederen")
    # Closing asks first, with how many have finished; nothing closes until confirmed.
    await bot.post(act.message("close review 1", url, locale="en-US"))
    replies = await connector_emulator.wait_for_sent(4)
    confirm = _card_of(replies[-1])
    assert "Finished: 0 of 6 members" in json.dumps(confirm, ensure_ascii=False)
    async with bot.services.db.read() as uow:
        assert (await uow.reviews.get(1)).status == "open"  # type: ignore[union-attr]
    [close] = confirm["actions"]
    refused = await _invoke(bot, url, member, "review-close", close["data"])
    assert refused["statusCode"] == 403
    done = await bot.post(act.card_action("review-close", close["data"], url, locale="en-US"))
    # One member of one municipality answered: below the coverage minimum (two of four).
    assert done[1]["value"]["body"][0]["text"] == (
        "Review round no. 1 is closed: 0 requirements are agreed, 0 are contested. 2 "
        "requirements have insufficient coverage and go back to draft."
    )
    again = await _invoke(bot, url, act.KARI, "review-close", close["data"])
    assert again["statusCode"] == 409
    await bot.post(act.message("avslutt gjennomgang 1", url))
    replies = await connector_emulator.wait_for_sent(5)
    assert replies[-1]["text"] == "Gjennomgang nr. 1 er allerede avsluttet."
    await bot.post(act.message("gjennomganger", url))
    replies = await connector_emulator.wait_for_sent(6)
    assert "Ingen gjennomganger er åpne" in json.dumps(_card_of(replies[-1]), ensure_ascii=False)
    # The card left open shows the closed state on its next view, and nothing is saved.
    body = await _invoke(bot, url, member, "review-refresh", refresh["action"]["data"])
    closed = body["value"]
    assert_card_ok(closed)
    assert "avsluttet" in json.dumps(closed, ensure_ascii=False)
    assert "actions" not in closed and "refresh" not in closed


async def test_reminder_follows_the_members_teams_locale(bot: RunningBot) -> None:
    """A member with no chosen language and an English Teams client is reminded in English;
    one who chose nynorsk gets nynorsk whatever their client says."""
    ctx = _ctx(bot)
    now = datetime.now(UTC)
    async with bot.services.db.uow() as uow:
        english = await uow.people.by_teams_id(MEMBERS[0].id)
        chosen = await uow.people.by_teams_id(MEMBERS[1].id)
        assert english is not None and chosen is not None
        english.language, english.locale = None, "en-US"
        chosen.language, chosen.locale = "nn", "en-US"
        review = await open_round(
            uow,
            ctx,
            OpenRequest("HJT", "HJT-001..HJT-003", now + timedelta(days=14), by_name="Kari"),
        )
        await uow.commit()
    [first, *_] = reminder_times(review.deadline, now, OSLO)
    await fire_due(ctx, REGISTRY, first + timedelta(seconds=1))
    reminded = {row.person_id: row for row in await _outbox(bot, f"review:{review.id}:reminder:")}
    assert reminded[english.id].activity["text"].startswith("Reminder:")
    assert reminded[chosen.id].activity["text"].startswith("Påminning:")
