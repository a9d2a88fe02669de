"""Delivery with real `kravbot serve` processes: kill -9 mid-broadcast, leader fail-over, and
the event loop's responsiveness during a broadcast."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import select

from storage.database import Database
from storage.models import OutboxMessage, Timer, utcnow
from tests.emulator import ConnectorEmulator
from tests.support.outbox import (
    add_conversations,
    conversation_ids,
    delivered,
    enqueue_texts,
    wait_settled,
)
from tests.support.processes import Child, emulator_process, start_kravbot, tail


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def _sending(db: Database) -> set[str]:
    async with db.uow() as uow:
        keys = await uow.session.scalars(
            select(OutboxMessage.key).where(OutboxMessage.status == "sending")
        )
        return set(keys.all())


# The default KRAVBOT_OUTBOX_CONCURRENCY: the most rows one crash can leave `sending`.
DEFAULT_WINDOW = 16


@pytest.mark.parametrize("backend", ["postgresql"])
async def test_kill_9_mid_broadcast_then_restart(
    db: Database, database_url: str, tmp_path: Path
) -> None:
    async with ConnectorEmulator(tenant_limit=100) as emulator:
        ids = conversation_ids(400)
        await add_conversations(db, ids, emulator.url)
        keys = [(f"crash-{c}", c) for c in ids]
        await enqueue_texts(db, keys)
        env = {"KRAVBOT_TENANT_RATE": "100"}
        log = tmp_path / "serve.log"
        in_flight: set[str] = set()
        for crash in range(2):
            child = await start_kravbot(database_url, log, env=env)
            # Kill while the broadcast is under way, at a different point each time.
            await emulator.wait_for_sent(60 + 120 * crash, timeout=30)
            child.kill()
            await child.process.wait()
            # Rows of the first crash stay `sending` until its term's lease runs out.
            at_kill = await _sending(db) - in_flight
            assert len(at_kill) <= DEFAULT_WINDOW, len(at_kill)
            in_flight |= at_kill
        child = await start_kravbot(database_url, log, env=env)
        try:
            counts = await wait_settled(db, timeout=60)
        finally:
            await child.stop()
    assert counts == {"sent": 400}, tail(log)
    got = delivered(emulator.sent())
    assert set(got) == {key for key, _ in keys}
    duplicates = sum(n - 1 for n in got.values())
    twice = {key for key, n in got.items() if n > 1}
    print(f"2 crashes: {len(in_flight)} message(s) sending at the kills, {duplicates} duplicate(s)")
    # Only messages that were `sending` when the process died can come twice, each once:
    # with the default window, at most 16 duplicates per crash.
    assert max(got.values()) <= 2
    assert twice <= in_flight, twice - in_flight
    assert duplicates <= 2 * DEFAULT_WINDOW
    assert "sending them again" in tail(log, 100_000) or not in_flight


@pytest.mark.parametrize("backend", ["postgresql"])
async def test_two_processes_one_leader_fail_over_within_15_s(
    db: Database, database_url: str, tmp_path: Path, http: aiohttp.ClientSession
) -> None:
    async with ConnectorEmulator() as emulator:
        ids = conversation_ids(24, prefix="a:timer")
        await add_conversations(db, ids, emulator.url)
        env = {"KRAVBOT_LEADER_RETRY": "1", "KRAVBOT_TIMER_INTERVAL": "1"}
        module = ("tests.support.timer_app",)
        children = [
            await start_kravbot(database_url, tmp_path / f"serve{i}.log", module=module, env=env)
            for i in range(2)
        ]
        try:
            roles = await _roles(http, children)
            assert sorted(roles.values()) == ["leader", "standby"], roles
            # Timers from now on (a loaded machine may take a while to start both processes).
            start = utcnow()
            async with db.uow() as uow:
                for n, conversation_id in enumerate(ids):
                    await uow.timers.schedule(
                        f"t{n:02d}",
                        "test.ping",
                        start + timedelta(seconds=3 + n * 0.5),
                        {"conversation": conversation_id},
                    )
                await uow.commit()
            leader = next(c for c in children if roles[c.pid] == "leader")
            survivor = next(c for c in children if c is not leader)
            await emulator.wait_for_sent(6, timeout=20)
            leader.kill()
            await leader.process.wait()
            killed_at = utcnow()
            await _all_fired(db, timeout=40)
            # A send the killed leader had on the wire is sent again once its lease (20 s)
            # has run out.
            counts = await wait_settled(db, timeout=45)
            assert (await _roles(http, [survivor]))[survivor.pid] == "leader"
        finally:
            for child in children:
                await child.stop()
    async with db.uow() as uow:
        timers = list((await uow.session.scalars(select(Timer))).all())
    assert all(t.status == "fired" for t in timers)
    assert counts == {"sent": 24}  # one outbox message per timer: each fired exactly once
    got = delivered(emulator.sent())
    assert {text.split()[0] for text in got} == {f"t{n:02d}" for n in range(24)}
    # The killed leader may have had sends in flight: at most its window, each once more.
    assert sum(got.values()) <= 24 + DEFAULT_WINDOW
    delays = []
    for timer in timers:
        assert timer.fired_at is not None
        expected = max(timer.due_at, killed_at)
        delays.append((timer.fired_at - expected).total_seconds())
        assert timer.fired_at - expected < timedelta(seconds=15), (timer.key, timer.fired_at)
    print(f"timers: latest firing {max(delays):.1f} s after due (or after the leader's death)")
    after_kill = [t for t in timers if t.due_at > killed_at]
    assert after_kill, "the leader was killed after every timer was due"


async def _all_fired(db: Database, *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        async with db.uow() as uow:
            pending = await uow.timers.pending()
        if not pending:
            return
        assert time.monotonic() < deadline, [t.key for t in pending]
        await asyncio.sleep(0.2)


async def _roles(http: aiohttp.ClientSession, children: list[Child]) -> dict[int, str]:
    deadline = time.monotonic() + 20
    while True:
        roles = {}
        for child in children:
            _, body = await child.get(http, "/readyz")
            roles[child.pid] = body["outbox"]["role"]
        if "leader" in roles.values() or time.monotonic() > deadline:
            return roles
        await asyncio.sleep(0.2)


async def test_healthz_stays_fast_during_a_1000_message_broadcast(
    db: Database, database_url: str, tmp_path: Path, http: aiohttp.ClientSession
) -> None:
    async with emulator_process("--tenant-limit", "300", "--max-records", "5000") as url:
        ids = conversation_ids(1000)
        await add_conversations(db, ids, url)
        env = {"KRAVBOT_TENANT_RATE": "300"}
        child = await start_kravbot(database_url, tmp_path / "serve.log", env=env)
        try:
            latencies: list[float] = []
            await enqueue_texts(db, [(f"b-{c}", c) for c in ids])
            started = time.monotonic()
            sent = 0
            while sent < 1000 and time.monotonic() - started < 60:
                t0 = time.perf_counter()
                async with http.get(child.url + "/healthz") as response:
                    assert response.status == 200
                latencies.append(time.perf_counter() - t0)
                if len(latencies) % 10 == 0:
                    async with http.get(url + "_emulator/stats") as response:
                        stats = await response.json()
                    sent = int(stats["sent"])
                await asyncio.sleep(0.01)
            _, ready = await child.get(http, "/readyz")
        finally:
            await child.stop()
    assert sent == 1000, stats
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    print(
        f"healthz during broadcast: n={len(latencies)} median="
        f"{statistics.median(latencies) * 1000:.1f} ms p99={p99 * 1000:.1f} ms "
        f"max={latencies[-1] * 1000:.1f} ms"
    )
    assert p99 < 0.100, p99
    assert ready["outbox"]["role"] == "leader"
