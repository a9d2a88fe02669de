"""Firing timers: each due timer runs its workflow step once, in one transaction with its effects.

The registry (built at start-up, see `dialogs.kernel.registry`) names the handler of each timer
kind; the handler gets the unit of work the timer is claimed in, so what it enqueues (reminders
in the outbox) and the claim commit together or not at all. A timer of a kind no workflow
handles is never claimed: it stays pending, is logged, and start-up refuses to run with it.
The scheduler in `bot/` decides *when* to call `fire_due`.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from dialogs.kernel.context import DialogContext
from dialogs.kernel.registry import FiredTimer, Registry

log = logging.getLogger(__name__)

# A timer fired this much after its time is "late": the service was not running when it fell
# due. The scheduler checks every few seconds, so a minute is well beyond a normal delay.
LATE_AFTER = timedelta(minutes=1)

__all__ = ["LATE_AFTER", "FiredTimer", "fire_due"]


async def fire_due(
    ctx: DialogContext, registry: Registry, now: datetime, *, limit: int = 100
) -> int:
    """Fire every timer due at `now`, each once even with several processes; returns how many."""
    async with ctx.db.uow() as uow:
        due = await uow.timers.due(now, limit=limit, jobs=registry.timers.keys())
        ids = [(t.id, t.key) for t in due]
    fired = 0
    for timer_id, key in ids:
        if await _fire_one(ctx, registry, timer_id, now):
            fired += 1
        else:
            log.debug("timer %s was fired elsewhere or cancelled", key)
    return fired


async def _fire_one(ctx: DialogContext, registry: Registry, timer_id: int, now: datetime) -> bool:
    async with ctx.db.uow() as uow:
        timer = await uow.timers.by_id(timer_id)
        if timer is None or timer.status != "pending":
            return False
        handler = registry.timers.get(timer.job)
        if handler is None:
            log.error("no handler for timer job %r (%s); left pending", timer.job, timer.key)
            return False
        late = now - timer.due_at > LATE_AFTER
        if not await uow.timers.claim(timer_id, now, late=late):
            return False
        fired = FiredTimer(timer.key, timer.job, dict(timer.args), timer.due_at, now, late)
        await handler(uow, ctx, fired)
        await uow.commit()
    return True
