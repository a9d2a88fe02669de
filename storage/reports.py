"""Status reports to the steering group (drafts and approved reports), and the reads that a
report, the public status page and the overview tab are drafted from."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Endorsement,
    Group,
    Milestone,
    MilestoneChange,
    Poll,
    Requirement,
    ReviewRound,
    StatusReport,
)


class ReportRepository:
    """Reads and writes `status_reports`; reads across workflows for the overview."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, report: StatusReport) -> StatusReport:
        """Store a new draft."""
        self._session.add(report)
        await self._session.flush()
        return report

    async def get(self, report_id: int, *, lock: bool = False) -> StatusReport | None:
        """The report with this number, or None; `lock` holds it until the commit."""
        if not lock:
            return await self._session.get(StatusReport, report_id)
        return await self._session.scalar(
            select(StatusReport).where(StatusReport.id == report_id).with_for_update()
        )

    async def for_period(self, period_end: date) -> StatusReport | None:
        """The report of the period ending on `period_end`, or None."""
        return await self._session.scalar(
            select(StatusReport).where(StatusReport.period_end == period_end)
        )

    async def latest(self, limit: int = 10) -> list[StatusReport]:
        """The newest reports first."""
        rows = await self._session.scalars(
            select(StatusReport).order_by(StatusReport.period_end.desc()).limit(limit)
        )
        return list(rows.all())

    async def milestone_changes(
        self, since: datetime, until: datetime
    ) -> list[tuple[MilestoneChange, Milestone]]:
        """Milestone changes made in [since, until), oldest first."""
        rows = await self._session.execute(
            select(MilestoneChange, Milestone)
            .join(Milestone, Milestone.id == MilestoneChange.milestone_id)
            .where(MilestoneChange.changed_at >= since, MilestoneChange.changed_at < until)
            .order_by(MilestoneChange.changed_at, MilestoneChange.id)
        )
        return [(change, milestone) for change, milestone in rows.all()]

    async def rounds(self, since: datetime, until: datetime) -> list[tuple[ReviewRound, Group]]:
        """Review rounds open now or closed in [since, until), by deadline."""
        closed = ReviewRound.closed_at.is_not(None) & (ReviewRound.closed_at >= since)
        rows = await self._session.execute(
            select(ReviewRound, Group)
            .join(Group, Group.id == ReviewRound.group_id)
            .where((ReviewRound.status == "open") | (closed & (ReviewRound.closed_at < until)))
            .order_by(ReviewRound.deadline, ReviewRound.id)
        )
        return [(review, group) for review, group in rows.all()]

    async def polls(self, since: datetime, until: datetime) -> list[Poll]:
        """Polls open now or closed in [since, until), by deadline."""
        closed = Poll.closed_at.is_not(None) & (Poll.closed_at >= since)
        rows = await self._session.scalars(
            select(Poll)
            .where((Poll.status == "open") | (closed & (Poll.closed_at < until)))
            .order_by(Poll.deadline, Poll.id)
        )
        return list(rows.all())

    async def requirement_counts(self) -> list[tuple[str, str, str, int]]:
        """(group code, group name, requirement status, count) for every group with requirements."""
        rows = await self._session.execute(
            select(Group.code, Group.name, Requirement.status, func.count(Requirement.id))
            .join(Group, Group.id == Requirement.group_id)
            .group_by(Group.code, Group.name, Requirement.status)
            .order_by(Group.code, Requirement.status)
        )
        return [(code, name, status, int(n)) for code, name, status, n in rows.all()]

    async def latest_endorsements(self, limit: int) -> list[Endorsement]:
        """The newest endorsement rounds first."""
        rows = await self._session.scalars(
            select(Endorsement).order_by(Endorsement.id.desc()).limit(limit)
        )
        return list(rows.all())

    async def closed_polls(self, limit: int) -> list[Poll]:
        """The most recently closed polls first."""
        rows = await self._session.scalars(
            select(Poll)
            .where(Poll.status == "closed")
            .order_by(Poll.closed_at.desc(), Poll.id.desc())
            .limit(limit)
        )
        return list(rows.all())
