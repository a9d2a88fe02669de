"""Organisation administration (issue 13): groups with aliases and archiving, participating
municipalities and coverage, roles, reachability, channel links and their repair, on SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from bot.cli import main
from bot.inbound import channel_home, conversation_record
from dialogs.catalogue import find_group
from dialogs.catalogue.errors import CatalogueError
from dialogs.catalogue.organisation import (
    AddGroup,
    SetRole,
    add_group,
    alias_group,
    archive_group,
    set_participating,
    set_role,
    unreachable,
)
from dialogs.kernel.context import DialogContext
from dialogs.kernel.reachability import reachability
from dialogs.polls.service import PollSpec, open_poll
from dialogs.reviews.views import coverage_places
from storage.database import Database
from storage.migrate import downgrade, upgrade
from storage.models import Person, UTCDateTime
from vocabulary import UNREACHABLE, DecisionKind, GroupKind, Reachability

THREAD = "19:abc@thread.tacv2;messageid=1700000000000"
CHANNEL = "19:abc@thread.tacv2"


async def _group(db: Database, code: str = "TMNFE", **extra: object) -> None:
    async with db.uow() as uow:
        await add_group(
            uow,
            AddGroup(
                code,
                "TMNFE (tjenester til mennesker med nedsatt funksjonsevne)",
                GroupKind.WORKING,
                "test",
                ("Tjenester til mennesker med nedsatt funksjonsevne",),
            ),
        )
        await uow.commit()


async def test_a_group_is_found_by_code_name_or_alias_in_any_case(db: Database) -> None:
    await _group(db)
    async with db.uow() as uow:
        for wanted in ("tmnfe", "TJENESTER til  mennesker med nedsatt funksjonsevne"):
            group = await find_group(uow, wanted)
            assert group is not None and group.code == "TMNFE"
        assert await find_group(uow, "Rus og psykiatri") is None
        await alias_group(uow, "TMNFE", "Nedsatt funksjonsevne", "test")
        await uow.commit()
    async with db.uow() as uow:
        found = await find_group(uow, "nedsatt FUNKSJONSEVNE")
        assert found is not None and found.code == "TMNFE"
        logged = [d for d in await uow.decisions.latest(10) if d.group_code == "TMNFE"]
    assert {d.kind for d in logged} == {DecisionKind.ORGANISATION}
    assert len(logged) == 2  # created, alias added: who, when and what


async def test_duplicate_codes_and_colliding_aliases_are_refused_and_nothing_written(
    db: Database,
) -> None:
    await _group(db)
    async with db.uow() as uow:
        with pytest.raises(CatalogueError) as caught:
            await add_group(uow, AddGroup("RUS", "Rus og psykiatri", "working", "t", ("tmnfe",)))
        assert caught.value.problems[0].key == "catalogue.organisation.taken"
        with pytest.raises(CatalogueError):
            await add_group(uow, AddGroup("tmnfe", "Noe annet", "working", "t"))
        with pytest.raises(CatalogueError):
            await alias_group(uow, "TMNFE", "TMNFE", "t")
        with pytest.raises(CatalogueError) as bad:
            await add_group(uow, AddGroup("ab cd", "", "club", "t", ("x", "X")))
        codes = {problem.code for problem in bad.value.problems}
        assert codes == {"code", "name", "kind", "repeated"}
    async with db.uow() as uow:
        assert [g.code for g in await uow.groups.all()] == ["TMNFE"]


async def test_archiving_a_group_with_an_open_poll_is_refused(db: Database) -> None:
    await _group(db)
    async with db.uow() as uow:
        group = await uow.groups.find("TMNFE")
        assert group is not None
        person = await uow.people.add(Person(name="Kari Nordmann", teams_user_id="29:kari"))
        await uow.groups.add_member(group, person)
        await uow.commit()
    ctx = DialogContext(db=db)
    async with db.uow() as uow:
        spec = PollSpec("tmnfe", "Godkjenne?", ("Ja", "Nei"), datetime.now(UTC) + timedelta(1))
        await open_poll(uow, ctx, spec, creator=None, creator_name="test")
        await uow.commit()
    async with db.uow() as uow:
        with pytest.raises(CatalogueError) as caught:
            await archive_group(uow, "TMNFE", "t")
        assert caught.value.status == 409
        assert "1 åpen avstemning" in caught.value.problems[0].message("nb")


async def test_an_archived_group_takes_no_new_poll(db: Database) -> None:
    await _group(db)
    async with db.uow() as uow:
        await archive_group(uow, "TMNFE", "t")
        await uow.commit()
    async with db.uow() as uow:
        spec = PollSpec("TMNFE", "Godkjenne?", ("Ja", "Nei"), datetime.now(UTC) + timedelta(1))
        with pytest.raises(Exception, match="archived"):
            await open_poll(uow, DialogContext(db=db), spec, creator=None, creator_name="t")


async def test_coverage_counts_only_participating_municipalities(db: Database) -> None:
    await _group(db)
    async with db.uow() as uow:
        group = await uow.groups.find("TMNFE")
        assert group is not None
        for name, place in (("A", "3905"), ("B", "3907"), ("C", "4003"), ("D", None)):
            person = await uow.people.add(Person(name=name, municipality_number=place))
            await uow.groups.add_member(group, person)
        await set_participating(uow, ["Tønsberg", "4003"], True)
        await uow.commit()
    async with db.uow() as uow:
        group = await uow.groups.find("TMNFE")
        assert group is not None
        assert await uow.municipalities.participating_in_group(group) == {"3905", "4003"}
        places = await coverage_places(uow, group)
    assert sorted(p for p in places.values() if p) == ["3905", "4003"]
    assert len(places) == 4  # every member still counts as a member
    async with db.uow() as uow:
        with pytest.raises(CatalogueError):
            await set_participating(uow, ["Tønsberg", "Oslo"], True)


async def test_roles_need_membership_and_a_municipality(db: Database) -> None:
    await _group(db)
    async with db.uow() as uow:
        group = await uow.groups.find("TMNFE")
        assert group is not None
        kari = await uow.people.add(Person(name="Kari", email="kari@skien.kommune.no"))
        kari.municipality_number = "4003"
        ola = await uow.people.add(Person(name="Ola", email="ola@bamble.kommune.no"))
        await uow.groups.add_member(group, kari)
        await uow.commit()
    async with db.uow() as uow:
        await set_role(uow, SetRole("KARI@skien.kommune.no", "deputy_chair", "tmnfe"))
        await set_role(uow, SetRole("Kari", "contact"))
        with pytest.raises(CatalogueError) as caught:
            await set_role(uow, SetRole("ola@bamble.kommune.no", "chair", "TMNFE"))
        assert caught.value.problems[0].code == "not_member"
        with pytest.raises(CatalogueError):
            await set_role(uow, SetRole("Ola", "contact"))  # no municipality known
        await uow.commit()
    async with db.uow() as uow:
        group = await uow.groups.find("TMNFE")
        assert group is not None
        kari_row = await uow.people.by_email("kari@skien.kommune.no")
        assert kari_row is not None
        membership = await uow.groups.membership(group, kari_row)
        assert membership is not None and membership.role == "deputy_chair"
        roles = await uow.municipalities.roles()
        assert [(r.municipality_number, r.role, r.person_id) for r in roles] == [
            ("4003", "contact", kari_row.id)
        ]
        assert ola.id not in {r.person_id for r in roles}


@given(
    has_chat=st.booleans(),
    chat_blocked=st.booleans(),
    has_teams_id=st.booleans(),
    has_entra_id=st.booleans(),
    refused=st.sampled_from([None, *Reachability]),
)
def test_reachability_rule(
    has_chat: bool,
    chat_blocked: bool,
    has_teams_id: bool,
    has_entra_id: bool,
    refused: str | None,
) -> None:
    chat_blocked = chat_blocked and has_chat
    state = reachability(
        has_chat=has_chat,
        chat_blocked=chat_blocked,
        has_teams_id=has_teams_id,
        has_entra_id=has_entra_id,
        refused=refused,
    )
    if chat_blocked or refused == Reachability.BLOCKED:
        assert state == Reachability.BLOCKED
    elif refused == Reachability.LEFT_TENANT:
        assert state == Reachability.LEFT_TENANT
    elif has_chat:
        assert state == Reachability.REACHABLE
    # Without any id and no chat nobody can be reached, whatever else is known.
    if not (has_chat or has_teams_id or has_entra_id):
        assert state in UNREACHABLE


async def test_unreachable_people_are_listed_with_the_reason(db: Database) -> None:
    await _group(db)
    async with db.uow() as uow:
        group = await uow.groups.find("TMNFE")
        assert group is not None
        for person in (
            Person(name="Uten konto"),
            Person(name="Med Teams", teams_user_id="29:a"),
            Person(name="Uten app", aad_object_id="aad-1", unreachable_reason="not_installed"),
        ):
            await uow.groups.add_member(group, await uow.people.add(person))
        await uow.commit()
    async with db.uow() as uow:
        missing = await unreachable(uow, "tmnfe")
    assert [(r.name, r.state) for r in missing] == [
        ("Uten app", Reachability.NOT_INSTALLED),
        ("Uten konto", Reachability.NO_ACCOUNT),
    ]


def test_a_reply_in_a_channel_links_the_channel_itself() -> None:
    body = {
        "conversation": {"id": THREAD, "conversationType": "channel", "isGroup": True},
        "channelData": {"channel": {"id": CHANNEL, "name": "Generelt"}, "team": {"id": "t"}},
        "channelId": "msteams",
        "serviceUrl": "https://smba.example/",
        "recipient": {"id": "28:bot"},
    }
    record = conversation_record(body)
    assert record.id == CHANNEL
    assert record.reference["conversation"]["id"] == CHANNEL
    assert channel_home(THREAD, "channel", None) == CHANNEL
    assert channel_home("a:personal;messageid=1", "personal", None) == "a:personal;messageid=1"


async def test_migration_repairs_links_stored_with_a_thread_suffix(db: Database) -> None:
    await downgrade(db.engine, "0010")
    now = datetime.now(UTC)
    typed = (sa.bindparam("now", type_=UTCDateTime()), sa.bindparam("ref", type_=sa.JSON()))
    async with db.engine.begin() as conn:
        await conn.execute(
            sa.text(
                "INSERT INTO conversations (id, kind, channel_id, service_url, bot_id, reference,"
                " installed, created_at, updated_at, name) VALUES (:id, 'channel', 'msteams',"
                " 'https://smba.example/', '28:bot', :ref, true, :now, :now, 'Generelt')"
            ).bindparams(*typed),
            {"id": THREAD, "ref": {"conversation": {"id": THREAD}}, "now": now},
        )
        await conn.execute(
            sa.text(
                "INSERT INTO groups (code, name, kind, conversation_id, created_at)"
                " VALUES ('HJT', 'Hjemmetjeneste', 'working', :id, :now)"
            ).bindparams(typed[0]),
            {"id": THREAD, "now": now},
        )
    await upgrade(db.engine)
    async with db.uow() as uow:
        group = await uow.groups.by_code("HJT")
        assert group is not None and group.conversation_id == CHANNEL
        channel = await uow.conversations.get(CHANNEL)
        assert channel is not None and channel.name == "Generelt"
        assert channel.reference["conversation"]["id"] == CHANNEL


def test_cli_groups_and_municipalities(
    clean_env: Path,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("KRAVBOT_DATABASE_URL", database_url)
    assert main(["groups", "add", "rus", "Rus og psykiatri", "--alias", "Rusfeltet"]) == 0
    assert main(["groups", "add", "RP", "Noe", "--alias", "rus og PSYKIATRI"]) == 2
    assert "brukes allerede av gruppen RUS" in capsys.readouterr().err
    assert main(["groups", "add", "STYRET", "Styret i DigiTV", "--kind", "owner"]) == 0
    assert main(["groups", "rename", "rus", "Rus og psykisk helse"]) == 0
    assert main(["groups", "alias", "Rus og psykisk helse", "Psykiatri"]) == 0
    capsys.readouterr()
    assert main(["groups", "list"]) == 0
    listed = capsys.readouterr().out
    assert "RUS – Rus og psykisk helse | Arbeidsgruppe | 0 medlemmer" in listed
    assert "Også kalt: Psykiatri, Rusfeltet" in listed
    assert "STYRET – Styret i DigiTV | Prosjekteier" in listed
    assert main(["municipalities", "set-participating", "Skien", "3905"]) == 0
    assert main(["municipalities", "set-participating", "Skien", "Atlantis"]) == 2
    capsys.readouterr()
    assert main(["municipalities", "list"]) == 0
    marked = [line for line in capsys.readouterr().out.splitlines() if "Deltakerkommuner" in line]
    assert [line.split()[0] for line in marked] == ["3905", "4003"]
    assert main(["groups", "archive", "psykiatri"]) == 0
    assert main(["people", "reachability"]) == 0
    assert "Kravbot kan nå alle." in capsys.readouterr().out
    assert main(["people", "set-role", "Nobody", "contact"]) == 2
