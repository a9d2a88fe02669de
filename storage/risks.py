"""The ROS risk register: risks and the log of every change to them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Risk, RiskChange, utcnow


class RiskRepository:
    """Reads and writes `risks`; every change also appends to `risk_changes`."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, risk: Risk, by: str) -> Risk:
        """Store a new risk and record its creation."""
        now = utcnow()
        risk.created_at = risk.updated_at = now
        self._session.add(risk)
        await self._session.flush()
        self._session.add(
            RiskChange(
                risk_id=risk.id,
                field="created",
                new_value=risk.title,
                changed_by=by,
                changed_at=now,
            )
        )
        await self._session.flush()
        return risk

    async def get(self, risk_id: int) -> Risk | None:
        """The risk with this number, or None."""
        return await self._session.get(Risk, risk_id)

    async def by_title(self, title: str) -> Risk | None:
        """The risk with exactly this title (the key of an import), or None."""
        return await self._session.scalar(select(Risk).where(Risk.title == title))

    async def all(self) -> list[Risk]:
        """Every risk, by number."""
        return list((await self._session.scalars(select(Risk).order_by(Risk.id))).all())

    async def change(
        self, risk: Risk, values: Mapping[str, object], by: str, now: datetime | None = None
    ) -> list[RiskChange]:
        """Set the fields in `values` that differ and record each change; returns the changes."""
        at = now or utcnow()
        changes: list[RiskChange] = []
        for name, new in values.items():
            old = getattr(risk, name)
            if old == new:
                continue
            setattr(risk, name, new)
            changes.append(
                RiskChange(
                    risk_id=risk.id,
                    field=name,
                    old_value=_shown(old),
                    new_value=_shown(new),
                    changed_by=by,
                    changed_at=at,
                )
            )
        if changes:
            risk.updated_at = at
            self._session.add_all(changes)
            await self._session.flush()
        return changes

    async def history(self, risk_id: int) -> list[RiskChange]:
        """Every change of the risk, oldest first."""
        rows = await self._session.scalars(
            select(RiskChange).where(RiskChange.risk_id == risk_id).order_by(RiskChange.id)
        )
        return list(rows.all())


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
