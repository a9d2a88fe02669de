"""Scheduled jobs: module-level functions that APScheduler finds by reference and calls with ids.

A job never holds objects across runs; it reads what it needs from the running service, bound
here by the leader when it starts the scheduler (`bind`). Other features register cron jobs with
`register_cron`, e.g. a weekly digest::

    register_cron("digest.weekly", "dialogs_jobs:weekly_digest", day_of_week="mon", hour=8,
                  minute=30)

The scheduler applies every registration when this process becomes leader (in the configured
time zone, Europe/Oslo by default), with `coalesce` and a `misfire_grace_time`: a run missed
while no process was up is made once after start, if it is no older than the grace time.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dialogs.context import DialogContext
from dialogs.timers import fire_due
from storage.models import utcnow

log = logging.getLogger(__name__)

# A cron job missed by more than this (the service was down) is skipped, not run late.
CRON_MISFIRE_GRACE = 6 * 3600


@dataclass(frozen=True, slots=True)
class CronJob:
    """A registered cron job: `func_ref` is "module:function" (a module-level function)."""

    job_id: str
    func_ref: str
    cron: dict[str, Any]
    args: tuple[Any, ...] = ()
    misfire_grace_time: int = CRON_MISFIRE_GRACE


CRON_JOBS: dict[str, CronJob] = {}


def register_cron(
    job_id: str,
    func_ref: str,
    *,
    args: tuple[Any, ...] = (),
    misfire_grace_time: int = CRON_MISFIRE_GRACE,
    **cron: Any,
) -> CronJob:
    """Run `func_ref` on a cron schedule (APScheduler's CronTrigger fields: day_of_week, hour...).

    Registering the same id again replaces the schedule. Takes effect at the next leader start.
    """
    if ":" not in func_ref:
        raise ValueError("func_ref must be 'module:function'")
    job = CronJob(job_id, func_ref, dict(cron), tuple(args), misfire_grace_time)
    CRON_JOBS[job_id] = job
    return job


@dataclass(slots=True)
class JobRuntime:
    """What jobs may use while this process leads."""

    ctx: DialogContext
    # Called with when the next timer is due after each firing, to plan an exact wake-up.
    plan_next: Callable[[datetime | None], Awaitable[None]] | None = None


_runtime: JobRuntime | None = None


def bind(runtime: JobRuntime | None) -> None:
    """Give jobs the running service (None when the process stops leading)."""
    global _runtime
    _runtime = runtime


def runtime() -> JobRuntime:
    """The running service; a job started without one fails loudly."""
    if _runtime is None:
        raise RuntimeError("no job runtime bound: jobs run only in the leading process")
    return _runtime


async def fire_timers() -> int:
    """Fire every due workflow timer (once each, even across processes); plan the next one."""
    current = runtime()
    fired = 0
    while True:
        batch = await fire_due(current.ctx, utcnow())
        fired += batch
        if batch < 100:
            break
    if fired:
        log.info("fired %d timer(s)", fired)
    if current.plan_next is not None:
        async with current.ctx.db.uow() as uow:
            next_due = await uow.timers.next_due()
        await current.plan_next(next_due)
    return fired
