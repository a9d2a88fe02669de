"""Repository of timers: what workflows want done at a given time, fired exactly once."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Timer, utcnow
from storage.upsert import upsert_statement


class TimerRepository:
    """Schedule, move, cancel and claim timers."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def schedule(self, key: str, job: str, due_at: datetime, args: dict[str, Any]) -> Timer:
        """Set a timer; an existing pending timer with the key is moved. A fired one stays fired."""
        timer = await self.by_key(key)
        if timer is None:
            timer = Timer(
                key=key,
                job=job,
                args=args,
                due_at=due_at,
                status="pending",
                late=False,
                created_at=utcnow(),
            )
            self._session.add(timer)
        elif timer.status in ("pending", "cancelled"):
            timer.job, timer.args, timer.due_at, timer.status = job, args, due_at, "pending"
        await self._session.flush()
        return timer

    async def schedule_once(
        self, key: str, job: str, due_at: datetime, args: dict[str, Any]
    ) -> None:
        """Add a timer unless one with the key exists; safe when many turns race to add it.

        Used for coalescing: every review answer in the same 10-second slot names one timer.
        """
        values = {
            "key": key,
            "job": job,
            "args": args,
            "due_at": due_at,
            "status": "pending",
            "late": False,
            "created_at": utcnow(),
        }
        await self._session.execute(
            upsert_statement(self._session, Timer, values, conflict=["key"], update=[])
        )

    async def by_id(self, timer_id: int) -> Timer | None:
        """The timer with this id, or None."""
        return await self._session.get(Timer, timer_id)

    async def by_key(self, key: str) -> Timer | None:
        """The timer with this key, or None."""
        return await self._session.scalar(select(Timer).where(Timer.key == key))

    async def cancel(self, key: str) -> bool:
        """Cancel a pending timer; True when one was cancelled."""
        result = await self._session.execute(
            update(Timer)
            .where(Timer.key == key, Timer.status == "pending")
            .values(status="cancelled")
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def cancel_prefix(self, prefix: str) -> int:
        """Cancel every pending timer whose key starts with `prefix` (e.g. `milestone:7:`)."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        result = await self._session.execute(
            update(Timer)
            .where(Timer.key.like(f"{escaped}%", escape="\\"), Timer.status == "pending")
            .values(status="cancelled")
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def pending(self, prefix: str = "") -> list[Timer]:
        """Pending timers (whose key starts with `prefix`), soonest first."""
        statement = select(Timer).where(Timer.status == "pending")
        if prefix:
            escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            statement = statement.where(Timer.key.like(f"{escaped}%", escape="\\"))
        rows = await self._session.scalars(statement.order_by(Timer.due_at, Timer.id))
        return list(rows.all())

    async def due(
        self, now: datetime, *, limit: int = 100, jobs: Collection[str] | None = None
    ) -> list[Timer]:
        """Pending timers due at `now` (of `jobs` only, when given), soonest first."""
        statement = select(Timer).where(Timer.status == "pending", Timer.due_at <= now)
        if jobs is not None:
            statement = statement.where(Timer.job.in_(sorted(jobs)))
        rows = await self._session.scalars(statement.order_by(Timer.due_at, Timer.id).limit(limit))
        return list(rows.all())

    async def pending_jobs(self) -> set[str]:
        """The job names of every pending timer."""
        rows = await self._session.scalars(
            select(Timer.job).where(Timer.status == "pending").distinct()
        )
        return set(rows.all())

    async def next_due(self) -> datetime | None:
        """When the next pending timer is due, or None."""
        return await self._session.scalar(
            select(Timer.due_at).where(Timer.status == "pending").order_by(Timer.due_at).limit(1)
        )

    async def claim(self, timer_id: int, now: datetime, *, late: bool) -> bool:
        """Mark a pending timer fired; False when another process got it first."""
        result = await self._session.execute(
            update(Timer)
            .where(Timer.id == timer_id, Timer.status == "pending")
            .values(status="fired", fired_at=now, late=late)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]
