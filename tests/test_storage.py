"""Migrations and repositories on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

from sqlalchemy import inspect

from storage.conversations import ConversationRecord
from storage.database import Database
from storage.migrate import current_revision, downgrade, head_revision, upgrade
from storage.people import TeamsUser


def _conversation(
    service_url: str = "https://smba.example/emea/", **changes: object
) -> ConversationRecord:
    values: dict[str, object] = {
        "id": "19:abc@thread.tacv2",
        "kind": "channel",
        "channel_id": "msteams",
        "tenant_id": "tenant-1",
        "team_id": "19:team@thread.tacv2",
        "teams_channel_id": "19:abc@thread.tacv2",
        "name": "Hjemmetjeneste",
        "service_url": service_url,
        "bot_id": "28:bot",
        "reference": {"serviceUrl": service_url},
    }
    values.update(changes)
    return ConversationRecord(**values)  # type: ignore[arg-type]


async def test_migrations_apply_from_empty_and_round_trip(empty_database_url: str) -> None:
    db = Database(empty_database_url)
    try:
        assert await current_revision(db.engine) is None
        await upgrade(db.engine)
        assert await current_revision(db.engine) == head_revision()
        async with db.engine.connect() as conn:
            tables = await conn.run_sync(lambda sync: set(inspect(sync).get_table_names()))
        assert {"conversations", "people", "alembic_version"} <= tables
        await downgrade(db.engine, "base")
        async with db.engine.connect() as conn:
            tables = await conn.run_sync(lambda sync: set(inspect(sync).get_table_names()))
        assert tables <= {"alembic_version"}
        await upgrade(db.engine)
        assert await current_revision(db.engine) == head_revision()
    finally:
        await db.dispose()


async def test_upgrade_twice_is_harmless(db: Database) -> None:
    await upgrade(db.engine)
    assert await current_revision(db.engine) == head_revision()


async def test_conversation_refreshes_service_url_and_keeps_known_fields(db: Database) -> None:
    async with db.uow() as uow:
        await uow.conversations.save(_conversation(), installed=True)
        await uow.commit()
    # A later activity from another region, without team or tenant details.
    moved = _conversation("https://smba.example/amer/", tenant_id=None, team_id=None, name=None)
    async with db.uow() as uow:
        await uow.conversations.save(moved)
        await uow.commit()
    async with db.uow() as uow:
        stored = await uow.conversations.get("19:abc@thread.tacv2")
    assert stored is not None
    assert stored.service_url == "https://smba.example/amer/"
    assert stored.reference == {"serviceUrl": "https://smba.example/amer/"}
    assert stored.tenant_id == "tenant-1"
    assert stored.team_id == "19:team@thread.tacv2"
    assert stored.name == "Hjemmetjeneste"
    assert stored.installed is True
    assert stored.updated_at >= stored.created_at


async def test_uninstall_is_remembered(db: Database) -> None:
    async with db.uow() as uow:
        await uow.conversations.save(_conversation(), installed=True)
        await uow.commit()
    async with db.uow() as uow:
        await uow.conversations.save(_conversation(), installed=False)
        await uow.commit()
    async with db.uow() as uow:
        stored = await uow.conversations.get("19:abc@thread.tacv2")
    assert stored is not None and stored.installed is False


async def test_uncommitted_work_is_rolled_back(db: Database) -> None:
    async with db.uow() as uow:
        await uow.conversations.save(_conversation())
    async with db.uow() as uow:
        assert await uow.conversations.get("19:abc@thread.tacv2") is None


async def test_people_seen_concurrently_leave_one_row(db: Database) -> None:
    async with db.uow() as uow:
        await uow.conversations.save(_conversation(id="a:1", kind="personal"))
        await uow.commit()

    async def seen(name: str) -> None:
        async with db.uow() as uow:
            await uow.people.seen(
                TeamsUser("29:kari", "aad-kari", name, "nn-NO", "tenant-1", "a:1")
            )
            await uow.commit()

    await asyncio.gather(*(seen(f"Kari {i}") for i in range(20)))
    async with db.uow() as uow:
        people = await uow.people.list()
    assert len(people) == 1
    person = people[0]
    assert person.teams_user_id == "29:kari"
    assert person.personal_conversation_id == "a:1"
    assert person.locale == "nn-NO"
    assert person.first_seen_at is not None and person.last_seen_at is not None
    assert person.last_seen_at >= person.first_seen_at


async def test_a_burst_of_first_turns_writes_once(db: Database) -> None:
    from dialogs.kernel.recorder import ConversationRecorder

    recorder = ConversationRecorder(db)
    conversation = _conversation(id="a:burst", kind="personal")
    user = TeamsUser("29:burst", "aad-burst", "Kari", "nb-NO", "tenant-1", "a:burst")
    written = await asyncio.gather(*(recorder.record(conversation, user) for _ in range(20)))
    assert written.count(True) == 1
    async with db.uow() as uow:
        assert (await uow.people.by_teams_id("29:burst")) is not None


async def test_search_folds_norwegian_letters(db: Database) -> None:
    from storage.requirements import Change, RequirementData

    async with db.uow() as uow:
        group = await uow.groups.add("HJT", "Hjemmetjeneste", "working")
        text = "Systemet skal vise ØKONOMISKE konsekvenser i Årsrapporten"
        await uow.requirements.create(
            RequirementData("HJT-001", "HJT", text, "must"), group, Change("t")
        )
        await uow.commit()
    async with db.uow() as uow:
        for word in ("økonomiske", "ÅRSRAPPORTEN", "systemet"):
            assert [r.key for r in await uow.requirements.search(word)] == ["HJT-001"], word
