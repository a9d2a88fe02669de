"""Ballot secrecy: after an anonymous poll closes, nothing in the database, the exports or a
DEBUG-level log links a voter to a choice (turnout and tallies remain), on both databases.

The same search over a named poll finds the links, so the search itself can fail.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from sqlalchemy import select

from dialogs import polls as poll_workflow
from dialogs.decisions.export import export_decisions, parse_period
from storage.models import Base, utcnow
from tests.emulator.server import ConnectorEmulator
from tests.support import activities as act
from tests.support.botserver import RunningBot, running_bot, settings_for
from tests.support.people import add_user, debug_log, link_group

OSLO = ZoneInfo("Europe/Oslo")
CHAT = act.Where(id="19:secret-chat@thread.v2", kind="groupChat", name="Styringsgruppa")
TITLES = ("Blåbærløsningen", "Tyttebærløsningen", "Multeløsningen")
ABSTAIN_WORD = "avstår"
# Trond first chose Blåbær and changed his mind; Sverre abstains; nobody picks Multe.
VOTES = {
    "Trond Wold": ["o1", "o2"],
    "Anne Lise Bjerke": ["o1"],
    "Berit Lund": ["o1"],
    "Sverre Hovde": ["abstain"],
}


def _user(name: str) -> act.User:
    slug = name.lower().replace(" ", "-")
    return act.User(f"29:{slug}", name, f"aad-{slug}-0000")


@dataclass
class Voter:
    name: str
    person_id: int
    teams_id: str
    aad_id: str
    choice_id: str
    choice_word: str

    def names(self) -> tuple[str, ...]:
        return (self.name, self.teams_id, self.aad_id)


@dataclass
class Evidence:
    """Every record an attacker could read, each a list of strings."""

    records: dict[str, list[str]] = field(default_factory=dict)

    def add(self, where: str, record: str) -> None:
        self.records.setdefault(where, []).append(record)


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    with debug_log() as stream:
        yield stream


def _flatten(value: Any, out: list[str]) -> None:
    """One record per JSON object or array (its scalar members), recursively."""
    if isinstance(value, dict):
        out.append(" | ".join(f"{k}={v}" for k, v in value.items() if not _nested(v)))
        for item in value.values():
            _flatten(item, out)
    elif isinstance(value, list):
        out.append(" | ".join(json.dumps(v, ensure_ascii=False) for v in value if not _nested(v)))
        for item in value:
            _flatten(item, out)
    elif isinstance(value, str) and value[:1] in "[{":
        try:
            _flatten(json.loads(value), out)
        except ValueError:
            return


def _nested(value: Any) -> bool:
    return isinstance(value, dict | list)


def _links(voter: Voter, record: str, person_columns: bool = False) -> bool:
    """Does the record name the voter together with the voter's own choice?

    A record that shows every option (the poll card, a tally) links no one to any of them.
    """
    named = any(word in record for word in voter.names()) or (
        person_columns and f"person:{voter.person_id};" in record
    )
    if not named:
        return False
    chose = voter.choice_word in record or f'"{voter.choice_id}"' in record
    every = all(title in record for title in TITLES)
    return chose and not every


async def _database_records(bot: RunningBot, evidence: Evidence) -> None:
    """Every row of every table: the row as a whole, and each JSON object inside it."""
    async with bot.services.db.read() as uow:
        for table in Base.metadata.sorted_tables:
            people = {
                c.name
                for c in table.columns
                if any(fk.column.table.name == "people" for fk in c.foreign_keys)
            }
            if table.name == "people":
                people.add("id")
            for row in (await uow.session.execute(select(table))).mappings():
                whole = []
                for name, value in row.items():
                    rendered = json.dumps(value, ensure_ascii=False, default=str)
                    whole.append(f"person:{value};" if name in people else rendered)
                    flat: list[str] = []
                    _flatten(value, flat)
                    for record in flat:
                        evidence.add(f"table {table.name} json", record)
                evidence.add(f"table {table.name}", " ".join(whole))


async def _export_records(bot: RunningBot, poll_id: int, evidence: Evidence) -> None:
    db = bot.services.db
    for fmt in ("md", "csv"):
        minutes = await poll_workflow.export_minutes(db, poll_id, fmt, language="nb", zone=OSLO)
        for line in minutes.splitlines():
            evidence.add(f"minutes {fmt}", line)
    period = parse_period(None, None, OSLO)
    for fmt in ("json", "xlsx", "csv", "md"):
        _, content = await export_decisions(db, fmt, period, language="nb", zone=OSLO)
        if fmt == "json":
            flat: list[str] = []
            _flatten(json.loads(content), flat)
            for record in flat:
                evidence.add("decisions json", record)
        elif fmt == "xlsx":
            book = openpyxl.load_workbook(io.BytesIO(content))
            for sheet in book.worksheets:
                for cells in sheet.iter_rows(values_only=True):
                    evidence.add("decisions xlsx", " | ".join(str(c) for c in cells))
        elif fmt == "csv":
            for cells in csv.reader(io.StringIO(content.decode("utf-8-sig"))):
                evidence.add("decisions csv", " | ".join(cells))
        else:
            for line in content.decode("utf-8").splitlines():
                evidence.add("decisions md", line)


async def _invoke(bot: RunningBot, url: str, name: str, verb: str, data: dict[str, Any]) -> Any:
    user = act.KARI if name == act.KARI.name else _user(name)
    activity = act.card_action(verb, {"verb": verb, **data}, url, user=user, where=CHAT)
    status, body = await bot.post(activity)
    assert status == 200, body
    return body


async def _setup(bot: RunningBot, url: str) -> dict[str, Voter]:
    """The steering group: the four voters; Kari, the project lead, opens and closes."""
    db = bot.services.db
    async with db.uow() as uow:
        group = await uow.groups.add("STY", "Styringsgruppe", "steering")
        await add_user(uow, act.KARI, lead=True)
        people = {}
        for name in VOTES:
            person = await add_user(uow, _user(name))
            await uow.groups.add_member(group, person, "member")
            people[name] = person.id
        await uow.commit()
    await bot.post(act.message("hjelp", url, where=CHAT))
    await link_group(db, "STY", CHAT.id)
    voters = {}
    for name, choices in VOTES.items():
        user, last = _user(name), choices[-1]
        word = ABSTAIN_WORD if last == "abstain" else TITLES[int(last[1:]) - 1]
        voters[name] = Voter(name, people[name], user.id, user.aad_object_id, last, word)
    return voters


async def _run_poll(bot: RunningBot, url: str, *, anonymous: bool) -> int:
    day = (utcnow() + timedelta(days=10)).astimezone(OSLO).date().isoformat()
    form = {
        "group": "STY", "title": "Valg av løsning", "description": "", "options": "\n".join(TITLES),
        "deadline_date": day, "deadline_time": "12:00", "quorum": "50", "majority": "simple",
        "anonymous": "true" if anonymous else "false", "multiple": "false", "live": "true",
        "close_all": "false",
    }  # fmt: skip
    created = await _invoke(bot, url, act.KARI.name, "poll-create", form)
    assert created["statusCode"] == 200, created
    async with bot.services.db.read() as uow:
        poll_id = (await uow.polls.open_polls())[0].id
    for name, choices in VOTES.items():
        for revision, choice in enumerate(choices):
            data = {"poll": poll_id, "rev": revision, "choice": choice}
            body = await _invoke(bot, url, name, "poll-vote", data)
            assert body["statusCode"] == 200, body
    return poll_id


def _found(evidence: Evidence, voters: dict[str, Voter]) -> list[str]:
    found = []
    for where, records in evidence.records.items():
        whole_rows = where.startswith("table ") and not where.endswith(" json")
        for record in records:
            for voter in voters.values():
                if _links(voter, record, person_columns=whole_rows):
                    found.append(f"{where}: {voter.name}: {record[:200]}")
    return found


@pytest.mark.parametrize("anonymous", [True, False], ids=["anonymous", "named"])
async def test_after_an_anonymous_poll_closes_nothing_links_a_voter_to_a_choice(
    database_url: str,
    connector_emulator: ConnectorEmulator,
    captured: io.StringIO,
    anonymous: bool,
) -> None:
    url = connector_emulator.url
    async with running_bot(settings_for(database_url)) as bot:
        voters = await _setup(bot, url)
        poll_id = await _run_poll(bot, url, anonymous=anonymous)
        # While open, the current vote is stored (so each voter sees and changes their own):
        # the search finds it, which shows that it can find a link.
        open_evidence = Evidence()
        await _database_records(bot, open_evidence)
        assert any("table poll_votes" in hit for hit in _found(open_evidence, voters))
        closed = await _invoke(
            bot, url, act.KARI.name, "poll-close", {"poll": poll_id, "confirm": "yes"}
        )
        assert closed["statusCode"] == 200, closed
        evidence = Evidence()
        await _database_records(bot, evidence)
        await _export_records(bot, poll_id, evidence)
        for line in captured.getvalue().splitlines():
            evidence.add("log", line)
        assert any("/api/messages" in line for line in evidence.records["log"])
        found = _found(evidence, voters)
        async with bot.services.db.read() as uow:
            poll = await uow.polls.get(poll_id)
            assert poll is not None
            turnout = await uow.polls.turnout(poll)
            view = await poll_workflow.view_of(uow, poll)
            history = await uow.polls.history(poll)
    # Turnout and tallies remain either way.
    assert turnout == {voter.person_id for voter in voters.values()}
    assert view.tallies == {"o1": 2, "o2": 1, "o3": 0} and view.voted == 4
    if anonymous:
        assert found == []
        assert history == []
    else:
        places = {hit.split(":", 1)[0] for hit in found}
        assert {"table poll_votes", "table poll_vote_history", "minutes md"} <= places
        assert {"decisions json", "decisions csv", "decisions md", "decisions xlsx"} <= places


async def test_an_anonymous_vote_keeps_no_history_and_no_time_of_voting(
    database_url: str, connector_emulator: ConnectorEmulator
) -> None:
    url = connector_emulator.url
    async with running_bot(settings_for(database_url)) as bot:
        await _setup(bot, url)
        poll_id = await _run_poll(bot, url, anonymous=True)
        async with bot.services.db.read() as uow:
            poll = await uow.polls.get(poll_id)
            assert poll is not None
            votes = await uow.polls.votes(poll)
            assert len(votes) == 4 and await uow.polls.history(poll) == []
            assert {vote.cast_at for vote in votes} == {poll.created_at}
            # Trond changed his vote: his own card still knows it (revision 2).
            assert sorted(vote.revision for vote in votes) == [1, 1, 1, 2]
