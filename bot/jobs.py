"""Scheduled jobs: module-level functions that APScheduler finds by reference and calls with ids.

A job never holds objects across runs; it reads what it needs from the running service, bound
here by the leader when it starts the scheduler (`bind`). Cron jobs are declared by workflows
(`Workflow.cron_jobs`, e.g. the weekly digest) and reach the scheduler through the registry the
composition root builds: `cron_entries(registry)` turns each into an APScheduler entry that
calls `run_cron(job_id)`.

The scheduler applies every entry when this process becomes leader (in the configured time
zone, Europe/Oslo by default), with `coalesce` and a `misfire_grace_time`: a run missed while no
process was up is made once after start, if it is no older than the grace time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot import metrics
from dialogs.kernel.context import DialogContext
from dialogs.kernel.registry import Registry
from dialogs.kernel.timers import fire_due
from storage.models import utcnow

log = logging.getLogger(__name__)

# A cron job missed by more than this (the service was down) is skipped, not run late.
CRON_MISFIRE_GRACE = 6 * 3600
# Every cron entry calls this function with its job id.
RUN_CRON = "bot.jobs:run_cron"


@dataclass(frozen=True, slots=True)
class CronEntry:
    """A cron job as the scheduler stores it: `func_ref` is "module:function"."""

    job_id: str
    func_ref: str
    cron: dict[str, Any]
    args: tuple[Any, ...] = ()
    misfire_grace_time: int = CRON_MISFIRE_GRACE


def cron_entries(registry: Registry) -> dict[str, CronEntry]:
    """Every workflow's cron jobs, by id, as scheduler entries."""
    return {
        job.job_id: CronEntry(job.job_id, RUN_CRON, dict(job.cron), (job.job_id,))
        for job in registry.cron_jobs
    }


@dataclass(slots=True)
class JobRuntime:
    """What jobs may use while this process leads."""

    ctx: DialogContext
    registry: Registry
    # Called with when the next timer is due after each firing, to plan an exact wake-up.
    plan_next: Callable[[datetime | None], Awaitable[None]] | None = None


_runtime: JobRuntime | None = None


def bind(runtime: JobRuntime | None) -> None:
    """Give jobs the running service (None when the process stops leading)."""
    global _runtime
    _runtime = runtime


def unbind(bound: JobRuntime | None) -> None:
    """Forget `bound` if it is still the bound runtime: a scheduler stopping late (its stop is
    bounded and off the loop) must not unbind the one a new leader term has started since."""
    global _runtime
    if bound is not None and _runtime is bound:
        _runtime = None


def runtime() -> JobRuntime:
    """The running service; a job started without one fails loudly."""
    if _runtime is None:
        raise RuntimeError("no job runtime bound: jobs run only in the leading process")
    return _runtime


async def _quietly(name: str, work: Awaitable[object]) -> object:
    # A job stopped at step-down or shutdown, or failing in a database outage, is one log line:
    # the next run (or the next leader) takes over, and a traceback would only hide real ones.
    try:
        return await work
    except asyncio.CancelledError:
        log.info("job %s stopped before it finished", name)
    except (OSError, TimeoutError, SQLAlchemyError) as exc:
        log.warning("job %s failed: %s", name, type(exc).__name__)
    return None


def _leading(job: str) -> JobRuntime | None:
    # A job APScheduler handed to the loop just before this process stepped down (or shut
    # down) finds no runtime: it did nothing wrong and does nothing; the next leader runs it.
    if _runtime is None:
        log.info("job %s skipped: this process no longer leads", job)
    return _runtime


async def run_cron(job_id: str) -> object:
    """Run the workflow cron job `job_id` (a job no workflow declares any more is logged)."""
    current = _leading(job_id)
    if current is None:
        return None
    job = current.registry.cron(job_id)
    if job is None:
        log.warning("cron job %s is no longer declared by any workflow", job_id)
        return None
    return await _quietly(job_id, job.run(current.ctx, current.registry, utcnow()))


async def fire_timers() -> int:
    """Fire every due workflow timer (once each, even across processes); plan the next one."""
    current = _leading("timers")
    if current is None:
        return 0
    fired = await _quietly("timers", _fire_timers(current))
    return fired if isinstance(fired, int) else 0


async def _fire_timers(current: JobRuntime) -> int:
    async with current.ctx.db.read() as uow:
        metrics.observe_timer_lag(await uow.timers.next_due(), utcnow())
    fired = 0
    while True:
        batch = await fire_due(current.ctx, current.registry, utcnow())
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
