"""Steering-group polls over real HTTP with the connector emulator, on both databases."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from dialogs import polls as poll_workflow
from dialogs.kernel.context import DialogContext
from dialogs.kernel.timers import fire_due
from storage.database import Database
from storage.models import Group, OutboxMessage, Person, Poll, PollVoteHistory, utcnow
from tests.emulator.server import ConnectorEmulator
from tests.support import activities as act
from tests.support.botserver import RunningBot, running_bot, settings_for
from tests.support.cardgate import assert_card_ok
from tests.support.registry import REGISTRY

OSLO = ZoneInfo("Europe/Oslo")
CHAT = act.Where(id="19:sty-chat@thread.v2", kind="groupChat", name="Styringsgruppa")
# The steering group: Kari (project lead, creator) and six directors; Anne chairs.
NAMES = (
    "Kari Nordmann",
    "Anne Lise Bjerke",
    "Trond Wold",
    "Elisabeth Kvam",
    "Sverre Hovde",
    "Berit Lund",
    "Per Moen",
)


@dataclass
class Steering:
    bot: RunningBot
    users: dict[str, act.User]
    ctx: DialogContext

    @property
    def db(self) -> Database:
        return self.bot.services.db


def _user(name: str) -> act.User:
    if name == "Kari Nordmann":
        return act.KARI
    slug = name.lower().replace(" ", "-")
    return act.User(f"29:{slug}", name, f"aad-{slug}")


async def _members(db: Database, code: str, names: list[str], chair: str | None) -> None:
    async with db.uow() as uow:
        group = await uow.groups.by_code(code)
        assert group is not None
        for name in names:
            user = _user(name)
            person = await uow.people.by_teams_id(user.id) or await uow.people.add(
                Person(
                    teams_user_id=user.id,
                    aad_object_id=user.aad_object_id,
                    name=name,
                    is_project_lead=name == "Kari Nordmann",
                )
            )
            await uow.groups.add_member(group, person, "chair" if name == chair else "member")
        await uow.commit()


@pytest.fixture
async def steering(
    database_url: str, connector_emulator: ConnectorEmulator
) -> AsyncIterator[Steering]:
    async with running_bot(settings_for(database_url)) as running:
        db = running.services.db
        async with db.uow() as uow:
            await uow.groups.add("STY", "Styringsgruppe", "steering")
            await uow.commit()
        await _members(db, "STY", list(NAMES), "Anne Lise Bjerke")
        # The group chat becomes known when someone writes there; then it is the group's home.
        await running.post(act.message("hjelp", connector_emulator.url, where=CHAT))
        async with db.uow() as uow:
            group = await uow.groups.by_code("STY")
            assert group is not None
            await uow.groups.link(group, CHAT.id)
            await uow.commit()
        assert running.services.ctx is not None
        yield Steering(running, {n: _user(n) for n in NAMES}, running.services.ctx)


def _card(body: Any) -> dict[str, Any]:
    assert body["statusCode"] == 200, body
    assert body["type"] == "application/vnd.microsoft.card.adaptive", body
    card: dict[str, Any] = body["value"]
    assert_card_ok(card)
    return card


def _refusal(body: Any) -> str:
    """A refused action: a 4xx error whose message says why."""
    assert body["type"] == "application/vnd.microsoft.error", body
    assert 400 <= body["statusCode"] < 500, body
    return str(body["value"]["message"])


def _all(card: dict[str, Any]) -> str:
    return json.dumps(card, ensure_ascii=False)


def _verbs(card: dict[str, Any]) -> list[str]:
    return [action.get("verb", "") for action in card.get("actions", [])]


async def _invoke(
    s: Steering, name: str, verb: str, data: dict[str, Any], url: str, **kwargs: Any
) -> Any:
    user = s.users.get(name) or _user(name)
    status, body = await s.bot.post(
        act.card_action(verb, {"verb": verb, **data}, url, user=user, where=CHAT, **kwargs)
    )
    assert status == 200, body
    return body


def _future_deadline() -> str:
    # A Thursday noon two to three weeks ahead, so the reminder falls on Wednesday 09:00.
    day = (utcnow() + timedelta(days=14)).astimezone(OSLO).date()
    while day.weekday() != 3:
        day += timedelta(days=1)
    return day.isoformat()


FORM = {
    "group": "STY",
    "title": "Godkjenning av kravspesifikasjonen",
    "description": "Versjon 1.0 av kravspesifikasjonen for EPJ.",
    "options": "Godkjent\nIkke godkjent\nUtsatt",
    "deadline_time": "12:00",
    "quorum": "50",
    "majority": "simple",
    "anonymous": "false",
    "multiple": "false",
    "live": "true",
    "close_all": "false",
}


async def _history(db: Database) -> int:
    async with db.uow() as uow:
        return int(await uow.session.scalar(select(func.count()).select_from(PollVoteHistory)) or 0)


async def test_steering_group_poll_votes_changes_refusals_tie_and_scheduled_close(
    steering: Steering, connector_emulator: ConnectorEmulator
) -> None:
    s, url = steering, connector_emulator.url
    # The form: Kari (project lead) may, a non-member may not.
    await s.bot.post(act.message("ny avstemning", url, where=CHAT))
    sent = await connector_emulator.wait_for_sent(2)
    form = sent[-1]["attachments"][0]["content"]
    assert_card_ok(form)
    assert _verbs(form) == ["poll-create"]
    assert next(i for i in form["body"] if i.get("id") == "group")["value"] == "STY"
    await s.bot.post(act.message("new poll", url, where=CHAT, user=act.OLA, locale="en-US"))
    refusal = (await connector_emulator.wait_for_sent(3))[-1]
    assert refusal["text"].startswith("Sorry, only the project lead")
    # A bad form comes back with what is wrong; a good one opens the poll.
    bad = _card(await _invoke(s, "Kari Nordmann", "poll-create", {**FORM, "options": "Ja"}, url))
    assert "Skriv minst to alternativer" in _all(bad) or "2–10" in _all(bad)
    deadline_day = _future_deadline()
    mine = _card(
        await _invoke(
            s, "Kari Nordmann", "poll-create", {**FORM, "deadline_date": deadline_day}, url
        )
    )
    assert mine["refresh"]["action"]["verb"] == "poll-refresh"
    assert sorted(mine["refresh"]["userIds"]) == sorted(u.id for u in s.users.values())
    assert "poll-close" in _verbs(mine) and "poll-vote" in _verbs(mine)
    async with s.db.uow() as uow:
        poll = (await uow.polls.open_polls())[0]
        poll_id = poll.id
        assert await uow.polls.electorate_size(poll) == 7
        posted = await uow.outbox.by_key(f"poll:{poll_id}:card")
        assert posted is not None and posted.conversation_id == CHAT.id
        assert_card_ok(posted.activity["attachments"][0]["content"])
        timers = {t.job: t for t in await uow.timers.pending(f"poll:{poll_id}:")}
    deadline = datetime.fromisoformat(f"{deadline_day}T12:00").replace(tzinfo=OSLO)
    assert timers["poll.close"].due_at == deadline.astimezone(UTC)
    reminder_local = timers["poll.reminder"].due_at.astimezone(OSLO)
    assert reminder_local.hour == 9 and reminder_local.date() == deadline.date() - timedelta(days=1)

    ref = {"poll": poll_id}
    # Trond votes "Godkjent", then changes to "Utsatt" through poll-change.
    voted = _card(
        await _invoke(s, "Trond Wold", "poll-vote", {**ref, "rev": 0, "choice": "o1"}, url)
    )
    assert "Du stemte: Godkjent" in _all(voted)
    assert _verbs(voted) == ["poll-change", "poll-conflict"]
    change = _card(await _invoke(s, "Trond Wold", "poll-change", {**ref, "rev": 1}, url))
    ballot = next(i for i in change["body"] if i.get("id") == "choice")
    assert ballot["value"] == "o1" and "poll-vote" in _verbs(change)
    vote_data = next(a for a in change["actions"] if a["verb"] == "poll-vote")["data"]
    changed = _card(await _invoke(s, "Trond Wold", "poll-vote", {**vote_data, "choice": "o3"}, url))
    assert "Du stemte: Utsatt" in _all(changed)
    # 3-3: Anne (chair), Trond, Elisabeth for "Utsatt"; Sverre, Berit, Per for "Godkjent".
    for name, choice in (
        ("Anne Lise Bjerke", "o3"),
        ("Elisabeth Kvam", "o3"),
        ("Sverre Hovde", "o1"),
        ("Berit Lund", "o1"),
        ("Per Moen", "o1"),
    ):
        await _invoke(s, name, "poll-vote", {**ref, "rev": 0, "choice": choice}, url)
    assert await _history(s.db) == 7

    # Refusals: each with a clear message, nothing stored.
    outsider = await _invoke(s, "Ola Hansen", "poll-vote", {**ref, "rev": 0, "choice": "o1"}, url)
    assert "ikke med i manntallet" in _refusal(outsider)
    await _members(s.db, "STY", ["Nina Berg"], None)  # joins after the poll opened
    late = await _invoke(s, "Nina Berg", "poll-vote", {**ref, "rev": 0, "choice": "o1"}, url)
    assert "etter at avstemningen startet" in _refusal(late)
    unknown = await _invoke(s, "Per Moen", "poll-vote", {**ref, "rev": 1, "choice": "o9"}, url)
    assert "finnes ikke" in _refusal(unknown)
    forged = await _invoke(
        s, "Per Moen", "poll-vote", {"poll": 9999, "rev": 1, "choice": "o1"}, url
    )
    assert "Jeg finner ikke denne avstemningen" in _refusal(forged)
    # A stale card: nothing stored; the answer is the member's current view, saying why, with
    # a refresh button.
    stale = _card(
        await _invoke(s, "Trond Wold", "poll-vote", {**ref, "rev": 1, "choice": "o1"}, url)
    )
    assert "utdatert" in _all(stale) and "Du stemte: Utsatt" in _all(stale)
    assert "poll-refresh" in _verbs(stale)
    english = _card(
        await _invoke(
            s, "Trond Wold", "poll-vote", {**ref, "rev": 1, "choice": "o1"}, url, locale="en-US"
        )
    )
    assert "out of date" in _all(english) and "Refresh" in _all(english)
    not_creator = await _invoke(s, "Anne Lise Bjerke", "poll-close", ref, url)
    assert "Bare den som opprettet" in _refusal(not_creator)
    assert await _history(s.db) == 7

    # The refresh invoke gives every member their own view.
    anne = _card(await _invoke(s, "Anne Lise Bjerke", "poll-refresh", ref, url))
    assert "Du stemte: Utsatt" in _all(anne) and "poll-close" not in _verbs(anne)
    assert "6 av 7" in _all(anne)
    kari = _card(await _invoke(s, "Kari Nordmann", "poll-refresh", ref, url))
    assert any(i.get("id") == "choice" for i in kari["body"])
    assert "poll-close" in _verbs(kari) and "poll-vote" in _verbs(kari)
    # Outside the group: refused, nothing of the poll shown; a member who joined later sees it.
    ola = _refusal(await _invoke(s, "Ola Hansen", "poll-refresh", ref, url))
    assert "bare for gruppen" in ola and "Godkjent" not in ola
    nina = _card(await _invoke(s, "Nina Berg", "poll-refresh", ref, url))
    assert "ikke med i manntallet" in _all(nina) and not nina.get("actions")

    # The reminder the working day before: to Kari (the only non-voter), once.
    due = timers["poll.reminder"].due_at
    assert await fire_due(s.ctx, REGISTRY, due) == 1
    assert await fire_due(s.ctx, REGISTRY, due + timedelta(minutes=1)) == 0
    async with s.db.uow() as uow:
        reminders = [
            m
            for m in await uow.outbox.due(utcnow() + timedelta(days=60), limit=1000)
            if ":reminder:" in m.key
        ]
        kari_person = await uow.people.by_teams_id(act.KARI.id)
    assert [m.person_id for m in reminders] == [kari_person.id if kari_person else -1]
    assert_card_ok(reminders[0].activity["attachments"][0]["content"])

    # The deadline passes: the scheduled close decides the tie by the chair's vote.
    assert await fire_due(s.ctx, REGISTRY, deadline.astimezone(UTC) + timedelta(seconds=1)) == 1
    async with s.db.uow() as uow:
        closed = await uow.polls.get(poll_id)
        assert closed is not None
        assert (closed.status, closed.outcome, closed.winner) == ("closed", "decided", "o3")
        assert closed.closed_reason == "deadline" and closed.decision_sequence is not None
        decision = await uow.decisions.get(closed.decision_sequence)
        assert decision is not None and decision.outcome == "Utsatt"
        assert decision.basis["chair_decided"] is True
        assert decision.basis["votes"]["Anne Lise Bjerke"] == "Utsatt"
        assert decision.basis["tallies"] == {"Godkjent": 3, "Ikke godkjent": 0, "Utsatt": 3}
        latest = await uow.session.scalar(
            select(OutboxMessage)
            .where(OutboxMessage.card_ref == f"poll:{poll_id}:card")
            .order_by(OutboxMessage.id.desc())
            .limit(1)
        )
    assert latest is not None
    result = latest.activity["attachments"][0]["content"]
    assert_card_ok(result)
    text = _all(result)
    assert "Vedtatt: Utsatt" in text and "lederens stemme var avgjørende" in text
    assert "Per Moen" in text and "Chart.HorizontalBar" in text
    after = await _invoke(s, "Kari Nordmann", "poll-vote", {**ref, "rev": 0, "choice": "o1"}, url)
    assert "avsluttet" in _refusal(after)
    final = _card(await _invoke(s, "Berit Lund", "poll-refresh", ref, url, locale="en-US"))
    assert "Decided: Utsatt" in _all(final)
    assert await _history(s.db) == 7


async def test_quorum_failure_and_anonymous_minutes_without_names(
    steering: Steering, connector_emulator: ConnectorEmulator
) -> None:
    s, url = steering, connector_emulator.url
    async with s.db.uow() as uow:
        kari = await uow.people.by_teams_id(act.KARI.id)
        poll = await poll_workflow.open_poll(
            uow,
            s.ctx,
            poll_workflow.PollSpec(
                group_code="STY",
                title="Valg av anskaffelsesstrategi",
                options=["Konkurranse med forhandling", "Åpen anbudskonkurranse"],
                deadline=utcnow() + timedelta(days=3),
                anonymous=True,
            ),
            creator=kari,
            creator_name="Kari Nordmann",
        )
        await uow.commit()
        poll_id = poll.id
    for name in ("Trond Wold", "Sverre Hovde", "Berit Lund"):
        await _invoke(s, name, "poll-vote", {"poll": poll_id, "rev": 0, "choice": "o1"}, url)
    # Closing early asks first; nothing closes until the creator confirms.
    asked = _card(await _invoke(s, "Kari Nordmann", "poll-close", {"poll": poll_id}, url))
    assert "før fristen" in _all(asked)
    confirm = next(a for a in asked["actions"] if a["verb"] == "poll-close")["data"]
    async with s.db.uow() as uow:
        still = await uow.polls.get(poll_id)
        assert still is not None and still.status == "open"
    result = _card(await _invoke(s, "Kari Nordmann", "poll-close", confirm, url))
    text = _all(result)
    assert "Ikke beslutningsdyktig" in text and "3 av 7" in text
    assert "Hemmelig avstemning" in text
    for name in NAMES[1:]:
        assert name not in text
    async with s.db.uow() as uow:
        closed = await uow.polls.get(poll_id)
        assert closed is not None and closed.outcome == "no_quorum"
        decision = await uow.decisions.get(closed.decision_sequence or 0)
        assert decision is not None and "votes" not in decision.basis
        assert decision.outcome == "no_quorum" and decision.basis["turnout"] == 3
    for fmt in ("md", "csv"):
        minutes = await poll_workflow.export_minutes(s.db, poll_id, fmt, language="nb", zone=OSLO)
        assert "Konkurranse med forhandling" in minutes
        for name in NAMES[1:]:
            assert name not in minutes
    markdown = await poll_workflow.export_minutes(s.db, poll_id, "md", language="nb", zone=OSLO)
    assert "| Konkurranse med forhandling | 3 |" in markdown


async def test_200_votes_at_once_each_counted_once(
    database_url: str, connector_emulator: ConnectorEmulator
) -> None:
    voters = [act.User(f"29:voter-{n}", f"Velger {n:03d}", f"aad-voter-{n}") for n in range(200)]
    async with running_bot(settings_for(database_url)) as running:
        db = running.services.db
        assert running.services.ctx is not None
        async with db.uow() as uow:
            group = await uow.groups.add("STY", "Styringsgruppe", "steering")
            people = [
                Person(teams_user_id=v.id, aad_object_id=v.aad_object_id, name=v.name)
                for v in voters
            ]
            uow.session.add_all(people)
            await uow.session.flush()
            for person in people:
                await uow.groups.add_member(group, person)
            poll = await poll_workflow.open_poll(
                uow,
                running.services.ctx,
                poll_workflow.PollSpec(
                    group_code="STY",
                    title="Stor avstemning",
                    options=["Ja", "Nei"],
                    deadline=utcnow() + timedelta(days=2),
                    live=True,
                ),
                creator=None,
                creator_name="test",
            )
            await uow.commit()
            poll_id = poll.id
        gate = asyncio.Semaphore(50)

        async def vote(n: int, voter: act.User) -> Any:
            data = {
                "verb": "poll-vote",
                "poll": poll_id,
                "rev": 0,
                "choice": "o1" if n % 3 else "o2",
            }
            async with gate:
                return await running.post(
                    act.card_action("poll-vote", data, connector_emulator.url, user=voter)
                )

        started = asyncio.get_running_loop().time()
        answers = await asyncio.gather(*(vote(n, v) for n, v in enumerate(voters)))
        elapsed = asyncio.get_running_loop().time() - started
        assert all(status == 200 and body["statusCode"] == 200 for status, body in answers), [
            body
            for status, body in answers
            if status != 200 or body.get("type") != "application/vnd.microsoft.card.adaptive"
        ][:3]
        assert all("Du stemte" in _all(body["value"]) for _, body in answers)
        # The same 200 again at once: each is stale (they already voted), nothing more stored.
        again = await asyncio.gather(*(vote(n, v) for n, v in enumerate(voters[:50])))
        assert all("utdatert" in _all(_card(body)) for _, body in again)
        async with db.uow() as uow:
            poll_row = await uow.session.get(Poll, poll_id)
            assert poll_row is not None
            votes = await uow.polls.votes(poll_row)
            history = await uow.polls.history(poll_row)
            group_row = await uow.session.scalar(select(Group).where(Group.code == "STY"))
        assert group_row is not None
        assert len(votes) == 200 and len({v.person_id for v in votes}) == 200
        assert len(history) == 200 and all(v.revision == 1 for v in votes)
        assert sum(1 for v in votes if v.choices == ["o2"]) == 67
        print(f"200 votes in {elapsed:.2f}s on {db.engine.dialect.name}")


async def _eventually(check: Any, timeout: float = 10.0) -> Any:
    """Poll `check()` until it returns something truthy (the dispatcher runs in the background)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = check()
        if value or asyncio.get_running_loop().time() > deadline:
            return value
        await asyncio.sleep(0.05)


async def test_poll_card_reaches_the_group_chat_and_is_replaced_by_the_result(
    database_url: str, connector_emulator: ConnectorEmulator
) -> None:
    """With the outbox dispatcher running: the card is posted, redrawn per vote, then the result."""
    async with running_bot(settings_for(database_url), background=True) as running:
        db = running.services.db
        async with db.uow() as uow:
            await uow.groups.add("STY", "Styringsgruppe", "steering")
            await uow.commit()
        await _members(db, "STY", ["Kari Nordmann", "Anne Lise Bjerke"], "Anne Lise Bjerke")
        url = connector_emulator.url
        connector_emulator.add_conversation(CHAT.id, kind="groupChat")
        await running.post(act.message("hjelp", url, where=CHAT))
        await connector_emulator.wait_for_sent(1, conversation_id=CHAT.id)
        async with db.uow() as uow:
            group = await uow.groups.by_code("STY")
            assert group is not None
            await uow.groups.link(group, CHAT.id)
            await uow.commit()
        form = {**FORM, "deadline_date": _future_deadline()}
        status, body = await running.post(
            act.card_action("poll-create", {"verb": "poll-create", **form}, url, where=CHAT)
        )
        assert status == 200 and body["statusCode"] == 200
        posted = (await connector_emulator.wait_for_sent(2, conversation_id=CHAT.id))[-1]
        card = posted["attachments"][0]["content"]
        assert_card_ok(card)
        assert "Godkjenning av kravspesifikasjonen" in _all(card) and "0 av 2" in _all(card)
        poll_id = int(card["refresh"]["action"]["data"]["poll"])
        anne = _user("Anne Lise Bjerke")
        status, body = await running.post(
            act.card_action(
                "poll-vote",
                {"verb": "poll-vote", "poll": poll_id, "rev": 0, "choice": "o1"},
                url,
                user=anne,
                where=CHAT,
            )
        )
        assert body["statusCode"] == 200

        def current() -> str:
            activity = connector_emulator.activity(CHAT.id, str(posted["id"]))
            return _all(activity or {})

        assert "1 av 2" in await _eventually(lambda: "1 av 2" in current() and current())
        status, body = await running.post(
            act.card_action(
                "poll-close",
                {"verb": "poll-close", "poll": poll_id, "confirm": "yes"},
                url,
                where=CHAT,
            )
        )
        assert "Vedtatt: Godkjent" in _all(_card(body))
        result = await _eventually(lambda: "Vedtatt: Godkjent" in current() and current())
        assert result and "Anne Lise Bjerke" in result
        final = connector_emulator.activity(CHAT.id, str(posted["id"]))
        assert final is not None
        assert_card_ok(final["attachments"][0]["content"])


async def test_multiple_choice_live_results_closes_when_all_voted(
    steering: Steering, connector_emulator: ConnectorEmulator
) -> None:
    s, url = steering, connector_emulator.url
    async with s.db.uow() as uow:
        poll = await poll_workflow.open_poll(
            uow,
            s.ctx,
            poll_workflow.PollSpec(
                group_code="STY",
                title="Prioriterte integrasjoner",
                options=["KPR", "Kjernejournal", "e-resept"],
                deadline=utcnow() + timedelta(days=5),
                multiple=True,
                live=True,
                majority="two-thirds",
                close_when_all_voted=True,
            ),
            creator=None,
            creator_name="cli:test",
        )
        await uow.commit()
        ref = {"poll": poll.id, "rev": 0}
    first = _card(await _invoke(s, "Trond Wold", "poll-vote", {**ref, "choice": "o1,o3"}, url))
    assert "Du stemte: KPR, e-resept" in _all(first) and "Foreløpig resultat" in _all(first)
    mixed = await _invoke(s, "Berit Lund", "poll-vote", {**ref, "choice": "o1,abstain"}, url)
    assert "finnes ikke" in _refusal(mixed)
    for name in NAMES[1:-1]:
        if name != "Trond Wold":
            await _invoke(s, name, "poll-vote", {**ref, "choice": "o1"}, url)
    await _invoke(s, "Kari Nordmann", "poll-vote", {**ref, "choice": "abstain"}, url)
    last = _card(await _invoke(s, "Per Moen", "poll-vote", {**ref, "choice": "o2,o3"}, url))
    # KPR: 5 of 6 ballots that chose something (two thirds met); Kari abstained.
    assert "Vedtatt: KPR" in _all(last) and "da alle hadde stemt" in _all(last)
    assert "Avsto: 1" in _all(last)
    async with s.db.uow() as uow:
        closed = await uow.polls.get(poll.id)
        assert closed is not None and closed.closed_reason == "all-voted"
        assert await uow.timers.pending(f"poll:{poll.id}:") == []
