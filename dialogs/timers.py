"""Firing timers: each due timer runs its workflow step once, in one transaction with its effects.

Workflows register a handler per job name in `TIMER_HANDLERS`; the handler gets the unit of
work the timer is claimed in, so what it enqueues (reminders in the outbox) and the claim commit
together or not at all. The scheduler in `bot/` decides *when* to call `fire_due`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from dialogs.context import DialogContext
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

# A timer fired this much after its time is "late": the service was down when it fell due.
LATE_AFTER = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class FiredTimer:
    """What a handler is told about the timer it runs for."""

    key: str
    job: str
    args: dict[str, Any]
    due_at: datetime
    now: datetime
    late: bool


TimerHandler = Callable[[UnitOfWork, DialogContext, FiredTimer], Awaitable[None]]

# Job name -> handler. Workflow modules add their entries (e.g. "review.reminder").
TIMER_HANDLERS: dict[str, TimerHandler] = {}


def timer_handler(job: str) -> Callable[[TimerHandler], TimerHandler]:
    """Register a handler for timers of `job`."""

    def register(handler: TimerHandler) -> TimerHandler:
        if job in TIMER_HANDLERS and TIMER_HANDLERS[job] is not handler:
            raise RuntimeError(f"two handlers for timer job {job!r}")
        TIMER_HANDLERS[job] = handler
        return handler

    return register


async def fire_due(ctx: DialogContext, now: datetime, *, limit: int = 100) -> int:
    """Fire every timer due at `now`, each once even with several processes; returns how many."""
    async with ctx.db.uow() as uow:
        due = [(t.id, t.key) for t in await uow.timers.due(now, limit=limit)]
    fired = 0
    for timer_id, key in due:
        if await _fire_one(ctx, timer_id, now):
            fired += 1
        else:
            log.debug("timer %s was fired elsewhere or cancelled", key)
    return fired


async def _fire_one(ctx: DialogContext, timer_id: int, now: datetime) -> bool:
    async with ctx.db.uow() as uow:
        timer = await uow.timers.by_id(timer_id)
        if timer is None or timer.status != "pending":
            return False
        late = now - timer.due_at > LATE_AFTER
        if not await uow.timers.claim(timer_id, now, late=late):
            return False
        handler = TIMER_HANDLERS.get(timer.job)
        if handler is None:
            log.error("no handler for timer job %r (%s); marked fired", timer.job, timer.key)
        else:
            await handler(
                uow,
                ctx,
                FiredTimer(timer.key, timer.job, dict(timer.args), timer.due_at, now, late),
            )
        await uow.commit()
    return True
