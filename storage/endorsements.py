"""Repository of endorsement rounds, their answers (one per municipality) and the history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Endorsement, EndorsementAnswer, EndorsementAnswerHistory
from vocabulary import RoundStatus


class EndorsementRepository:
    """Reads and writes `endorsements`, `endorsement_answers` and their history."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, endorsement: Endorsement) -> Endorsement:
        """Store a new round (its id is known afterwards)."""
        self._session.add(endorsement)
        await self._session.flush()
        return endorsement

    async def get(self, endorsement_id: int) -> Endorsement | None:
        """The round with this id, or None."""
        return await self._session.get(Endorsement, endorsement_id)

    async def open_rounds(self) -> list[Endorsement]:
        """Every open round, oldest first."""
        rows = await self._session.scalars(
            select(Endorsement)
            .where(Endorsement.status == RoundStatus.OPEN)
            .order_by(Endorsement.id)
        )
        return list(rows.all())

    async def answer(self, row: dict[str, object], now: datetime) -> bool:
        """Store a municipality's answer (history, then current: one row per municipality,
        whatever the concurrency); False when the round is closed or past its deadline.

        The round row is locked for share (PostgreSQL) or by SQLite's writer lock, so closing
        waits for the answer and no answer lands after the result was built.
        """
        open_round = await self._session.scalar(
            select(Endorsement.id)
            .where(
                Endorsement.id == row["endorsement_id"],
                Endorsement.status == RoundStatus.OPEN,
                Endorsement.deadline > now,
            )
            .with_for_update(read=True)
        )
        if open_round is None:
            return False
        await self._session.execute(insert(EndorsementAnswerHistory).values(**row, answered_at=now))
        bind = self._session.bind
        dialect = bind.dialect.name if bind is not None else "sqlite"
        base = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = base(EndorsementAnswer).values(**row, answered_at=now, revision=1)
        statement = statement.on_conflict_do_update(
            index_elements=["endorsement_id", "municipality_number"],
            set_={
                **{
                    name: statement.excluded[name]
                    for name in ("person_id", "person_name", "stance", "reservation")
                },
                "answered_at": statement.excluded["answered_at"],
                "revision": EndorsementAnswer.revision + 1,
            },
        )
        await self._session.execute(statement)
        return True

    async def answers(self, endorsement_id: int) -> dict[str, EndorsementAnswer]:
        """The current answers, by municipality number."""
        rows = await self._session.scalars(
            select(EndorsementAnswer).where(EndorsementAnswer.endorsement_id == endorsement_id)
        )
        return {row.municipality_number: row for row in rows.all()}

    async def history(self, endorsement_id: int) -> list[EndorsementAnswerHistory]:
        """Every answer given, oldest first."""
        rows = await self._session.scalars(
            select(EndorsementAnswerHistory)
            .where(EndorsementAnswerHistory.endorsement_id == endorsement_id)
            .order_by(EndorsementAnswerHistory.id)
        )
        return list(rows.all())

    async def close(self, endorsement: Endorsement, *, by: str, now: datetime) -> bool:
        """Mark the round closed; False when it already was."""
        result = await self._session.execute(
            update(Endorsement)
            .where(Endorsement.id == endorsement.id, Endorsement.status == RoundStatus.OPEN)
            .values(status=RoundStatus.CLOSED, closed_at=now, closed_by=by)
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            return False
        await self._session.refresh(endorsement)
        return True
