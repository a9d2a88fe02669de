"""The scheduler: workflow timers on time and late ones once after start; cron registration."""

from __future__ import annotations

import asyncio
import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import create_engine, text

from bot import jobs
from bot.offloop import in_daemon_thread
from bot.scheduler import CRON_PREFIX, Scheduler, sync_database_url
from dialogs.kernel.context import DialogContext
from dialogs.kernel.registry import CronJob, FiredTimer, Registry, Workflow
from storage.database import Database
from storage.models import utcnow
from storage.uow import UnitOfWork
from tests.support.registry import app_registry

FIRED: list[FiredTimer] = []
CRON_RUNS: list[str] = []


def _probe(label: str) -> CronJob:
    async def run(ctx: DialogContext, registry: Registry, now: datetime) -> None:
        CRON_RUNS.append(label)

    fields: dict[str, str | int] = (
        {"second": "*"} if label == "tick" else {"day_of_week": "mon", "hour": 8, "minute": 30}
    )
    return CronJob(f"test.{label}", run, fields)


async def _record(uow: UnitOfWork, ctx: DialogContext, timer: FiredTimer) -> None:
    FIRED.append(timer)


@pytest.fixture
def registry() -> Registry:
    FIRED.clear()
    return app_registry(Workflow("test", timers={"test.scheduler": _record}))


def test_sync_database_urls() -> None:
    assert sync_database_url("sqlite+aiosqlite:////tmp/k.db") == "sqlite:////tmp/k.db"
    assert (
        sync_database_url("postgresql+asyncpg://u:p@h:5432/db")
        == "postgresql+psycopg://u:p@h:5432/db"
    )


async def test_late_timers_fire_once_after_start_and_due_ones_on_time(
    db: Database, database_url: str, registry: Registry
) -> None:
    now = utcnow()
    async with db.uow() as uow:
        await uow.timers.schedule("late", "test.scheduler", now - timedelta(hours=2), {})
        await uow.timers.schedule("soon", "test.scheduler", now + timedelta(seconds=1.5), {})
        await uow.timers.schedule("later", "test.scheduler", now + timedelta(hours=1), {})
        await uow.commit()
    # A long interval: only the exact date job can fire "soon" on time.
    scheduler = Scheduler(DialogContext(db=db), registry, database_url, timer_interval=30)
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


async def test_cron_jobs_are_registered_persisted_and_run(db: Database, database_url: str) -> None:
    CRON_RUNS.clear()
    both = Registry(
        [Workflow("test", cron_jobs=(_probe("tick"), _probe("weekly")))], timer_kinds=()
    )
    scheduler = Scheduler(DialogContext(db=db), both, database_url, timer_interval=30)
    await scheduler.start()
    await asyncio.sleep(2.2)
    await scheduler.stop()
    engine = create_engine(sync_database_url(database_url))
    try:
        with engine.connect() as connection:
            stored = sorted(
                row[0] for row in connection.execute(text("SELECT id FROM apscheduler_jobs"))
            )
        # A job no workflow declares any more is removed at the next start.
        weekly = Registry([Workflow("test", cron_jobs=(_probe("weekly"),))], timer_kinds=())
        scheduler = Scheduler(DialogContext(db=db), weekly, database_url, timer_interval=30)
        await scheduler.start()
        await scheduler.stop()
        with engine.connect() as connection:
            after = sorted(
                row[0] for row in connection.execute(text("SELECT id FROM apscheduler_jobs"))
            )
    finally:
        engine.dispose()
    assert CRON_RUNS.count("tick") >= 1 and "weekly" not in CRON_RUNS
    assert stored == [CRON_PREFIX + "test.tick", CRON_PREFIX + "test.weekly"]
    assert after == [CRON_PREFIX + "test.weekly"]


async def test_jobs_after_stepping_down_do_nothing_and_say_so(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # APScheduler may hand a job to the loop just before the process stops leading.
    jobs.bind(None)
    with caplog.at_level("INFO", logger="bot.jobs"):
        assert await jobs.fire_timers() == 0
        assert await jobs.run_cron("digest.weekly") is None
    skipped = [r for r in caplog.records if "no longer leads" in r.getMessage()]
    assert len(skipped) == 2 and all(r.exc_info is None for r in skipped)
    with pytest.raises(RuntimeError, match="leading process"):
        jobs.runtime()


def test_a_late_stop_of_an_old_term_leaves_the_new_terms_runtime_bound(db: Database) -> None:
    # Stepping down and being elected again in one process: the old scheduler's bounded stop
    # may finish after the new one bound its runtime.
    old = jobs.JobRuntime(DialogContext(db=db), app_registry())
    new = jobs.JobRuntime(DialogContext(db=db), app_registry())
    jobs.bind(old)
    jobs.bind(new)
    jobs.unbind(old)
    assert jobs.runtime() is new
    jobs.unbind(new)
    with pytest.raises(RuntimeError, match="leading process"):
        jobs.runtime()


def test_a_call_into_the_job_store_that_never_returns_holds_up_no_shutdown() -> None:
    # asyncio.to_thread would leave the call in the loop's default executor, whose shutdown
    # (asyncio.run's last step, and the service's on SIGTERM) then waits for it forever.
    release = threading.Event()

    async def main() -> None:
        assert await in_daemon_thread(lambda: 41 + 1) == 42
        with pytest.raises(ZeroDivisionError):
            await in_daemon_thread(lambda: 1 // 0)
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(in_daemon_thread(release.wait), 0.2)

    finished = threading.Event()

    def run() -> None:
        asyncio.run(main())
        finished.set()

    threading.Thread(target=run, daemon=True).start()
    try:
        assert finished.wait(20), "the loop's shutdown waited for the hung call"
    finally:
        release.set()
