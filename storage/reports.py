"""Status reports to the steering group: drafts and approved reports."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import StatusReport


class ReportRepository:
    """Reads and writes `status_reports`."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, report: StatusReport) -> StatusReport:
        """Store a new draft."""
        self._session.add(report)
        await self._session.flush()
        return report

    async def get(self, report_id: int) -> StatusReport | None:
        """The report with this number, or None."""
        return await self._session.get(StatusReport, report_id)

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
