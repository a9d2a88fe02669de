"""The scheduler: workflow timers on time and late ones once after start; cron registration."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, text

from bot import jobs
from bot.scheduler import CRON_PREFIX, Scheduler, sync_database_url
from dialogs.context import DialogContext
from dialogs.timers import TIMER_HANDLERS, FiredTimer
from storage.database import Database
from storage.models import utcnow
from storage.uow import UnitOfWork

FIRED: list[FiredTimer] = []
CRON_RUNS: list[str] = []


async def cron_probe(label: str) -> None:
    CRON_RUNS.append(label)


@pytest.fixture
def handler() -> Iterator[None]:
    async def record(uow: UnitOfWork, ctx: DialogContext, timer: FiredTimer) -> None:
        FIRED.append(timer)

    FIRED.clear()
    TIMER_HANDLERS["test.scheduler"] = record
    yield
    TIMER_HANDLERS.pop("test.scheduler", None)


def test_sync_database_urls() -> None:
    assert sync_database_url("sqlite+aiosqlite:////tmp/k.db") == "sqlite:////tmp/k.db"
    assert (
        sync_database_url("postgresql+asyncpg://u:p@h:5432/db")
        == "postgresql+psycopg://u:p@h:5432/db"
    )


async def test_late_timers_fire_once_after_start_and_due_ones_on_time(
    db: Database, database_url: str, handler: None
) -> None:
    now = utcnow()
    async with db.uow() as uow:
        await uow.timers.schedule("late", "test.scheduler", now - timedelta(hours=2), {})
        await uow.timers.schedule("soon", "test.scheduler", now + timedelta(seconds=1.5), {})
        await uow.timers.schedule("later", "test.scheduler", now + timedelta(hours=1), {})
        await uow.commit()
    # A long interval: only the exact date job can fire "soon" on time.
    scheduler = Scheduler(DialogContext(db=db), database_url, timer_interval=30)
    await scheduler.start()
    try:
        for _ in range(60):
            if len(FIRED) >= 2:
                break
            await asyncio.sleep(0.1)
    finally:
        await scheduler.stop()
    assert [t.key for t in FIRED] == ["late", "soon"]
    late, soon = FIRED
    assert late.late and not soon.late
    assert soon.now - soon.due_at < timedelta(seconds=1), soon
    async with db.uow() as uow:
        assert [t.key for t in await uow.timers.pending()] == ["later"]


async def test_cron_jobs_are_registered_persisted_and_run(
    db: Database, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The registry is process-wide (the app registers the digest when it is built): this test
    # looks at its own jobs only.
    monkeypatch.setattr(jobs, "CRON_JOBS", {})
    CRON_RUNS.clear()
    jobs.register_cron("test.every-second", f"{__name__}:cron_probe", args=("tick",), second="*")
    jobs.register_cron(
        "test.weekly",
        f"{__name__}:cron_probe",
        args=("digest",),
        day_of_week="mon",
        hour=8,
        minute=30,
    )
    scheduler = Scheduler(DialogContext(db=db), database_url, timer_interval=30)
    await scheduler.start()
    await asyncio.sleep(2.2)
    await scheduler.stop()
    engine = create_engine(sync_database_url(database_url))
    try:
        with engine.connect() as connection:
            stored = sorted(
                row[0] for row in connection.execute(text("SELECT id FROM apscheduler_jobs"))
            )
        # A job no longer registered is removed at the next start.
        del jobs.CRON_JOBS["test.every-second"]
        await scheduler.start()
        await scheduler.stop()
        with engine.connect() as connection:
            after = sorted(
                row[0] for row in connection.execute(text("SELECT id FROM apscheduler_jobs"))
            )
    finally:
        engine.dispose()
    assert CRON_RUNS.count("tick") >= 1 and "digest" not in CRON_RUNS
    assert stored == [CRON_PREFIX + "test.every-second", CRON_PREFIX + "test.weekly"]
    assert after == [CRON_PREFIX + "test.weekly"]


async def test_jobs_without_a_leader_fail_loudly() -> None:
    jobs.bind(None)
    with pytest.raises(RuntimeError, match="leading process"):
        await jobs.fire_timers()
