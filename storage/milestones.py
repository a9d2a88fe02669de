"""Repository of milestones and their change history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Milestone, MilestoneChange, utcnow
from vocabulary import OPEN_MILESTONE_STATUSES, MilestoneStatus

# The largest value of an INTEGER column (a forged card may send more; PostgreSQL refuses it).
MAX_ID = 2**31 - 1


class MilestoneRepository:
    """Add, find and change milestones; every change of status or date is kept in history."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self,
        *,
        title: str,
        phase: int,
        due_date: date,
        precision: str,
        owner_id: int | None,
        group_id: int | None,
        status: str = MilestoneStatus.PLANNED,
        policy: dict[str, Any] | None = None,
        changed_by: str,
    ) -> Milestone:
        """A new milestone, with a `created` entry in its history."""
        now = utcnow()
        milestone = Milestone(
            title=title,
            phase=phase,
            due_date=due_date,
            precision=precision,
            owner_id=owner_id,
            group_id=group_id,
            status=status,
            policy=policy or {},
            created_at=now,
            updated_at=now,
        )
        self._session.add(milestone)
        await self._session.flush()
        await self.record(milestone, "created", "", status, "", changed_by, now)
        return milestone

    async def get(self, milestone_id: int) -> Milestone | None:
        """The milestone with this id, or None."""
        if not 0 < milestone_id <= MAX_ID:
            return None
        return await self._session.get(Milestone, milestone_id)

    async def by_title(self, title: str) -> Milestone | None:
        """The first milestone with exactly this title (imports and demo data match on it)."""
        return await self._session.scalar(
            select(Milestone).where(Milestone.title == title).order_by(Milestone.id).limit(1)
        )

    async def all(self) -> list[Milestone]:
        """Every milestone, by due date."""
        rows = await self._session.scalars(
            select(Milestone).order_by(Milestone.due_date, Milestone.id)
        )
        return list(rows.all())

    async def open(self) -> list[Milestone]:
        """Milestones not done or cancelled, by due date."""
        rows = await self._session.scalars(
            select(Milestone)
            .where(Milestone.status.in_(OPEN_MILESTONE_STATUSES))
            .order_by(Milestone.due_date, Milestone.id)
        )
        return list(rows.all())

    async def history(self, milestone_id: int) -> list[MilestoneChange]:
        """The changes of one milestone, oldest first."""
        rows = await self._session.scalars(
            select(MilestoneChange)
            .where(MilestoneChange.milestone_id == milestone_id)
            .order_by(MilestoneChange.changed_at, MilestoneChange.id)
        )
        return list(rows.all())

    async def record(
        self,
        milestone: Milestone,
        field: str,
        old: str,
        new: str,
        reason: str,
        by: str,
        at: datetime | None = None,
    ) -> MilestoneChange:
        """Append one entry to the milestone's history."""
        change = MilestoneChange(
            milestone_id=milestone.id,
            field=field,
            old_value=old,
            new_value=new,
            reason=reason,
            changed_by=by,
            changed_at=at or utcnow(),
        )
        self._session.add(change)
        await self._session.flush()
        return change

    async def set_status(self, milestone: Milestone, status: str, reason: str, by: str) -> bool:
        """Change the status (recorded in history); False when it already was that."""
        if milestone.status == status:
            return False
        old = milestone.status
        milestone.status = status
        milestone.updated_at = utcnow()
        await self.record(milestone, "status", old, status, reason, by)
        return True

    async def move(
        self, milestone: Milestone, due_date: date, precision: str, reason: str, by: str
    ) -> bool:
        """Move the due date (recorded in history); False when nothing changes."""
        if milestone.due_date == due_date and milestone.precision == precision:
            return False
        old = f"{milestone.due_date.isoformat()}/{milestone.precision}"
        milestone.due_date = due_date
        milestone.precision = precision
        milestone.updated_at = utcnow()
        new = f"{due_date.isoformat()}/{precision}"
        await self.record(milestone, "due_date", old, new, reason, by)
        return True

    async def by_ids(self, ids: Sequence[int]) -> dict[int, Milestone]:
        """Milestones by id."""
        if not ids:
            return {}
        rows = await self._session.scalars(select(Milestone).where(Milestone.id.in_(ids)))
        return {milestone.id: milestone for milestone in rows.all()}
