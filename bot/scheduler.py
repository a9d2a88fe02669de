"""The scheduler of the leading process: APScheduler 3 on the event loop.

Two job stores:

- `default`: APScheduler's SQLAlchemyJobStore in Kravbot's own database (table
  `apscheduler_jobs`, synchronous driver derived from KRAVBOT_DATABASE_URL). Cron jobs live
  here, so that a run missed while the service was down is known at the next start (made once,
  `coalesce`, within its `misfire_grace_time`).
- `memory`: the timer jobs, rebuilt from code and the `timers` table at every start: an interval
  job every KRAVBOT_TIMER_INTERVAL seconds, which also runs once at start (timers that fell due
  while the service was down fire then, marked late), plus one date job at the next due timer so
  that reminders are on time to the second. They are not persisted on purpose: APScheduler 3
  writes its job store synchronously on the event loop, and a write every few seconds into the
  SQLite file would wait on our own open transactions.

Every job is a module-level function in `bot.jobs` referenced by name and gets only ids; the
workflows' cron jobs come from the registry built by the composition root (`bot/bootstrap.py`).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.executors.asyncio import AsyncIOExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.engine import make_url

from bot import jobs
from dialogs.kernel.context import DialogContext
from dialogs.kernel.registry import Registry

log = logging.getLogger(__name__)

TIMERS_JOB = "kravbot.timers"
NEXT_TIMER_JOB = "kravbot.timers.next"
CRON_PREFIX = "cron:"
JOBS_TABLE = "apscheduler_jobs"
# A tick of the timer job may be this late (a busy loop, a slow database) and still run.
TIMER_MISFIRE_GRACE = 60


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
    ) -> None:
        self._ctx = ctx
        self._registry = registry
        self._url = sync_database_url(database_url)
        self._interval = timer_interval
        self._scheduler: AsyncIOScheduler | None = None
        self._planned: datetime | None = None

    @property
    def running(self) -> bool:
        return self._scheduler is not None and bool(self._scheduler.running)

    def start(self) -> None:
        """Bind the jobs' runtime, open the job stores and add every job."""
        engine_options: dict[str, Any] = {}
        if self._url.startswith("sqlite"):
            # Never hold the event loop long behind our own writers (see the module doc).
            engine_options["connect_args"] = {"timeout": 2}
        else:
            engine_options["pool_pre_ping"] = True
        scheduler = AsyncIOScheduler(
            jobstores={
                "default": SQLAlchemyJobStore(
                    url=self._url, tablename=JOBS_TABLE, engine_options=engine_options
                ),
                "memory": MemoryJobStore(),
            },
            executors={"default": AsyncIOExecutor()},
            job_defaults={"coalesce": True, "max_instances": 1},
            timezone=self._ctx.timezone,
        )
        jobs.bind(jobs.JobRuntime(self._ctx, self._registry, self.plan_next))
        scheduler.start()
        self._scheduler = scheduler
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
        wanted = jobs.cron_entries(self._registry)
        self._apply_cron_jobs(scheduler, wanted)
        log.info("scheduler started (%d cron job(s))", len(wanted))

    def _apply_cron_jobs(
        self, scheduler: AsyncIOScheduler, wanted: dict[str, jobs.CronEntry]
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

    async def plan_next(self, due: datetime | None) -> None:
        """Wake up exactly when the next timer is due (if before the next interval tick)."""
        scheduler = self._scheduler
        if scheduler is None or due is None:
            return
        now = datetime.now(UTC)
        if due - now >= timedelta(seconds=self._interval) or due == self._planned:
            return
        self._planned = due
        scheduler.add_job(
            "bot.jobs:fire_timers",
            DateTrigger(run_date=max(due, now), timezone=UTC),
            id=NEXT_TIMER_JOB,
            jobstore="memory",
            replace_existing=True,
            coalesce=True,
            misfire_grace_time=TIMER_MISFIRE_GRACE,
            max_instances=1,
        )

    def wake(self) -> None:
        """Check the timers now (e.g. after a workflow scheduled one due soon)."""
        if self._scheduler is not None:
            job = self._scheduler.get_job(TIMERS_JOB, jobstore="memory")
            if job is not None:
                job.modify(next_run_time=datetime.now(UTC))

    def stop(self) -> None:
        """Stop firing; a job already running finishes in its own task."""
        scheduler, self._scheduler = self._scheduler, None
        if scheduler is not None and scheduler.running:
            scheduler.shutdown(wait=False)
        jobs.bind(None)
        self._planned = None
