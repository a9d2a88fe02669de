"""Polls as a municipal body votes, over real HTTP on both databases: one vote per municipality
(delegate before deputy, proxies), reasons, conflicts of interest, dissents, the minutes, and
refusals that write nothing."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from cards.poll_cards import ResultView
from dialogs import polls as poll_workflow
from dialogs.decisions.export import export_decisions, parse_period
from dialogs.kernel.context import DialogContext
from dialogs.kernel.timers import fire_due
from storage.database import Database
from storage.models import (
    Decision,
    OutboxMessage,
    Person,
    PollConflict,
    PollSeat,
    PollVote,
    utcnow,
)
from storage.municipalities import MUNICIPALITIES
from tests.emulator.server import ConnectorEmulator
from tests.support import activities as act
from tests.support.botserver import RunningBot, running_bot, settings_for
from tests.support.cardgate import assert_card_ok
from tests.support.registry import REGISTRY

CHAT = act.Where(id="19:sty-kommuner@thread.v2", kind="groupChat", name="Styringsgruppa")
ROLES = ("delegate", "deputy", "member")


@dataclass
class Body:
    bot: RunningBot
    url: str
    ctx: DialogContext
    # municipality number -> (delegate, deputy, member) users
    seats: dict[str, tuple[act.User, act.User, act.User]]

    @property
    def db(self) -> Database:
        return self.bot.services.db


def _user(number: str, role: str) -> act.User:
    return act.User(f"29:{number}-{role}", f"{role.title()} {number}", f"aad-{number}-{role}")


@pytest.fixture
async def body(database_url: str, connector_emulator: ConnectorEmulator) -> AsyncIterator[Body]:
    """The steering group: Kari (project lead, chair) and three people from each of the 23
    municipalities, the first their delegate and the second their deputy."""
    async with running_bot(settings_for(database_url)) as running:
        db = running.services.db
        seats: dict[str, tuple[act.User, act.User, act.User]] = {}
        async with db.uow() as uow:
            group = await uow.groups.add("STY", "Styringsgruppe", "steering")
            kari = await uow.people.add(
                Person(
                    teams_user_id=act.KARI.id,
                    aad_object_id=act.KARI.aad_object_id,
                    name=act.KARI.name,
                    is_project_lead=True,
                )
            )
            await uow.groups.add_member(group, kari, "chair")
            for number, _, _ in MUNICIPALITIES:
                await uow.municipalities.set_participating(number, True)
                users = tuple(_user(number, role) for role in ROLES)
                seats[number] = (users[0], users[1], users[2])
                for role, user in zip(ROLES, users, strict=True):
                    person = await uow.people.add(
                        Person(
                            teams_user_id=user.id,
                            aad_object_id=user.aad_object_id,
                            name=user.name,
                            municipality_number=number,
                        )
                    )
                    await uow.groups.add_member(group, person, "member")
                    if role != "member":
                        await uow.municipalities.set_role(number, person, role, group)
            await uow.commit()
        await running.post(act.message("hjelp", connector_emulator.url, where=CHAT))
        async with db.uow() as uow:
            linked = await uow.groups.by_code("STY")
            assert linked is not None
            await uow.groups.link(linked, CHAT.id)
            await uow.commit()
        assert running.services.ctx is not None
        yield Body(running, connector_emulator.url, running.services.ctx, seats)


async def _invoke(b: Body, user: act.User, verb: str, data: dict[str, Any]) -> Any:
    status, answer = await b.bot.post(
        act.card_action(verb, {"verb": verb, **data}, b.url, user=user, where=CHAT)
    )
    assert status == 200, answer
    return answer


def _card(answer: Any) -> dict[str, Any]:
    assert answer["statusCode"] == 200, answer
    assert answer["type"] == "application/vnd.microsoft.card.adaptive", answer
    card: dict[str, Any] = answer["value"]
    assert_card_ok(card)
    return card


def _refusal(answer: Any) -> str:
    assert answer["type"] == "application/vnd.microsoft.error", answer
    assert 400 <= answer["statusCode"] < 500, answer
    return str(answer["value"]["message"])


def _all(card: dict[str, Any]) -> str:
    return json.dumps(card, ensure_ascii=False)


async def _open(b: Body, **spec: Any) -> int:
    """A poll in STY, per municipality unless told (through the service, as the CLI opens it)."""
    async with b.db.uow() as uow:
        poll = await poll_workflow.open_poll(
            uow,
            b.ctx,
            poll_workflow.PollSpec(
                group_code="STY",
                title=spec.pop("title", "Felles anskaffelse av EPJ"),
                options=["Godkjent", "Ikke godkjent"],
                deadline=spec.pop("deadline", utcnow() + timedelta(days=3)),
                per_municipality=spec.pop("per_municipality", True),
                **spec,
            ),
            creator=None,
            creator_name=act.KARI.name,
        )
        await uow.commit()
        return poll.id


async def _count(db: Database, model: Any) -> int:
    async with db.uow() as uow:
        return int(await uow.session.scalar(select(func.count()).select_from(model)) or 0)


async def _close(b: Body, poll_id: int) -> ResultView:
    async with b.db.uow() as uow:
        result = await poll_workflow.close_now(uow, b.ctx, poll_id, closed_by=act.KARI.name)
        await uow.commit()
    return result


async def test_a_burst_from_every_member_of_23_municipalities_counts_one_vote_each(
    body: Body,
) -> None:
    b = body
    poll_id = await _open(b)
    gate = asyncio.Semaphore(40)

    async def vote(user: act.User, choice: str) -> Any:
        async with gate:
            return await _invoke(
                b, user, "poll-vote", {"poll": poll_id, "rev": 0, "choice": choice}
            )

    # Everyone at once, twice over: delegates vote "Godkjent", deputies "Ikke godkjent" at the
    # same moment, ordinary members try too.
    sends = [
        vote(user, "o1" if role == "delegate" else "o2")
        for users in b.seats.values()
        for role, user in zip(ROLES, users, strict=True)
        for _ in range(2)
    ]
    answers = await asyncio.gather(*sends)
    members = [a for a, s in zip(answers, sends, strict=True) if a["statusCode"] == 403]
    assert len(members) == 2 * 23
    assert all("representerer ikke" in _refusal(a) for a in members)
    stored = [a for a in answers if a["statusCode"] == 200]
    assert len(stored) == 4 * 23  # each representative's first vote, and a stale duplicate
    assert sum("utdatert" in _all(_card(a)) for a in stored) == 2 * 23
    assert await _count(b.db, PollVote) == 2 * 23
    result = await _close(b, poll_id)
    # Exactly one counted vote per municipality, and it is the delegate's.
    assert result.turnout == 23 and result.poll.electorate == 23
    assert result.tallies == {"o1": 23, "o2": 0}
    assert len(result.votes) == 23
    assert all("Delegate" in choice and "representant" in choice for _, choice in result.votes)
    assert "Enstemmig vedtatt" in await _minutes(b, poll_id)


async def _minutes(b: Body, poll_id: int) -> str:
    return await poll_workflow.export_minutes(
        b.db, poll_id, "md", language="nb", zone=b.ctx.timezone
    )


async def test_deputy_counts_without_the_delegate_and_a_delegates_later_vote_replaces_it(
    body: Body,
) -> None:
    b = body
    poll_id = await _open(b, deadline=utcnow() + timedelta(days=12))
    tonsberg = b.seats["3905"]
    await _invoke(b, tonsberg[1], "poll-vote", {"poll": poll_id, "rev": 0, "choice": "o2"})
    # The reminder goes to the representatives of seats without a vote, not to Tønsberg's.
    async with b.db.uow() as uow:
        due = next(t for t in await uow.timers.pending(f"poll:{poll_id}:reminder")).due_at
    assert await fire_due(b.ctx, REGISTRY, due) == 1
    async with b.db.uow() as uow:
        keys = {m.key for m in await uow.session.scalars(select(OutboxMessage))}
        reminded = {k for k in keys if k.startswith(f"poll:{poll_id}:reminder:")}
        assert len(reminded) == 2 * 22
        for user in tonsberg[:2]:
            person = await uow.people.by_teams_id(user.id)
            assert person is not None and f"poll:{poll_id}:reminder:{person.id}" not in reminded
    card = _card(await _invoke(b, tonsberg[1], "poll-refresh", {"poll": poll_id}))
    assert "Tønsberg (vara)" in _all(card) and "bare hvis representanten" in _all(card)
    async with b.db.uow() as uow:
        poll = await uow.polls.get(poll_id)
        assert poll is not None
        assert (await poll_workflow.result_of(uow, poll)).tallies == {"o1": 0, "o2": 1}
    await _invoke(b, tonsberg[0], "poll-vote", {"poll": poll_id, "rev": 0, "choice": "o1"})
    result = await _close(b, poll_id)
    assert result.tallies == {"o1": 1, "o2": 0}
    assert dict(result.votes)["Tønsberg"].startswith("Godkjent (avgitt av Delegate 3905")


async def test_proxy_vote_and_refusals_that_write_nothing(body: Body) -> None:
    b = body
    poll_id = await _open(b)
    skien, porsgrunn = b.seats["4003"], b.seats["4001"]
    async with b.db.uow() as uow:
        holder = await uow.people.by_teams_id(skien[2].id)
        stranger = await uow.people.by_teams_id(porsgrunn[2].id)
        assert holder is not None and stranger is not None
        holder_id, stranger_id = holder.id, stranger.id
    # The delegate's step card offers the people of Skien, not those of other municipalities.
    step = _card(await _invoke(b, skien[0], "poll-proxy", {"poll": poll_id}))
    offered = next(i for i in step["body"] if i.get("id") == "to")["choices"]
    assert {c["title"] for c in offered} == {"Deputy 4003", "Member 4003"}
    # A forged proxy to a person of Porsgrunn: refused, nothing written.
    forged = await _invoke(
        b, skien[0], "poll-proxy", {"poll": poll_id, "confirm": "yes", "to": str(stranger_id)}
    )
    assert "ikke fra din kommune" in _refusal(forged)
    # A vote for a municipality the person does not represent: refused, nothing written.
    wrong = await _invoke(
        b,
        skien[2],
        "poll-vote",
        {"poll": poll_id, "rev": 0, "choice": "o1", "municipality": "4001"},
    )
    assert "representerer ikke Porsgrunn" in _refusal(wrong)
    async with b.db.uow() as uow:
        seat = await uow.session.get(PollSeat, (poll_id, "4003"))
        assert seat is not None and seat.proxy_id is None
    assert await _count(b.db, PollVote) == 0
    # The proxy to a person of Skien is recorded with its time; the holder votes for Skien.
    before = utcnow()
    given = await _invoke(
        b, skien[0], "poll-proxy", {"poll": poll_id, "confirm": "yes", "to": str(holder_id)}
    )
    assert "Fullmakt gitt til Member 4003" in _all(_card(given))
    async with b.db.uow() as uow:
        seat = await uow.session.get(PollSeat, (poll_id, "4003"))
        assert seat is not None and seat.proxy_id == holder_id
        assert seat.proxy_at is not None and seat.proxy_at >= before
    voted = _card(
        await _invoke(
            b,
            skien[2],
            "poll-vote",
            {"poll": poll_id, "rev": 0, "choice": "o2", "municipality": "4003"},
        )
    )
    assert "Du stemte: Ikke godkjent" in _all(voted)
    # The delegate who handed the proxy no longer votes.
    own = await _invoke(b, skien[0], "poll-vote", {"poll": poll_id, "rev": 0, "choice": "o1"})
    assert "gitt fullmakt" in _refusal(own)
    result = await _close(b, poll_id)
    assert dict(result.votes)["Skien"] == "Ikke godkjent (avgitt av Member 4003, fullmakt)"


async def test_a_conflict_declared_after_a_vote_withdraws_it_and_the_minutes_say_so(
    body: Body,
) -> None:
    b = body
    poll_id = await _open(b, quorum=1)
    larvik = b.seats["3909"]
    await _invoke(
        b,
        larvik[0],
        "poll-vote",
        {"poll": poll_id, "rev": 0, "choice": "o1", "reason": "Kommunestyret har sagt ja."},
    )
    # After voting, a member cannot declare for themselves: the chair records it.
    self_late = await _invoke(
        b, larvik[0], "poll-conflict", {"poll": poll_id, "confirm": "yes", "reason": "Eier"}
    )
    assert "Be møteleder" in _refusal(self_late)
    not_chair = await _invoke(
        b, larvik[2], "poll-conflict", {"poll": poll_id, "confirm": "yes", "reason": "x"}
    )
    assert "Den personen er ikke med i manntallet" in _refusal(not_chair)
    assert await _count(b.db, PollConflict) == 0
    async with b.db.uow() as uow:
        delegate = await uow.people.by_teams_id(larvik[0].id)
        assert delegate is not None
        delegate_id = delegate.id
    step = _card(await _invoke(b, act.KARI, "poll-conflict", {"poll": poll_id}))
    assert any(i.get("id") == "person" for i in step["body"])
    declared = await _invoke(
        b,
        act.KARI,
        "poll-conflict",
        {
            "poll": poll_id,
            "confirm": "yes",
            "person": str(delegate_id),
            "reason": "Styremedlem i leverandøren",
        },
    )
    assert "er ført som inhabil" in _all(_card(declared))
    async with b.db.uow() as uow:
        poll = await uow.polls.get(poll_id)
        assert poll is not None
        assert await uow.polls.vote_of(poll, delegate_id) is None
        assert await uow.polls.elector(poll, delegate_id) is None
    again = await _invoke(b, larvik[0], "poll-vote", {"poll": poll_id, "rev": 0, "choice": "o1"})
    assert "inhabil" in _refusal(again)
    # Larvik still has its deputy, whose vote now counts.
    await _invoke(b, larvik[1], "poll-vote", {"poll": poll_id, "rev": 0, "choice": "o2"})
    # A member without a vote declares before voting; Horten has no one left and leaves.
    horten = b.seats["3901"]
    for user in horten[:2]:
        mine = await _invoke(
            b, user, "poll-conflict", {"poll": poll_id, "confirm": "yes", "reason": "Part"}
        )
        assert "er ført som inhabil" in _all(_card(mine))
    result = await _close(b, poll_id)
    assert result.poll.electorate == 22 and result.turnout == 1
    assert dict(result.votes)["Larvik"].startswith("Ikke godkjent (avgitt av Deputy 3909, vara)")
    minutes = await _minutes(b, poll_id)
    assert (
        "Delegate 3909 ble erklært inhabil (Kari Nordmann): Styremedlem i leverandøren" in minutes
    )
    assert "Stemmen som var avgitt, ble trukket tilbake." in minutes
    assert "Deputy 3901 ble erklært inhabil (Deputy 3901): Part." in minutes
    # The withdrawn vote's reason is not the minutes' (it was not counted).
    assert "Kommunestyret har sagt ja" not in minutes


async def test_reasons_in_named_polls_only_and_dissent_within_its_time(
    body: Body, connector_emulator: ConnectorEmulator
) -> None:
    b = body
    named = await _open(b)
    secret = await _open(b, title="Hemmelig sak", anonymous=True, per_municipality=False)
    bamble, kragero = b.seats["4012"], b.seats["4014"]
    # A reason on an anonymous poll: refused, nothing stored.
    refused = await _invoke(
        b, act.KARI, "poll-vote", {"poll": secret, "rev": 0, "choice": "o1", "reason": "Fordi"}
    )
    assert "hemmelig avstemning tar ikke imot begrunnelser" in _refusal(refused)
    assert await _count(b.db, PollVote) == 0
    await _invoke(
        b,
        bamble[0],
        "poll-vote",
        {"poll": named, "rev": 0, "choice": "o2", "reason": "Vi trenger mer tid."},
    )
    await _invoke(b, kragero[0], "poll-vote", {"poll": named, "rev": 0, "choice": "o1"})
    await _invoke(b, b.seats["4016"][0], "poll-vote", {"poll": named, "rev": 0, "choice": "o1"})
    # Before the result there is nothing to dissent from.
    early = await _invoke(
        b, bamble[0], "poll-dissent", {"poll": named, "confirm": "yes", "statement": "Nei"}
    )
    assert "når resultatet foreligger" in _refusal(early)
    result = await _close(b, named)
    assert result.status == "no_quorum"
    step = _card(await _invoke(b, bamble[0], "poll-dissent", {"poll": named}))
    assert "48 timer" in _all(step)
    entered = await _invoke(
        b,
        bamble[0],
        "poll-dissent",
        {"poll": named, "confirm": "yes", "statement": "Bamble ber om at saken utsettes."},
    )
    assert "Protokolltilførselen er ført inn" in _all(_card(entered))
    twice = await _invoke(
        b, bamble[0], "poll-dissent", {"poll": named, "confirm": "yes", "statement": "Igjen"}
    )
    assert "alt ført inn" in _refusal(twice)
    outsider = await _invoke(
        b, bamble[2], "poll-dissent", {"poll": named, "confirm": "yes", "statement": "Meg"}
    )
    assert "Bare de som var med i manntallet" in _refusal(outsider)
    async with b.db.uow() as uow:
        poll = await uow.polls.get(named)
        assert poll is not None and poll.decision_sequence is not None
        dissents = (await uow.decisions.addenda_of([poll.decision_sequence]))[
            poll.decision_sequence
        ]
        assert [d.kind for d in dissents] == ["dissent"] and dissents[0].corrects is None
        original = poll.decision_sequence
    # The minutes, and every export of the decision, carry the dissent and the reason.
    minutes = await _minutes(b, named)
    assert "Bamble ber om at saken utsettes." in minutes and "Vi trenger mer tid." in minutes
    assert "### Votering" in minutes and "Sak 20" in minutes
    period = parse_period(None, None, b.ctx.timezone)
    for fmt in ("md", "csv", "json"):
        _, content = await export_decisions(b.db, fmt, period, language="nb", zone=b.ctx.timezone)
        assert "Bamble ber om at saken utsettes." in content.decode("utf-8-sig"), fmt
    _, archive = await export_decisions(b.db, "json", period, language="nb", zone=b.ctx.timezone)
    record = next(r for r in json.loads(archive)["records"] if r["sequence"] == original)
    assert record["addenda"][0]["by"] == "Delegate 4012"
    # A poll whose dissent window is zero: a dissent after the result is too late.
    late_poll = await _open(b, title="Utvidet kartlegging", dissent_hours=0)
    await _close(b, late_poll)
    decisions = await _count(b.db, Decision)
    late = await _invoke(
        b, bamble[0], "poll-dissent", {"poll": late_poll, "confirm": "yes", "statement": "Nei"}
    )
    assert "er ute" in _refusal(late)
    assert await _count(b.db, Decision) == decisions


async def test_the_form_opens_a_per_municipality_poll_and_refuses_a_secret_one(
    body: Body, connector_emulator: ConnectorEmulator
) -> None:
    b = body
    async with b.db.uow() as uow:
        await uow.municipalities.set_weight("4003", 3)
        await uow.commit()
    await b.bot.post(act.message("ny avstemning", b.url, where=CHAT))
    form = (await connector_emulator.wait_for_sent(2))[-1]["attachments"][0]["content"]
    assert_card_ok(form)
    toggles = [i for i in form["body"] if i.get("type") == "Input.Toggle"]
    # Each box is labelled once: the label, no title repeating it.
    assert all(t["label"] and not t["title"] for t in toggles)
    assert "Skien 3" in _all(form)
    day = (utcnow() + timedelta(days=10)).date().isoformat()
    fields = {
        "group": "STY",
        "title": "Felles journalløsning",
        "description": "",
        "options": "Ja\nNei",
        "deadline_date": day,
        "deadline_time": "12:00",
        "quorum": "50",
        "majority": "simple",
        "anonymous": "true",
        "multiple": "false",
        "live": "true",
        "close_all": "false",
        "per_municipality": "true",
    }
    bad = _card(await _invoke(b, act.KARI, "poll-create", fields))
    assert "kan ikke være hemmelig" in _all(bad)
    mine = _card(await _invoke(b, act.KARI, "poll-create", {**fields, "anonymous": "false"}))
    assert "0 av 23 kommuner" in _all(mine) and "Skien 3" in _all(mine)
    async with b.db.uow() as uow:
        poll = (await uow.polls.open_polls())[0]
        assert poll.per_municipality
        assert await uow.polls.electorate_size(poll) == 46
        weights = {s.municipality_number: s.weight for s in await uow.polls.seats(poll)}
        assert weights["4003"] == 3 and sum(weights.values()) == 25
    # `avstemninger` lists it with its turnout and a button; someone outside sees none.
    await b.bot.post(act.message("avstemninger", b.url, where=CHAT))
    listing = (await connector_emulator.wait_for_sent(3))[-1]["attachments"][0]["content"]
    assert_card_ok(listing)
    assert "Felles journalløsning" in _all(listing) and "0 av 23 kommuner" in _all(listing)
    assert '"verb": "poll-refresh"' in _all(listing)
    await b.bot.post(act.message("polls", b.url, where=CHAT, user=act.OLA, locale="en-US"))
    other = (await connector_emulator.wait_for_sent(4))[-1]["attachments"][0]["content"]
    assert "No open polls" in _all(other) and "Felles journalløsning" not in _all(other)
