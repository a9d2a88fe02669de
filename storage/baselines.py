"""Repository of baselines: named, frozen sets of requirement versions."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Baseline, BaselineItem


class BaselineRepository:
    """Reads and writes `baselines` and `baseline_items` (never changed once written)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, baseline: Baseline, items: list[BaselineItem]) -> Baseline:
        """Store a baseline with its items (its id is known afterwards)."""
        self._session.add(baseline)
        await self._session.flush()
        for item in items:
            item.baseline_id = baseline.id
        self._session.add_all(items)
        await self._session.flush()
        return baseline

    async def by_name(self, name: str) -> Baseline | None:
        """The baseline with this name (exact, case-insensitive), or None."""
        wanted = name.strip().casefold()
        rows = await self._session.scalars(select(Baseline))
        return next((b for b in rows.all() if b.name.casefold() == wanted), None)

    async def get(self, baseline_id: int) -> Baseline | None:
        """The baseline with this id, or None."""
        return await self._session.get(Baseline, baseline_id)

    async def all(self) -> list[Baseline]:
        """Every baseline, oldest first."""
        return list((await self._session.scalars(select(Baseline).order_by(Baseline.id))).all())

    async def items(self, baseline: Baseline) -> list[BaselineItem]:
        """The baseline's requirement versions, by key."""
        rows = await self._session.scalars(
            select(BaselineItem)
            .where(BaselineItem.baseline_id == baseline.id)
            .order_by(BaselineItem.key)
        )
        return list(rows.all())
