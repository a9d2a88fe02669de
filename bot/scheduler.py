"""The scheduler of the leading process: APScheduler 3, never blocking the event loop.

Two job stores:

- `default`: APScheduler's SQLAlchemyJobStore in Kravbot's own database (table
  `apscheduler_jobs`, synchronous driver derived from KRAVBOT_DATABASE_URL, with connect and
  statement timeouts). Cron jobs live here, so that a run missed while the service was down is
  known at the next start (made once, `coalesce`, within its `misfire_grace_time`).
- `memory`: the timer jobs, rebuilt from code and the `timers` table at every start: an interval
  job every KRAVBOT_TIMER_INTERVAL seconds, which also runs once at start (timers that fell due
  while the service was down fire then, marked late), plus one date job at the next due timer so
  that reminders are on time to the second.

The job store is synchronous, so APScheduler runs in a thread of its own (`BackgroundScheduler`)
and every call into it from the event loop (start, adding or waking jobs, stop) goes through a
daemon thread of its own with a bounded wait: a hung database stalls that thread, never the
loop nor its shutdown (which would wait forever for a thread of its default executor). The jobs
themselves are coroutines run on the event loop (`LoopExecutor`), with the async database.

Every job is a module-level function in `bot.jobs` referenced by name and gets only ids. Where
the jobs come from (timer firing, and the cron jobs the workflows declare in the registry built
by the composition root, `bot/bootstrap.py`) is in `_add_jobs` alone.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from apscheduler.executors.base import BaseExecutor, run_coroutine_job
from apscheduler.job import Job
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.engine import make_url

from bot import jobs
from bot.offloop import in_daemon_thread
from dialogs.kernel.context import DialogContext
from dialogs.kernel.registry import Registry

log = logging.getLogger(__name__)
T = TypeVar("T")

TIMERS_JOB = "kravbot.timers"
NEXT_TIMER_JOB = "kravbot.timers.next"
CRON_PREFIX = "cron:"
JOBS_TABLE = "apscheduler_jobs"
# A tick of the timer job may be this late (a busy loop, a slow database) and still run.
TIMER_MISFIRE_GRACE = 60


class LoopExecutor(BaseExecutor):  # type: ignore[misc]
    """Runs coroutine jobs on the event loop, submitted from APScheduler's own thread."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self._loop = loop
        self._futures: set[concurrent.futures.Future[Any]] = set()

    def _do_submit_job(self, job: Job, run_times: list[datetime]) -> None:
        if self._loop.is_closed():
            # A scheduler whose stop timed out outlived its loop: nothing can run any more.
            log.info("scheduler: job %s skipped, its event loop is closed", job.id)
            return
        coroutine = run_coroutine_job(job, job._jobstore_alias, run_times, self._logger.name)
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        self._futures.add(future)

        def done(finished: concurrent.futures.Future[Any]) -> None:
            self._futures.discard(finished)
            try:
                events = finished.result()
            except BaseException as exc:  # noqa: BLE001 - e.g. a hung database: one line
                log.warning("scheduler: job %s did not complete (%s)", job.id, type(exc).__name__)
                self._run_job_success(job.id, [])
            else:
                self._run_job_success(job.id, events)

        future.add_done_callback(done)

    def shutdown(self, wait: bool = True) -> None:
        for future in list(self._futures):
            future.cancel()
        self._futures.clear()


def sync_database_url(url: str) -> str:
    """The synchronous twin of an async database URL (for APScheduler's job store)."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return parsed.set(drivername="sqlite").render_as_string(hide_password=False)
    if backend == "postgresql":
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    raise ValueError(f"unsupported database {backend!r}")


class Scheduler:
    """Starts APScheduler with Kravbot's jobs; one per leading process."""

    def __init__(
        self,
        ctx: DialogContext,
        registry: Registry,
        database_url: str,
        *,
        timer_interval: float = 5.0,
        connect_timeout: float = 5.0,
        statement_timeout: float = 30.0,
        call_timeout: float = 10.0,
    ) -> None:
        self._ctx = ctx
        self._registry = registry
        self._url = sync_database_url(database_url)
        self._interval = timer_interval
        self._connect_timeout = connect_timeout
        self._statement_timeout = statement_timeout
        self._call_timeout = call_timeout
        self._scheduler: BackgroundScheduler | None = None
        self._planned: datetime | None = None
        self._runtime: jobs.JobRuntime | None = None

    @property
    def running(self) -> bool:
        return self._scheduler is not None and bool(self._scheduler.running)

    async def start(self) -> None:
        """Bind the jobs' runtime, open the job stores (off the loop) and add every job."""
        scheduler = BackgroundScheduler(
            jobstores={
                "default": SQLAlchemyJobStore(
                    url=self._url, tablename=JOBS_TABLE, engine_options=self._engine_options()
                ),
                "memory": MemoryJobStore(),
            },
            executors={"default": LoopExecutor(asyncio.get_running_loop())},
            job_defaults={"coalesce": True, "max_instances": 1},
            timezone=self._ctx.timezone,
            daemon=True,
        )
        self._runtime = jobs.JobRuntime(self._ctx, self._registry, self.plan_next)
        jobs.bind(self._runtime)
        self._scheduler = scheduler
        try:
            await self._off_loop(lambda: self._start_blocking(scheduler))
        except Exception as exc:  # noqa: BLE001 - the timers still run; cron jobs wait
            log.warning("scheduler: could not open the job store (%s); timers only", exc)
        log.info("scheduler started (%d cron job(s))", len(self._registry.cron_jobs))

    def _engine_options(self) -> dict[str, Any]:
        if self._url.startswith("sqlite"):
            # Never wait long behind our own writers in the SQLite file.
            return {"connect_args": {"timeout": 2}, "hide_parameters": True}
        statement_ms = int(self._statement_timeout * 1000)
        return {
            "hide_parameters": True,
            "pool_pre_ping": True,
            "pool_timeout": self._connect_timeout,
            "connect_args": {
                "connect_timeout": max(1, round(self._connect_timeout)),
                "options": f"-c statement_timeout={statement_ms}",
            },
        }

    def _start_blocking(self, scheduler: BackgroundScheduler) -> None:
        # Start paused so that nothing runs before the jobs are in place.
        scheduler.start(paused=True)
        self._add_jobs(scheduler)
        scheduler.resume()

    def _add_jobs(self, scheduler: BackgroundScheduler) -> None:
        """The jobs of a leader: timer firing (`dialogs.kernel.timers.fire_due` through
        `bot.jobs.fire_timers`) and the workflows' cron jobs (the weekly digest)."""
        scheduler.add_job(
            "bot.jobs:fire_timers",
            IntervalTrigger(seconds=self._interval, timezone=UTC),
            id=TIMERS_JOB,
            jobstore="memory",
            replace_existing=True,
            coalesce=True,
            misfire_grace_time=TIMER_MISFIRE_GRACE,
            max_instances=1,
            next_run_time=datetime.now(UTC),
        )
        self._apply_cron_jobs(scheduler, jobs.cron_entries(self._registry))

    def _apply_cron_jobs(
        self, scheduler: BackgroundScheduler, wanted: dict[str, jobs.CronEntry]
    ) -> None:
        for job in scheduler.get_jobs(jobstore="default"):
            if job.id.startswith(CRON_PREFIX) and job.id[len(CRON_PREFIX) :] not in wanted:
                log.info("removing cron job %s (no longer registered)", job.id)
                job.remove()
        for cron in wanted.values():
            scheduler.add_job(
                cron.func_ref,
                CronTrigger(timezone=self._ctx.timezone, **cron.cron),
                args=cron.args,
                id=CRON_PREFIX + cron.job_id,
                jobstore="default",
                replace_existing=True,
                coalesce=True,
                misfire_grace_time=cron.misfire_grace_time,
                max_instances=1,
            )

    async def _off_loop(self, call: Callable[[], T]) -> T:
        """Run a blocking call into APScheduler in a daemon thread, waiting a bounded time."""
        return await asyncio.wait_for(in_daemon_thread(call), self._call_timeout)

    async def plan_next(self, due: datetime | None) -> None:
        """Wake up exactly when the next timer is due (if before the next interval tick)."""
        scheduler = self._scheduler
        if scheduler is None or due is None:
            return
        now = datetime.now(UTC)
        if due - now >= timedelta(seconds=self._interval) or due == self._planned:
            return
        self._planned = due
        await self._off_loop(
            lambda: scheduler.add_job(
                "bot.jobs:fire_timers",
                DateTrigger(run_date=max(due, now), timezone=UTC),
                id=NEXT_TIMER_JOB,
                jobstore="memory",
                replace_existing=True,
                coalesce=True,
                misfire_grace_time=TIMER_MISFIRE_GRACE,
                max_instances=1,
            )
        )

    async def wake(self) -> None:
        """Check the timers now (e.g. after a workflow scheduled one due soon)."""
        scheduler = self._scheduler
        if scheduler is None:
            return

        def modify() -> None:
            job = scheduler.get_job(TIMERS_JOB, jobstore="memory")
            if job is not None:
                job.modify(next_run_time=datetime.now(UTC))

        await self._off_loop(modify)

    async def stop(self) -> None:
        """Stop firing; a job already running finishes in its own task. Never hangs."""
        scheduler, self._scheduler = self._scheduler, None
        jobs.unbind(self._runtime)
        self._planned = None
        if scheduler is None:
            return

        def shutdown() -> None:
            if scheduler.running:
                scheduler.shutdown(wait=False)

        try:
            await self._off_loop(shutdown)
        except Exception as exc:  # noqa: BLE001 - a hung job store: its daemon thread is left
            log.warning("scheduler: did not stop cleanly (%s)", type(exc).__name__)
