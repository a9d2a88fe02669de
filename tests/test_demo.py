"""`kravbot demo-data`: the fictitious DigiTV organisation and requirements, loaded idempotently."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from cards.texts import text
from dialogs.demo import organisation as org
from dialogs.demo.load import demo_requirements, load_demo
from storage.conversations import ConversationRecord
from storage.database import Database
from storage.models import Person
from storage.people import TeamsUser
from storage.requirements import Change, RequirementData

PLAYGROUND_YML = Path(__file__).parents[1] / "infra" / "playground" / ".m365agentsplayground.yml"
WORKING_GROUPS = ("INST", "MYN", "TEK", "ARK", "HJT", "RUS", "TMN", "STD")
# The project owner and the five reference groups of the plan (issue 13).
OWNER_AND_REFERENCE = ("STYRET", "KSF", "EPJS", "KS", "TV", "RFEH")


# -- A tiny reader for the YAML subset of the playground file (PyYAML is not a dependency).


def _scalar(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _read_yaml_subset(text: str) -> dict[str, Any]:
    """Block mappings, block lists of mappings and plain or quoted scalars; nothing else."""
    lines = [
        (len(line) - len(line.lstrip(" ")), line.strip())
        for line in text.splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    position = 0

    def block(indent: int) -> Any:
        nonlocal position
        if lines[position][1].startswith("- "):
            items: list[Any] = []
            while position < len(lines) and lines[position][0] == indent:
                level, content = lines[position]
                if not content.startswith("- "):
                    break
                # Re-read the item's first line as a mapping entry two columns further in.
                lines[position] = (level + 2, content[2:])
                items.append(block(level + 2))
            return items
        mapping: dict[str, Any] = {}
        while position < len(lines) and lines[position][0] == indent:
            content = lines[position][1]
            if content.startswith("- "):
                break
            key, _, value = content.partition(":")
            position += 1
            if value.strip():
                mapping[key.strip()] = _scalar(value)
            else:
                mapping[key.strip()] = block(lines[position][0])
        return mapping

    result = block(0)
    assert position == len(lines), f"unread line: {lines[position]}"
    assert isinstance(result, dict)
    return result


@pytest.fixture(scope="module")
def playground() -> dict[str, Any]:
    return _read_yaml_subset(PLAYGROUND_YML.read_text(encoding="utf-8"))


def test_the_yaml_reader_reads_nested_lists() -> None:
    parsed = _read_yaml_subset(
        '# c\na: 1\nb:\n  c: "x: y"\n  d:\n    - e: 2\n      f: 3\n    - e: 4\ng: h\n'
    )
    assert parsed == {
        "a": "1",
        "b": {"c": "x: y", "d": [{"e": "2", "f": "3"}, {"e": "4"}]},
        "g": "h",
    }


def test_playground_ids_match_the_yml(playground: dict[str, Any]) -> None:
    assert playground["tenantId"] == org.PLAYGROUND_TENANT_ID
    assert playground["bot"]["id"] == org.PLAYGROUND_BOT_ID
    assert playground["bot"]["name"] == org.PLAYGROUND_BOT_NAME
    assert playground["team"]["id"] == org.PLAYGROUND_TEAM_ID == org.PLAYGROUND_GENERAL_CHANNEL_ID
    assert playground["team"]["name"] == org.PLAYGROUND_TEAM_NAME
    channels = {channel["name"]: channel["id"] for channel in playground["team"]["channels"]}
    assert channels == {"Hjemmetjeneste": org.PLAYGROUND_HJEMMETJENESTE_CHANNEL_ID}
    assert playground["groupChat"]["id"] == org.PLAYGROUND_GROUP_CHAT_ID
    assert playground["groupChat"]["name"] == org.PLAYGROUND_GROUP_CHAT_NAME

    mock = [playground["currentUser"], *playground["users"]]
    demo = {person.aad_object_id: person for person in org.PEOPLE if person.aad_object_id}
    assert len(mock) == 6
    assert set(demo) == {user["aadObjectId"] for user in mock}
    for user in mock:
        person = demo[user["aadObjectId"]]
        assert person.teams_user_id == user["id"]
        assert person.name == user["name"]
        assert person.email == user["email"] == user["userPrincipleName"]
    assert demo[playground["currentUser"]["aadObjectId"]].is_project_lead


# -- The data itself.


def test_organisation_is_fictitious_and_well_formed() -> None:
    assert "FICTITIOUS" in (org.__doc__ or "")
    codes = [group.code for group in org.GROUPS]
    assert sorted(codes) == sorted([*WORKING_GROUPS, "STY", "PRO", *OWNER_AND_REFERENCE])
    assert 28 <= len(org.PEOPLE) <= 36
    emails = [person.email for person in org.PEOPLE]
    assert len(set(emails)) == len(emails)
    assert all(re.fullmatch(r"[a-z.]+@digitv\.example", email) for email in emails)
    assert len({person.municipality for person in org.PEOPLE}) >= 12
    for person in org.PEOPLE:
        assert person.language in (None, "nb", "nn")
        assert all(code in codes and role in ("member", "chair") for code, role in person.groups)
    # Most people follow their Teams client's language.
    assert sum(person.language is None for person in org.PEOPLE) > len(org.PEOPLE) / 2
    assert {conversation.group_code for conversation in org.CONVERSATIONS} == {"HJT", "PRO", "STY"}


def test_requirements_are_realistic_in_shape() -> None:
    items = demo_requirements()
    assert 75 <= len(items) <= 90
    keys = [item.key for item in items]
    assert len(set(keys)) == len(keys)
    per_group = Counter(item.group_code for item in items)
    assert set(per_group) == set(WORKING_GROUPS)
    # HJT runs to HJT-014, the README's and the help card's example.
    assert all(8 <= count <= 14 for count in per_group.values())
    for item in items:
        assert re.fullmatch(rf"{item.group_code}-\d{{3}}", item.key)
        assert 0 < len(item.text) <= 4000
        assert len(item.rationale) <= 4000
        assert item.category and item.source
        assert item.status in ("draft", "agreed")
        if item.type == "must":
            assert item.weight is None
            assert "skal" in item.text
        else:
            assert item.type == "should"
            assert item.weight is not None
            assert 1 <= item.weight <= 5
            assert " bør " in item.text
    must = sum(item.type == "must" for item in items)
    assert 0.5 <= must / len(items) <= 0.7
    assert 3 <= sum(item.status == "agreed" for item in items) <= 10
    assert sum(bool(item.rationale) for item in items) >= len(items) / 3


def test_demo_texts_are_filled_in() -> None:
    values = {"groups": 10, "people": 33, "requirements": 84, "created": 84, "changed": 0}
    assert text("nb", "demo.summary", **values) == (
        "demo: 10 grupper, 33 personer, 84 krav (nye: 84, endret: 0)"
    )
    assert text("xx", "demo.failed", reason="r") == text("nb", "demo.failed", reason="r")


# -- Loading into a database, on both backends.


async def _snapshot(db: Database) -> dict[str, Any]:
    """Everything the demo touches, in comparable form."""
    async with db.uow() as uow:
        people = {
            person.email or f"id:{person.id}": (
                person.id,
                person.teams_user_id,
                person.aad_object_id,
                person.name,
                person.municipality_number,
                person.language,
                person.is_admin,
                person.is_project_lead,
            )
            for person in await uow.people.list()
        }
        groups = {}
        for group in await uow.groups.all():
            members = await uow.groups.members(group)
            groups[group.code] = (
                group.name,
                group.kind,
                group.conversation_id,
                sorted((person.email or "", m.role) for person, m in members),
            )
        requirements = {}
        for requirement, code in await uow.requirements.all_with_groups():
            versions = await uow.requirements.versions(requirement)
            requirements[requirement.key] = (code, requirement.version, len(versions))
        participating = sorted(m.number for m in await uow.municipalities.all() if m.participating)
        conversations = {
            c.id: (c.kind, c.service_url, c.team_id) for c in await uow.conversations.list()
        }
    return {
        "people": people,
        "groups": groups,
        "requirements": requirements,
        "participating": participating,
        "conversations": conversations,
    }


async def test_load_demo_into_an_empty_database(db: Database) -> None:
    summary = await load_demo(db)
    assert summary.groups == 16
    assert summary.people == len(org.PEOPLE)
    assert summary.requirements == summary.requirements_created == len(demo_requirements())
    assert summary.requirements_changed == 0
    assert summary.people_created == len(org.PEOPLE)

    state = await _snapshot(db)
    assert len(state["people"]) == len(org.PEOPLE)
    assert len(state["groups"]) == 16
    assert len(state["requirements"]) == summary.requirements
    # The demo's open round put HJT-002..HJT-006 in review (version 2); the rest are as loaded.
    in_review = {f"HJT-00{n}" for n in range(2, 7)}
    for key, (_, version, count) in state["requirements"].items():
        assert (version, count) == ((2, 2) if key in in_review else (1, 1)), key
    participating = {person.municipality for person in org.PEOPLE}
    assert state["participating"] == sorted(participating)
    assert len(participating) >= 12

    async with db.uow() as uow:
        municipality_of = {
            person.id: person.municipality_number for person in await uow.people.list()
        }
        for code in WORKING_GROUPS:
            group = await uow.groups.by_code(code)
            assert group is not None
            assert group.kind == "working"
            members = await uow.groups.members(group)
            assert 3 <= len(members) <= 6, code
            assert [m.role for _, m in members].count("chair") == 1, code
            assert len({municipality_of[person.id] for person, _ in members}) >= 2, code
            requirements = [r for r, c in await uow.requirements.all_with_groups() if c == code]
            assert 8 <= len(requirements) <= 14
        steering = await uow.groups.by_code("STY")
        project = await uow.groups.by_code("PRO")
        assert steering is not None
        assert project is not None
        assert (steering.kind, project.kind) == ("steering", "project")
        steering_members = await uow.groups.members(steering)
        assert 6 <= len(steering_members) <= 8
        assert [m.role for _, m in steering_members].count("chair") == 1
        chairs = [p.name for p, m in await uow.groups.members(project) if m.role == "chair"]
        assert chairs == ["Kari Nordmann"]


async def test_playground_people_have_their_ids_languages_and_roles(db: Database) -> None:
    await load_demo(db)
    expected_groups = {
        "Kari Nordmann": {"PRO", "STY", "HJT"},
        "Ola Hansen": {"HJT"},
        "Ingrid Berg": {"HJT"},
        "Nils Haugen": {"INST"},
        "Sigrid Dahl": {"INST"},
        "Per Olsen": {"STY"},
    }
    async with db.uow() as uow:
        for demo in org.PEOPLE:
            if demo.teams_user_id is None:
                continue
            person = await uow.people.by_teams_id(demo.teams_user_id)
            assert person is not None
            assert demo.aad_object_id is not None
            assert person.aad_object_id == demo.aad_object_id
            assert person.name == demo.name
            assert person.email == demo.email
            assert person.language == "nb"
            assert person.tenant_id == org.PLAYGROUND_TENANT_ID
            groups = {group.code for group, _ in await uow.groups.groups_of(person)}
            assert groups == expected_groups.pop(person.name)
            municipality = await uow.municipalities.find(person.municipality_number or "")
            assert municipality is not None
            # Each answers endorsements as the contact of their (participating) municipality.
            roles = {
                (r.municipality_number, r.role) for r in await uow.municipalities.roles_of(person)
            }
            assert (municipality.number, "contact") in roles and municipality.participating
            # Besides, the steering group's delegates (Kari, Per, Anne Lise) sit for it.
            assert roles <= {(municipality.number, "contact"), (municipality.number, "delegate")}
            if person.name == "Kari Nordmann":
                assert municipality.name == "Tønsberg"
                assert person.is_admin
                assert person.is_project_lead
            else:
                assert not person.is_admin
                assert not person.is_project_lead
        assert expected_groups == {}
        admins = [person.name for person in await uow.people.list() if person.is_admin]
        assert admins == ["Kari Nordmann"]


async def test_groups_are_linked_to_the_playground_conversations(db: Database) -> None:
    await load_demo(db)
    expected = {
        "HJT": (org.PLAYGROUND_HJEMMETJENESTE_CHANNEL_ID, "channel", org.PLAYGROUND_TEAM_ID),
        "PRO": (org.PLAYGROUND_GENERAL_CHANNEL_ID, "channel", org.PLAYGROUND_TEAM_ID),
        "STY": (org.PLAYGROUND_GROUP_CHAT_ID, "groupChat", None),
    }
    async with db.uow() as uow:
        for code, (conversation_id, kind, team_id) in expected.items():
            group = await uow.groups.by_code(code)
            assert group is not None
            assert group.conversation_id == conversation_id
            conversation = await uow.conversations.get(conversation_id)
            assert conversation is not None
            assert conversation.kind == kind
            assert conversation.team_id == team_id
            assert conversation.tenant_id == org.PLAYGROUND_TENANT_ID
            assert conversation.bot_id == org.PLAYGROUND_BOT_ID
            assert conversation.service_url == org.PLAYGROUND_SERVICE_URL
            assert conversation.reference["conversation"]["id"] == conversation_id
            assert conversation.reference["serviceUrl"] == org.PLAYGROUND_SERVICE_URL
            assert [g.code for g in await uow.groups.by_conversation(conversation_id)] == [code]
        others = [g.code for g in await uow.groups.all() if g.conversation_id is None]
        assert sorted(others) == sorted({*WORKING_GROUPS, *OWNER_AND_REFERENCE} - {"HJT"})


async def test_loading_twice_changes_nothing(db: Database) -> None:
    await load_demo(db)
    before = await _snapshot(db)
    again = await load_demo(db)
    assert again.requirements_created == again.requirements_changed == 0
    assert again.people_created == 0
    assert await _snapshot(db) == before


async def test_loading_keeps_other_data_and_restores_demo_rows(db: Database) -> None:
    real_service_url = "https://smba.trafficmanager.net/emea/"
    async with db.uow() as uow:
        # Someone else's group, person and requirement.
        other_group = await uow.groups.add("REF", "Referansegruppe", "reference")
        outsider = await uow.people.add(
            Person(name="Utenfor Demo", email="utenfor@example.org", municipality_number="3901")
        )
        await uow.groups.add_member(other_group, outsider, "chair")
        await uow.requirements.create(
            RequirementData(key="REF-001", group_code="REF", text="Løsningen skal.", type="must"),
            other_group,
            Change(by="test"),
        )
        # Kari has already talked to the bot in the playground's Hjemmetjeneste channel.
        await uow.conversations.save(
            ConversationRecord(
                id=org.PLAYGROUND_HJEMMETJENESTE_CHANNEL_ID,
                kind="channel",
                channel_id="msteams",
                tenant_id=org.PLAYGROUND_TENANT_ID,
                team_id=org.PLAYGROUND_TEAM_ID,
                teams_channel_id=org.PLAYGROUND_HJEMMETJENESTE_CHANNEL_ID,
                name="Hjemmetjeneste",
                service_url=real_service_url,
                bot_id=org.PLAYGROUND_BOT_ID,
                reference={"serviceUrl": real_service_url},
            )
        )
        await uow.people.seen(
            TeamsUser(
                teams_user_id="29:digitv-kari-nordmann",
                aad_object_id="d1617000-0000-4000-8000-000000000101",
                name="Kari Nordmann",
                locale="en-US",
                tenant_id=org.PLAYGROUND_TENANT_ID,
                personal_conversation_id=None,
            )
        )
        await uow.commit()

    summary = await load_demo(db)
    assert summary.people_created == len(org.PEOPLE) - 1

    async with db.uow() as uow:
        kari = await uow.people.by_teams_id("29:digitv-kari-nordmann")
        assert kari is not None
        assert kari.email == "kari.nordmann@digitv.example"
        assert kari.locale == "en-US"
        assert kari.language == "nb"
        assert kari.is_project_lead
        # Demo rows edited after loading ...
        hjt = await uow.groups.by_code("HJT")
        assert hjt is not None
        hjt.name = "Omdøpt"
        kari.language = "en"
        kari.is_admin = False
        requirement = await uow.requirements.by_key("HJT-001")
        assert requirement is not None
        await uow.requirements.update(requirement, {"status": "contested"}, Change(by="test"))
        await uow.commit()

    again = await load_demo(db)
    assert (again.requirements_created, again.requirements_changed) == (0, 1)

    state = await _snapshot(db)
    assert len(state["people"]) == len(org.PEOPLE) + 1
    assert state["people"]["utenfor@example.org"][4] == "3901"
    assert state["groups"]["REF"] == (
        "Referansegruppe",
        "reference",
        None,
        [("utenfor@example.org", "chair")],
    )
    assert state["requirements"]["REF-001"] == ("REF", 1, 1)
    # ... are restored, as a new version where requirements are concerned.
    assert state["requirements"]["HJT-001"] == ("HJT", 3, 3)
    assert state["groups"]["HJT"][0] == "Hjemmetjeneste"
    assert state["people"]["kari.nordmann@digitv.example"][5:] == ("nb", True, True)
    # The conversation the bot already knew keeps its real service URL.
    channel = state["conversations"][org.PLAYGROUND_HJEMMETJENESTE_CHANNEL_ID]
    assert channel == ("channel", real_service_url, org.PLAYGROUND_TEAM_ID)
    assert state["participating"] == sorted({person.municipality for person in org.PEOPLE})


# -- The command line.


def test_cli_loads_the_demo_once(
    clean_env: Path,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("KRAVBOT_DATABASE_URL", database_url)
    count = len(demo_requirements())
    people = len(org.PEOPLE)
    assert main(["demo-data"]) == 0
    assert capsys.readouterr().out.strip() == (
        f"demo: 16 grupper, {people} personer, {count} krav (nye: {count}, endret: 0)"
    )
    assert main(["demo-data"]) == 0
    assert capsys.readouterr().out.strip() == (
        f"demo: 16 grupper, {people} personer, {count} krav (nye: 0, endret: 0)"
    )


def test_cli_migrates_an_empty_database_and_speaks_english(
    clean_env: Path,
    empty_database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("KRAVBOT_DATABASE_URL", empty_database_url)
    monkeypatch.setenv("KRAVBOT_LANGUAGE", "en")
    assert main(["demo-data"]) == 0
    assert capsys.readouterr().out.startswith("demo: 16 groups, ")


def test_cli_reports_an_unreachable_database(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KRAVBOT_DATABASE_URL", f"sqlite+aiosqlite:///{clean_env}/missing/dir/x.db")
    assert main(["demo-data"]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("kravbot: kunne ikke laste demodata: ")
    assert "Traceback" not in captured.err


async def test_the_demo_is_a_project_at_work_on_the_day_it_is_loaded(db: Database) -> None:
    today = date(2026, 11, 30)
    await load_demo(db, today=today)
    await load_demo(db, today=today + timedelta(days=3))  # a second load adds nothing
    async with db.uow() as uow:
        milestones = await uow.milestones.all()
        history = [m for m in milestones if m.due_date.year == 2024]
        assert len(history) == 8 and all(m.status == "done" for m in history)
        current = [m for m in milestones if m.due_date.year != 2024]
        assert any(m.status == "done" and m.due_date < today for m in current)
        open_ = [m for m in current if m.status in ("planned", "in_progress")]
        assert [m.title for m in open_ if m.due_date < today] == [
            "Avklare integrasjoner med fagsystemene"
        ]
        assert [m.title for m in open_ if today <= m.due_date <= today + timedelta(14)] == [
            "Gjennomgang av kravene i arbeidsgruppene"
        ]
        [review] = await uow.reviews.open_rounds()
        assert review.deadline.date() > today
        [poll] = await uow.polls.open_polls()
        assert poll.title == "Mandat for referansegruppene"
        [decision] = await uow.decisions.latest(10)
        assert decision.sequence == 1  # `beslutning 1`, the help card's example
        kinds = {g.code: g.kind for g in await uow.groups.all()}
        assert kinds["STYRET"] == "owner"
        assert sorted(c for c, k in kinds.items() if k == "reference") == sorted(
            ["KSF", "EPJS", "KS", "TV", "RFEH"]
        )
        # Every example of the help card and the README exists in the demo.
        assert await uow.requirements.by_key("HJT-014") is not None
        assert review.id == 1  # `avslutt gjennomgang 1`
