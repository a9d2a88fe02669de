"""Repository of requirement quality: stored findings, dismissals and overlap marks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Base,
    Group,
    OverlapMark,
    QualityDismissal,
    Requirement,
    RequirementQuality,
    utcnow,
)


@dataclass(frozen=True, slots=True)
class RequirementText:
    """What quality needs of a requirement: id, key, group code and the fields the rules read."""

    id: int
    key: str
    group_code: str
    text: str
    type: str
    source: str
    rationale: str


@dataclass(frozen=True, slots=True)
class StoredQuality:
    """Findings as computed for one fingerprint and rule-book version."""

    requirement_id: int
    fingerprint: str
    rules_version: str
    score: int
    findings: list[dict[str, Any]]
    dismissed: list[dict[str, Any]]


_TEXT_COLUMNS = (
    Requirement.id,
    Requirement.key,
    Group.code,
    Requirement.text,
    Requirement.type,
    Requirement.source,
    Requirement.rationale,
)


def _chunks(ids: Sequence[int], size: int = 1000) -> list[list[int]]:
    items = list(ids)
    return [items[start : start + size] for start in range(0, len(items), size)]


class QualityRepository:
    """Reads and writes `requirement_quality`, `quality_dismissals` and `overlap_marks`."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def texts(
        self, *, group_code: str | None = None, ids: Sequence[int] | None = None
    ) -> list[RequirementText]:
        """Requirements (all, one group's, or these ids) with their group codes, by key."""
        statement = select(*_TEXT_COLUMNS).join(Group, Group.id == Requirement.group_id)
        if group_code is not None:
            statement = statement.where(Group.code == group_code)
        if ids is not None:
            found: list[RequirementText] = []
            for chunk in _chunks(ids):
                rows = await self._session.execute(statement.where(Requirement.id.in_(chunk)))
                found += [RequirementText(*row) for row in rows.all()]
            return sorted(found, key=lambda item: item.key)
        rows = await self._session.execute(statement.order_by(Requirement.key))
        return [RequirementText(*row) for row in rows.all()]

    async def stored(self, requirement_ids: Sequence[int]) -> dict[int, StoredQuality]:
        """The stored findings of these requirements, by id."""
        found: dict[int, StoredQuality] = {}
        for chunk in _chunks(requirement_ids):
            rows = await self._session.scalars(
                select(RequirementQuality).where(RequirementQuality.requirement_id.in_(chunk))
            )
            for row in rows.all():
                found[row.requirement_id] = StoredQuality(
                    row.requirement_id,
                    row.fingerprint,
                    row.rules_version,
                    row.score,
                    list(row.findings),
                    list(row.dismissed),
                )
        return found

    async def save(self, rows: Sequence[StoredQuality]) -> None:
        """Replace the stored findings of these requirements (one delete, one insert)."""
        if not rows:
            return
        for chunk in _chunks([row.requirement_id for row in rows]):
            await self._session.execute(
                delete(RequirementQuality).where(RequirementQuality.requirement_id.in_(chunk))
            )
        now = utcnow()
        table = Base.metadata.tables[RequirementQuality.__tablename__]
        await self._session.execute(
            insert(table),
            [
                {
                    "requirement_id": row.requirement_id,
                    "fingerprint": row.fingerprint,
                    "rules_version": row.rules_version,
                    "score": row.score,
                    "findings": row.findings,
                    "dismissed": row.dismissed,
                    "checked_at": now,
                }
                for row in rows
            ],
        )

    async def dismissals(self, requirement_ids: Sequence[int]) -> list[QualityDismissal]:
        """Every dismissal of these requirements, for any fingerprint, oldest first."""
        found: list[QualityDismissal] = []
        for chunk in _chunks(requirement_ids):
            rows = await self._session.scalars(
                select(QualityDismissal)
                .where(QualityDismissal.requirement_id.in_(chunk))
                .order_by(QualityDismissal.id)
            )
            found += rows.all()
        return found

    async def dismiss(
        self, requirement_id: int, rule: str, fingerprint: str, reason: str, by: str
    ) -> QualityDismissal:
        """Record (or re-word) the dismissal of `rule` for this text of the requirement."""
        existing = await self._session.scalar(
            select(QualityDismissal).where(
                QualityDismissal.requirement_id == requirement_id,
                QualityDismissal.rule == rule,
                QualityDismissal.fingerprint == fingerprint,
            )
        )
        if existing is None:
            existing = QualityDismissal(
                requirement_id=requirement_id, rule=rule, fingerprint=fingerprint
            )
            self._session.add(existing)
        existing.reason = reason
        existing.dismissed_by = by
        existing.dismissed_at = utcnow()
        await self._session.flush()
        return existing

    async def marks(self, requirement_id: int | None = None) -> list[OverlapMark]:
        """Overlap marks (of one requirement, or all), oldest first."""
        statement = select(OverlapMark).order_by(OverlapMark.id)
        if requirement_id is not None:
            statement = statement.where(
                or_(OverlapMark.low_id == requirement_id, OverlapMark.high_id == requirement_id)
            )
        return list((await self._session.scalars(statement)).all())

    async def mark(
        self, first_id: int, second_id: int, kind: str, duplicate_id: int | None, by: str
    ) -> OverlapMark:
        """Record what the pair is (replacing an earlier mark of the same pair)."""
        low, high = sorted((first_id, second_id))
        mark = await self._session.scalar(
            select(OverlapMark).where(OverlapMark.low_id == low, OverlapMark.high_id == high)
        )
        if mark is None:
            mark = OverlapMark(low_id=low, high_id=high)
            self._session.add(mark)
        mark.kind = kind
        mark.duplicate_id = duplicate_id
        mark.marked_by = by
        mark.marked_at = utcnow()
        await self._session.flush()
        return mark
