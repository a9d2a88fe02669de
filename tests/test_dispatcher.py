"""The outbox dispatcher against the Teams connector emulator (in this process)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.connector import ConnectorClient
from bot.dispatcher import Dispatcher
from bot.throttle import Window
from dialogs.kernel.delivery import send_to_person
from storage.database import Database
from storage.models import Conversation, OutboxMessage, Person, utcnow
from tests.emulator import DEFAULT_TENANT_ID, ConnectorEmulator, Member, RateWindow
from tests.support.outbox import (
    add_conversations,
    conversation_ids,
    delivered,
    dispatcher_for,
    enqueue_texts,
    new_term,
    statuses,
    wait_settled,
)

# Teams' windows shrunk tenfold for tests that check logic, not Teams' numbers.
FAST = (Window(7, 0.1), Window(8, 0.2), Window(60, 3.0))
FAST_EMULATED = tuple(RateWindow(w.limit, w.seconds) for w in FAST)


@pytest.fixture
async def fast_emulator() -> AsyncIterator[ConnectorEmulator]:
    async with ConnectorEmulator(
        send_windows=FAST_EMULATED, tenant_limit=300, fractional_retry_after=True
    ) as emulator:
        yield emulator


async def _stop(dispatcher: Dispatcher, connector: ConnectorClient) -> None:
    await dispatcher.stop()
    await connector.close()


@pytest.mark.parametrize("backend", ["postgresql"])
async def test_500_messages_to_100_conversations_on_teams_real_limits(
    db: Database, connector_emulator: ConnectorEmulator
) -> None:
    """Teams' real numbers (7/1 s, 8/2 s, 60/30 s, 1800/h per conversation, 30/s per tenant)."""
    ids = conversation_ids(100)
    await add_conversations(db, ids, connector_emulator.url)
    keys = [(f"m{i:03d}-{c}", c) for i in range(5) for c in ids]
    await enqueue_texts(db, keys)
    dispatcher, connector = dispatcher_for(db)  # defaults: Teams' numbers
    started = time.monotonic()
    await dispatcher.start(await new_term(db))
    try:
        counts = await wait_settled(db, timeout=60)
    finally:
        await _stop(dispatcher, connector)
    elapsed = time.monotonic() - started
    assert counts == {"sent": 500}
    got = delivered(connector_emulator.sent())
    assert set(got) == {key for key, _ in keys}
    assert max(got.values()) == 1
    stats = connector_emulator.stats()
    assert stats["throttled"] <= 0.01 * stats["received"], stats
    # 500 requests at 30 per second cannot take less than 16 s; pacing should not add much.
    assert elapsed < 16.0 * 1.25, elapsed


async def test_faults_everything_still_delivered_exactly_once(
    db: Database, fast_emulator: ConnectorEmulator
) -> None:
    ids = conversation_ids(20)
    await add_conversations(db, ids, fast_emulator.url)
    keys = [(f"m{i}-{c}", c) for i in range(6) for c in ids]
    await enqueue_texts(db, keys)
    fast_emulator.inject(429, times=10, retry_after=0.2)
    fast_emulator.inject(500, times=5)
    fast_emulator.inject(502, times=3)
    fast_emulator.inject(504, times=3)
    fast_emulator.inject(503, times=3, conversation_id=ids[3])
    fast_emulator.inject(412, times=2, conversation_id=ids[4])
    fast_emulator.inject(delay=0.5, times=10)  # slow answers
    dispatcher, connector = dispatcher_for(
        db, windows=FAST, tenant_rate=300, retry_base=0.05, retry_cap=1.0
    )
    await dispatcher.start(await new_term(db))
    try:
        counts = await wait_settled(db, timeout=60)
    finally:
        await _stop(dispatcher, connector)
    assert counts == {"sent": len(keys)}
    got = delivered(fast_emulator.sent())
    assert set(got) == {key for key, _ in keys}
    assert max(got.values()) == 1
    assert dispatcher.stats.retried >= 26
    assert not fast_emulator.faults


async def test_connection_errors_are_retried(
    db: Database, fast_emulator: ConnectorEmulator
) -> None:
    await add_conversations(db, ["a:one"], "http://127.0.0.1:9/")  # nothing listens there
    await enqueue_texts(db, [("k", "a:one")])
    dispatcher, connector = dispatcher_for(
        db, windows=FAST, tenant_rate=300, retry_base=0.05, retry_cap=0.2, retry_budget=0.5
    )
    await dispatcher.start(await new_term(db))
    try:
        counts = await wait_settled(db, timeout=20)
    finally:
        await _stop(dispatcher, connector)
    assert counts == {"dead": 1}
    async with db.uow() as uow:
        message = await uow.outbox.by_key("k")
    assert message is not None and message.attempts >= 2
    assert "still failing after" in (message.last_error or "")


async def test_message_writes_blocked_blocks_the_conversation(
    db: Database, fast_emulator: ConnectorEmulator
) -> None:
    ids = ["a:blocker", "a:fine"]
    await add_conversations(db, ids, fast_emulator.url)
    await enqueue_texts(db, [(f"m{i}-{c}", c) for i in range(5) for c in ids])
    fast_emulator.inject(
        403, code="MessageWritesBlocked", conversation_id="a:blocker", message="blocked"
    )
    dispatcher, connector = dispatcher_for(db, windows=FAST, tenant_rate=300)
    await dispatcher.start(await new_term(db))
    try:
        counts = await wait_settled(db, timeout=20)
        # Later messages to the blocked conversation are not even tried.
        await enqueue_texts(db, [("later", "a:blocker")])
        counts = await wait_settled(db, timeout=20)
    finally:
        await _stop(dispatcher, connector)
    assert counts == {"sent": 5, "blocked": 6}
    assert fast_emulator.count(conversation_id="a:blocker") == 1
    async with db.uow() as uow:
        conversation = await uow.conversations.get("a:blocker")
    assert conversation is not None and conversation.blocked_at is not None


async def test_dead_once_the_retry_budget_is_spent_with_the_reason(
    db: Database, fast_emulator: ConnectorEmulator
) -> None:
    await add_conversations(db, ["a:down", "a:up"], fast_emulator.url)
    await enqueue_texts(db, [("to-down", "a:down"), ("to-up", "a:up")])
    fast_emulator.inject(500, conversation_id="a:down", message="always broken")
    dispatcher, connector = dispatcher_for(
        db, windows=FAST, tenant_rate=300, retry_budget=0.5, retry_base=0.02, retry_cap=0.1
    )
    await dispatcher.start(await new_term(db))
    try:
        counts = await wait_settled(db, timeout=20)
    finally:
        await _stop(dispatcher, connector)
    assert counts == {"sent": 1, "dead": 1}
    tries = fast_emulator.count(conversation_id="a:down")
    assert tries >= 2
    async with db.uow() as uow:
        message = await uow.outbox.by_key("to-down")
    assert message is not None and message.status == "dead" and message.attempts == tries
    assert "500" in (message.last_error or "") and "always broken" in (message.last_error or "")


async def test_not_retryable_is_dead_at_once(
    db: Database, fast_emulator: ConnectorEmulator
) -> None:
    await add_conversations(db, ["a:c"], fast_emulator.url)
    await enqueue_texts(db, [("too-big", "a:c")])
    fast_emulator.inject(413, times=1)
    dispatcher, connector = dispatcher_for(db, windows=FAST, tenant_rate=300)
    await dispatcher.start(await new_term(db))
    try:
        assert await wait_settled(db, timeout=10) == {"dead": 1}
    finally:
        await _stop(dispatcher, connector)


async def test_ten_updates_of_one_card_are_one_put_with_the_latest(
    db: Database, fast_emulator: ConnectorEmulator
) -> None:
    await add_conversations(db, ["a:card"], fast_emulator.url)
    async with db.uow() as uow:
        await uow.outbox.enqueue(
            key="card", conversation_id="a:card", activity={"type": "message", "text": "v0"}
        )
        for version in range(1, 11):
            await uow.outbox.enqueue(
                key=f"card:v{version}",
                kind="update",
                card_ref="card",
                conversation_id="a:card",
                activity={"type": "message", "text": f"v{version}"},
            )
        await uow.commit()
    dispatcher, connector = dispatcher_for(db, windows=FAST, tenant_rate=300)
    await dispatcher.start(await new_term(db))
    try:
        counts = await wait_settled(db, timeout=10)
    finally:
        await _stop(dispatcher, connector)
    assert counts == {"sent": 2, "superseded": 9}
    puts = [r for r in fast_emulator.records if r.operation == "update"]
    assert len(puts) == 1 and puts[0].body["text"] == "v10"
    [original] = fast_emulator.sent("a:card")
    assert fast_emulator.activity("a:card", original["id"])["text"] == "v10"  # type: ignore[index]
    assert (await statuses(db, ["card:v10"])) == {"card:v10": "sent"}


async def test_an_update_waits_for_the_original_send(
    db: Database, fast_emulator: ConnectorEmulator
) -> None:
    await add_conversations(db, ["a:card"], fast_emulator.url)
    async with db.uow() as uow:
        await uow.outbox.enqueue(
            key="card",
            conversation_id="a:card",
            activity={"type": "message", "text": "v0"},
            not_before=utcnow() + timedelta(seconds=1),
        )
        await uow.outbox.enqueue(
            key="card:v1",
            kind="update",
            card_ref="card",
            conversation_id="a:card",
            activity={"type": "message", "text": "v1"},
        )
        await uow.commit()
    dispatcher, connector = dispatcher_for(db, windows=FAST, tenant_rate=300)
    await dispatcher.start(await new_term(db))
    try:
        counts = await wait_settled(db, timeout=10)
    finally:
        await _stop(dispatcher, connector)
    assert counts == {"sent": 2}
    operations = [r.operation for r in fast_emulator.records]
    assert operations == ["send", "update"]


async def test_personal_conversation_created_once_and_reused(
    db: Database, fast_emulator: ConnectorEmulator
) -> None:
    # A channel the bot knows in the tenant gives the service URL and the bot id.
    await add_conversations(db, ["19:general@thread.tacv2"], fast_emulator.url)
    fast_emulator.add_conversation("19:general@thread.tacv2", kind="channel")
    kari = Member(id="29:kari", name="Kari", aad_object_id="aad-kari")
    async with db.uow() as uow:
        person = await uow.people.add(
            Person(name="Kari", teams_user_id=kari.id, tenant_id=DEFAULT_TENANT_ID)
        )
        await uow.commit()
        person_id = person.id
    dispatcher, connector = dispatcher_for(db, windows=FAST, tenant_rate=300)
    await dispatcher.start(await new_term(db))
    try:
        for n in range(3):
            async with db.uow() as uow:
                await send_to_person(uow, key=f"hello-{n}", person_id=person_id, text=f"hei {n}")
                await uow.commit()
            await wait_settled(db, timeout=10)
    finally:
        await _stop(dispatcher, connector)
    creates = [r for r in fast_emulator.records if r.operation == "create_conversation"]
    assert len(creates) == 1
    body = creates[0].body
    assert body["members"] == [{"id": "29:kari"}] and body["isGroup"] is False
    assert body["channelData"] == {"tenant": {"id": DEFAULT_TENANT_ID}}
    async with db.uow() as uow:
        stored = await uow.people.get(person_id)
        assert stored is not None and stored.personal_conversation_id
        conversation = await uow.conversations.get(stored.personal_conversation_id)
        rows = (await uow.session.scalars(select(OutboxMessage))).all()
    assert conversation is not None and conversation.kind == "personal"
    assert [m["text"] for m in fast_emulator.sent(conversation.id)] == ["hei 0", "hei 1", "hei 2"]
    assert {r.conversation_id for r in rows} == {conversation.id}
    assert isinstance(conversation, Conversation)


async def test_wakes_up_promptly_when_this_process_enqueues(
    db: Database, fast_emulator: ConnectorEmulator
) -> None:
    await add_conversations(db, ["a:quick"], fast_emulator.url)
    # A long poll interval: only the in-process notification can explain a quick send.
    dispatcher, connector = dispatcher_for(db, windows=FAST, tenant_rate=300, poll_interval=30)
    await dispatcher.start(await new_term(db))
    try:
        await asyncio.sleep(0.2)  # the loop is now waiting
        latencies = []
        for n in range(5):
            started = time.monotonic()
            await enqueue_texts(db, [(f"quick-{n}", "a:quick")])
            await fast_emulator.wait_for_sent(n + 1, timeout=5)
            latencies.append(time.monotonic() - started)
    finally:
        await _stop(dispatcher, connector)
    assert max(latencies) < 0.5, latencies


async def test_stop_lets_sends_in_flight_finish(
    db: Database, fast_emulator: ConnectorEmulator
) -> None:
    await add_conversations(db, ["a:slow"], fast_emulator.url)
    await enqueue_texts(db, [("slow", "a:slow"), ("next", "a:slow")])
    fast_emulator.inject(delay=1.0, times=1)
    dispatcher, connector = dispatcher_for(db, windows=FAST, tenant_rate=300)
    await dispatcher.start(await new_term(db))
    await asyncio.sleep(0.5)  # the first send is on the wire
    await dispatcher.stop(timeout=5)
    await connector.close()
    assert await statuses(db, ["slow", "next"]) == {"slow": "sent", "next": "pending"}
    assert delivered(fast_emulator.sent()) == {"slow": 1}


async def test_a_person_who_cannot_be_reached_ends_dead(
    db: Database, fast_emulator: ConnectorEmulator
) -> None:
    await add_conversations(db, ["19:general@thread.tacv2"], fast_emulator.url)
    async with db.uow() as uow:
        flaky = await uow.people.add(
            Person(name="Flaky", teams_user_id="29:flaky", tenant_id=DEFAULT_TENANT_ID)
        )
        nobody = await uow.people.add(Person(name="No ids", tenant_id=DEFAULT_TENANT_ID))
        await uow.commit()
        ids = flaky.id, nobody.id
    fast_emulator.inject(502, operation="create_conversation")
    dispatcher, connector = dispatcher_for(
        db, windows=FAST, tenant_rate=300, retry_budget=0.4, retry_base=0.02, retry_cap=0.1
    )
    await dispatcher.start(await new_term(db))
    try:
        for n, person_id in enumerate(ids):
            async with db.uow() as uow:
                await send_to_person(uow, key=f"p{n}", person_id=person_id, text="hei")
                await uow.commit()
        counts = await wait_settled(db, timeout=20)
    finally:
        await _stop(dispatcher, connector)
    assert counts == {"dead": 2}
    creates = fast_emulator.count(operation="create_conversation")
    assert creates >= 2
    async with db.uow() as uow:
        first, second = await uow.outbox.by_key("p0"), await uow.outbox.by_key("p1")
    assert first is not None and "502" in (first.last_error or "")
    assert second is not None and "no Teams or Entra id" in (second.last_error or "")
