"""Delivery under production pressure: fencing of old leaders, a Teams outage, a frozen
database, and replies to people during a full-rate broadcast (issue #12)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.leader import LOCK_KEY
from storage.database import Database
from storage.models import utcnow
from tests.emulator import ConnectorEmulator
from tests.support import activities as act
from tests.support.botserver import RunningBot, running_bot, settings_for
from tests.support.outbox import (
    add_conversations,
    conversation_ids,
    delivered,
    dispatcher_for,
    enqueue_texts,
    new_term,
    wait_settled,
)
from tests.support.processes import FreezableProxy, start_kravbot, tail


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


# ---------------------------------------------------------------------- terms, in storage


async def test_a_fenced_term_claims_nothing_and_its_rows_wait_until_it_is_over(
    db: Database,
) -> None:
    await enqueue_texts(db, [("a", "a:x"), ("b", "a:x")])
    old = await new_term(db, lease=60)
    async with db.uow() as uow:
        [first, second] = await uow.dispatch.due_for(("a:x", None), utcnow(), limit=5)
        assert await uow.dispatch.claim(first.id, utcnow(), epoch=old.epoch) == "claimed"
        await uow.commit()
    new = await new_term(db, lease=60)
    assert new.epoch > old.epoch
    async with db.uow() as uow:
        # The old leader (lock lost, process alive) can claim nothing more ...
        assert await uow.dispatch.claim(second.id, utcnow(), epoch=old.epoch) == "fenced"
        # ... and the new one leaves the old term's row alone while that term may be sending.
        assert await uow.dispatch.recover(new.epoch, utcnow()) == 0
        assert await uow.dispatch.sending_of_live_terms(new.epoch, utcnow()) == 1
        # The old leader records what it had on the wire.
        assert await uow.dispatch.sent(first.id, "activity-1", utcnow(), epoch=old.epoch)
        await uow.commit()
    async with db.uow() as uow:
        assert await uow.dispatch.claim(second.id, utcnow(), epoch=new.epoch) == "claimed"
        await uow.commit()
    async with db.uow() as uow:
        assert await uow.dispatch.statuses(["a", "b"]) == {"a": "sent", "b": "sending"}


async def test_rows_of_a_term_are_recovered_when_it_ends_or_its_lease_runs_out(
    db: Database,
) -> None:
    await enqueue_texts(db, [("a", "a:x"), ("b", "a:y")])
    ended = await new_term(db, lease=60)
    async with db.uow() as uow:
        [a] = await uow.dispatch.due_for(("a:x", None), utcnow(), limit=1)
        assert await uow.dispatch.claim(a.id, utcnow(), epoch=ended.epoch) == "claimed"
        await uow.dispatch.end_term(ended.epoch, utcnow())
        await uow.commit()
    expiring = await new_term(db, lease=0.3)
    async with db.uow() as uow:
        [b] = await uow.dispatch.due_for(("a:y", None), utcnow(), limit=1)
        assert await uow.dispatch.claim(b.id, utcnow(), epoch=expiring.epoch) == "claimed"
        await uow.commit()
    current = await new_term(db, lease=60)
    async with db.uow() as uow:
        assert await uow.dispatch.recover(current.epoch, utcnow()) == 1  # the ended term's
        await uow.commit()
    async with db.uow() as uow:
        later = utcnow() + timedelta(seconds=1)
        assert await uow.dispatch.recover(current.epoch, later) == 1  # lease ran out
        await uow.commit()
    async with db.uow() as uow:
        assert await uow.dispatch.statuses(["a", "b"]) == {"a": "pending", "b": "pending"}


# ---------------------------------------------------------------------- lock connection drop


async def _leader(bots: list[RunningBot], *, timeout: float = 20) -> RunningBot:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for bot in bots:
            background = bot.services.background
            if background is not None and background.dispatcher.running:
                return bot
        await asyncio.sleep(0.05)
    raise AssertionError("no leader")


@pytest.mark.parametrize("backend", ["postgresql"])
async def test_dropping_the_leaders_lock_connection_duplicates_nothing(
    db: Database, database_url: str
) -> None:
    async with ConnectorEmulator(tenant_limit=100, latency=0.15) as emulator:
        ids = conversation_ids(300, prefix="a:fence")
        await add_conversations(db, ids, emulator.url)
        settings = settings_for(database_url, leader_retry=0.5, tenant_rate=100)
        async with (
            running_bot(settings, background=True) as first,
            running_bot(settings, background=True) as second,
        ):
            leader = await _leader([first, second])
            term = leader.services.background.leadership.term  # type: ignore[union-attr]
            assert term is not None
            await enqueue_texts(db, [(f"f-{c}", c) for c in ids])
            await emulator.wait_for_sent(60, timeout=30)
            async with db.engine.connect() as connection:
                holder = await connection.scalar(
                    text(
                        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
                        "AND ((classid::bigint << 32) | objid::bigint) = :key"
                    ),
                    {"key": LOCK_KEY},
                )
                assert holder is not None
                await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": holder})
                await connection.commit()
            counts = await wait_settled(db, timeout=90)
            new_leader = await _leader([first, second])
            new_term_ = new_leader.services.background.leadership.term  # type: ignore[union-attr]
    assert counts == {"sent": 300}
    got = delivered(emulator.sent())
    assert set(got) == {f"f-{c}" for c in ids}
    assert max(got.values()) == 1, {k: n for k, n in got.items() if n > 1}
    assert new_term_ is not None and new_term_.epoch > term.epoch


# ---------------------------------------------------------------------- Teams outage


async def test_a_long_teams_outage_loses_nothing_and_the_backlog_drains_after_it(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    """A 10-minute outage, shortened: backoff 0.05 s doubling to a 0.3 s cap (the old eight
    attempts would have given up after about 5 s), Teams down for 8 s, reported after 2 s."""
    caplog.set_level(logging.INFO, logger="bot.dispatcher")
    async with ConnectorEmulator(tenant_limit=300) as emulator:
        ids = conversation_ids(100, prefix="a:out")
        await add_conversations(db, ids, emulator.url)
        emulator.set_outage(503)
        dispatcher, connector = dispatcher_for(
            db, tenant_rate=300, retry_base=0.05, retry_cap=0.3, outage_after=2.0
        )
        await dispatcher.start(await new_term(db))
        try:
            await enqueue_texts(db, [(f"o-{c}", c) for c in ids])
            await asyncio.sleep(8)
            assert dispatcher.health()["teams"] == "failing"
            async with db.uow() as uow:
                counts = await uow.outbox.counts()
                waiting, since, error = await uow.outbox.failing()
            assert counts.get("dead", 0) == 0 and waiting >= 1 and since is not None
            assert error is not None and "503" in error
            emulator.set_outage(None)
            recovered = time.monotonic()
            counts = await wait_settled(db, timeout=60)
            drained = time.monotonic() - recovered
        finally:
            await dispatcher.stop()
            await connector.close()
    assert counts == {"sent": 100}
    got = delivered(emulator.sent())
    assert len(got) == 100 and max(got.values()) == 1
    assert dispatcher.health() == {"teams": "ok"}
    warnings = [r for r in caplog.records if "Teams has been failing" in r.getMessage()]
    assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING
    assert any("Teams answers again" in r.getMessage() for r in caplog.records)
    print(f"backlog of 100 drained {drained:.1f} s after Teams recovered")
    assert drained < 20


# ---------------------------------------------------------------------- replies first


async def test_every_reply_arrives_during_a_full_rate_broadcast(
    db: Database, database_url: str
) -> None:
    async with ConnectorEmulator(latency=0.15) as emulator:  # Teams' 30/s tenant limit
        ids = conversation_ids(300, prefix="a:bc")
        await add_conversations(db, ids, emulator.url, tenant=act.TENANT)
        settings = settings_for(database_url, tenant_rate=30)
        async with running_bot(settings, background=True) as bot:
            await _leader([bot])
            await enqueue_texts(db, [(f"b-{c}", c) for c in ids])
            await emulator.wait_for_sent(30, timeout=20)
            people = [act.User(f"29:p{n}", f"P{n}", f"aad-p{n}") for n in range(20)]
            turns = []
            for person in people:  # 20 people asking for help at 2 per second
                where = act.Where(id=f"a:personal-{person.id}")
                activity = act.message("hjelp", emulator.url, user=person, where=where)
                turns.append(asyncio.create_task(bot.post(activity)))
                await asyncio.sleep(0.5)
            answers = await asyncio.gather(*turns)
            counts = await wait_settled(db, timeout=60)
    assert all(status == 200 for status, _ in answers)
    assert counts == {"sent": 300}
    for person in people:
        [reply] = emulator.sent(f"a:personal-{person.id}")
        assert reply.get("attachments"), reply  # the help card, not an error text
    stats = emulator.stats()
    print(f"broadcast with replies: {stats['throttled']} of {stats['received']} answered 429")


# ---------------------------------------------------------------------- a frozen database


@pytest.mark.parametrize("backend", ["postgresql"])
async def test_a_frozen_database_leaves_healthz_answering_and_readyz_503(
    db: Database, database_url: str, tmp_path: Path, http: aiohttp.ClientSession
) -> None:
    url = make_url(database_url)
    proxy = FreezableProxy(url.host or "127.0.0.1", url.port or 5432)
    await proxy.start()
    proxied = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    async with ConnectorEmulator() as emulator:
        await add_conversations(db, ["a:frozen"], emulator.url)
        log = tmp_path / "serve.log"
        child = await start_kravbot(
            proxied, log, env={"KRAVBOT_LEADER_RETRY": "1", "KRAVBOT_TIMER_INTERVAL": "1"}
        )
        try:
            status, _ = await child.get(http, "/readyz")
            assert status == 200
            proxy.freeze()
            frozen = time.monotonic()
            not_ready_after = None
            slowest = 0.0
            while time.monotonic() - frozen < 12:
                started = time.monotonic()
                status, _ = await child.get(http, "/healthz")
                slowest = max(slowest, time.monotonic() - started)
                assert status == 200
                if not_ready_after is None:
                    async with http.get(child.url + "/readyz") as response:
                        if response.status == 503:
                            not_ready_after = time.monotonic() - frozen
                await asyncio.sleep(0.1)
            assert slowest < 0.1, slowest
            assert not_ready_after is not None and not_ready_after < 5, not_ready_after
            proxy.thaw()
            await enqueue_texts(db, [("after-thaw", "a:frozen")])
            await emulator.wait_for_sent(1, timeout=60)
            status, _ = await child.get(http, "/readyz")
            assert status == 200
        finally:
            proxy.thaw()
            await child.stop()
            await proxy.stop()
    print(
        f"frozen database: /readyz 503 after {not_ready_after:.1f} s, slowest /healthz "
        f"{slowest * 1000:.0f} ms"
    )
    assert "Traceback" not in tail(log, 100_000), tail(log)
