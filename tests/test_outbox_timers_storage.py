"""The outbox and timer tables that workflows write in their own transactions."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from dialogs.kernel.context import DialogContext
from dialogs.kernel.registry import FiredTimer, RegistryError, Workflow
from dialogs.kernel.timers import fire_due
from storage.database import Database
from storage.models import utcnow
from storage.uow import UnitOfWork
from tests.support.registry import app_registry


async def test_enqueue_is_idempotent_by_key(db: Database) -> None:
    for _ in range(3):
        async with db.uow() as uow:
            await uow.outbox.enqueue(key="k1", activity={"text": "hei"}, conversation_id="a:1")
            await uow.commit()
    async with db.uow() as uow:
        assert await uow.outbox.counts() == {"pending": 1}
        message = await uow.outbox.by_key("k1")
    assert message is not None and message.activity == {"text": "hei"}


async def test_enqueue_needs_exactly_one_target(db: Database) -> None:
    async with db.uow() as uow:
        with pytest.raises(ValueError, match="exactly one"):
            await uow.outbox.enqueue(key="k", activity={})
        with pytest.raises(ValueError, match="card_ref"):
            await uow.outbox.enqueue(key="k", activity={}, conversation_id="a:1", kind="update")


async def test_rolled_back_work_enqueues_nothing(db: Database) -> None:
    async with db.uow() as uow:
        await uow.outbox.enqueue(key="k1", activity={"text": "hei"}, conversation_id="a:1")
    async with db.uow() as uow:
        assert await uow.outbox.counts() == {}


async def test_timers_move_cancel_and_fire_once(db: Database) -> None:
    fired: list[FiredTimer] = []

    async def handler(uow: UnitOfWork, ctx: DialogContext, timer: FiredTimer) -> None:
        fired.append(timer)
        await uow.outbox.enqueue(
            key=f"out:{timer.key}", activity={"text": "påminnelse"}, conversation_id="a:1"
        )

    registry = app_registry(Workflow("test", timers={"test.remind": handler}))
    now = utcnow()
    async with db.uow() as uow:
        await uow.timers.schedule("m:1:a", "test.remind", now + timedelta(hours=1), {"n": 1})
        await uow.timers.schedule("m:1:b", "test.remind", now + timedelta(hours=2), {"n": 2})
        await uow.timers.schedule("m:2:a", "test.remind", now - timedelta(hours=1), {"n": 3})
        # Moving a pending timer keeps one row.
        await uow.timers.schedule("m:1:a", "test.remind", now + timedelta(minutes=30), {"n": 1})
        await uow.commit()
    async with db.uow() as uow:
        assert await uow.timers.cancel_prefix("m:1:") == 2
        await uow.timers.schedule("m:1:a", "test.remind", now - timedelta(seconds=1), {"n": 4})
        await uow.commit()
    ctx = DialogContext(db=db)
    # Many concurrent firers (several replicas): each timer runs once.
    results = await asyncio.gather(*(fire_due(ctx, registry, now) for _ in range(5)))
    assert sum(results) == 2
    assert sorted(t.args["n"] for t in fired) == [3, 4]
    late = {t.key: t.late for t in fired}
    assert late == {"m:2:a": True, "m:1:a": False}
    assert await fire_due(ctx, registry, now + timedelta(days=1)) == 0
    async with db.uow() as uow:
        assert await uow.outbox.counts() == {"pending": 2}
        assert [t.key for t in await uow.timers.pending()] == []


async def test_a_timer_no_workflow_handles_is_never_claimed(db: Database) -> None:
    # A replica of a newer version may have scheduled it: it must wait, not vanish.
    now = utcnow()
    async with db.uow() as uow:
        await uow.timers.schedule("x:1", "test.unknown", now - timedelta(minutes=1), {})
        await uow.commit()
    registry = app_registry()
    assert await fire_due(DialogContext(db=db), registry, now) == 0
    async with db.uow() as uow:
        assert [t.key for t in await uow.timers.pending()] == ["x:1"]
        assert await uow.timers.pending_jobs() == {"test.unknown"}
    with pytest.raises(RegistryError, match=r"test\.unknown"):
        registry.check_pending({"test.unknown", "review.close"})
