"""Repository of the decision log: append (serialized, gapless, hash-chained), read, verify.

There is deliberately no update or delete here; the database triggers forbid them as well.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from sqlalchemy import Row, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from storage.hashchain import GENESIS, HASHED_FIELDS, ChainRecord, record_hash
from storage.models import Decision, DecisionCheckpoint
from vocabulary import DecisionKind

# Key of the PostgreSQL advisory lock that serializes appends across tasks, processes, replicas.
APPEND_LOCK: Final = 4242003
OSLO: Final = ZoneInfo("Europe/Oslo")
_STREAM_BATCH: Final = 2000
# The largest value of an INTEGER column.
MAX_ID: Final = 2**31 - 1

_COLUMNS = (
    Decision.sequence,
    Decision.case_ref,
    Decision.kind,
    Decision.title,
    Decision.text,
    Decision.outcome,
    Decision.basis,
    Decision.group_code,
    Decision.decided_at,
    Decision.recorded_by,
    Decision.status,
    Decision.corrects,
    Decision.prev_hash,
    Decision.hash,
)


@dataclass(frozen=True, slots=True)
class NewDecision:
    """What the caller decides; the repository adds sequence, case reference and hashes."""

    kind: str
    title: str
    text: str
    outcome: str
    basis: dict[str, Any]
    group_code: str
    decided_at: datetime
    recorded_by: str
    status: str
    corrects: int | None = None


def hashed_fields(decision: Decision) -> dict[str, Any]:
    """The fields of a stored decision that its hash covers."""
    return {
        "sequence": decision.sequence,
        "case_ref": decision.case_ref,
        "kind": decision.kind,
        "title": decision.title,
        "text": decision.text,
        "outcome": decision.outcome,
        "basis": decision.basis,
        "group_code": decision.group_code,
        "decided_at": decision.decided_at,
        "recorded_by": decision.recorded_by,
        "status": decision.status,
        "corrects": decision.corrects,
    }


def _chain_record(row: Row[Any]) -> ChainRecord:
    values: tuple[Any, ...] = tuple(row)
    fields = dict(zip(HASHED_FIELDS, values[:12], strict=True))
    return ChainRecord(sequence=values[0], fields=fields, prev_hash=values[12], hash=values[13])


def next_case_ref(previous: str | None, decided_at: datetime) -> str:
    """`YYYY/N`: the Oslo year of the decision; N follows the previous one in that year."""
    year = decided_at.astimezone(OSLO).year
    if previous is not None:
        last_year, last_number = (int(part) for part in previous.split("/"))
        if last_year >= year:
            # Never go back a year, even if a replica's clock is behind at New Year.
            return f"{last_year}/{last_number + 1}"
    return f"{year}/1"


# Kinds of entries that add to an earlier decision rather than decide anything themselves.
ADDENDUM_KINDS: Final = (DecisionKind.DISSENT,)


class DecisionRepository:
    """Reads and appends `decisions`."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def append(self, new: NewDecision) -> Decision:
        """Add the next decision of the chain in this session's transaction (caller commits).

        On PostgreSQL a transaction-scoped advisory lock serializes appends until commit; SQLite
        transactions begin IMMEDIATE and so already hold the only writer lock.
        """
        bind = self._session.get_bind()
        if bind.dialect.name == "postgresql":
            await self._session.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": APPEND_LOCK}
            )
        last = (
            await self._session.execute(
                select(Decision.sequence, Decision.case_ref, Decision.hash)
                .order_by(Decision.sequence.desc())
                .limit(1)
            )
        ).first()
        sequence = 1 if last is None else last.sequence + 1
        prev_hash = GENESIS if last is None else last.hash
        decision = Decision(
            sequence=sequence,
            case_ref=next_case_ref(None if last is None else last.case_ref, new.decided_at),
            kind=new.kind,
            title=new.title,
            text=new.text,
            outcome=new.outcome,
            basis=new.basis,
            group_code=new.group_code,
            decided_at=new.decided_at,
            recorded_by=new.recorded_by,
            status=new.status,
            corrects=new.corrects,
            prev_hash=prev_hash,
        )
        decision.hash = record_hash(hashed_fields(decision), prev_hash)
        self._session.add(decision)
        await self._session.flush()
        return decision

    async def get(self, sequence: int) -> Decision | None:
        """The decision with this sequence number, or None."""
        # A number typed in Teams may exceed the column's range, which PostgreSQL refuses.
        if not 0 < sequence <= MAX_ID:
            return None
        return await self._session.get(Decision, sequence)

    async def latest(
        self, limit: int = 10, groups: Collection[str] | None = None
    ) -> list[Decision]:
        """The newest decisions, newest first; only those of `groups` when given."""
        statement = select(Decision).order_by(Decision.sequence.desc()).limit(limit)
        if groups is not None:
            statement = statement.where(Decision.group_code.in_(list(groups)))
        return list((await self._session.scalars(statement)).all())

    async def between(self, start: datetime | None, end: datetime | None) -> list[Decision]:
        """Decisions with `start <= decided_at < end` (either bound optional), oldest first."""
        query = select(Decision).order_by(Decision.sequence)
        if start is not None:
            query = query.where(Decision.decided_at >= start)
        if end is not None:
            query = query.where(Decision.decided_at < end)
        return list((await self._session.scalars(query)).all())

    async def corrections_of(self, sequence: int) -> list[int]:
        """Sequence numbers of the decisions that correct this one."""
        return list(
            (
                await self._session.scalars(
                    select(Decision.sequence)
                    .where(Decision.corrects == sequence)
                    .order_by(Decision.sequence)
                )
            ).all()
        )

    async def addenda_of(self, sequences: Collection[int]) -> dict[int, list[Decision]]:
        """Entries appended to these decisions (e.g. dissents), by the sequence they name in
        `basis.addendum_to`, oldest first. Few exist: they are read by kind and matched here,
        since JSON paths differ between SQLite and PostgreSQL."""
        wanted = set(sequences)
        found: dict[int, list[Decision]] = {}
        if not wanted:
            return found
        rows = await self._session.scalars(
            select(Decision)
            .where(Decision.kind.in_(ADDENDUM_KINDS), Decision.sequence > min(wanted))
            .order_by(Decision.sequence)
        )
        for decision in rows.all():
            target = decision.basis.get("addendum_to")
            if isinstance(target, int) and target in wanted:
                found.setdefault(target, []).append(decision)
        return found

    async def count(self) -> int:
        """How many decisions there are."""
        return int(await self._session.scalar(select(func.count()).select_from(Decision)) or 0)

    async def stream_chain(self) -> AsyncIterator[ChainRecord]:
        """Every decision in sequence order as plain chain records, fetched in batches."""
        result = await self._session.stream(
            select(*_COLUMNS).order_by(Decision.sequence).execution_options(yield_per=_STREAM_BATCH)
        )
        async for partition in result.partitions():
            for row in partition:
                yield _chain_record(row)

    async def stream_rows(self) -> AsyncIterator[Row[Any]]:
        """The same rows as `stream_chain` without hashing anything (for benchmarks)."""
        result = await self._session.stream(
            select(*_COLUMNS).order_by(Decision.sequence).execution_options(yield_per=_STREAM_BATCH)
        )
        async for partition in result.partitions():
            for row in partition:
                yield row

    async def add_checkpoint(self, size: int, root: str, note: str) -> DecisionCheckpoint:
        """Remember a checkpoint that was signed and witnessed (caller commits)."""
        checkpoint = DecisionCheckpoint(size=size, root=root, note=note)
        self._session.add(checkpoint)
        await self._session.flush()
        return checkpoint

    async def latest_checkpoint(self) -> DecisionCheckpoint | None:
        """The checkpoint over the most entries, or None before the first."""
        return (
            await self._session.scalars(
                select(DecisionCheckpoint)
                .order_by(DecisionCheckpoint.size.desc(), DecisionCheckpoint.id.desc())
                .limit(1)
            )
        ).first()

    async def leaf_hashes(self) -> list[str]:
        """Every decision's hash in sequence order: the entries of the Merkle tree."""
        result = await self._session.stream(
            select(Decision.hash)
            .order_by(Decision.sequence)
            .execution_options(yield_per=_STREAM_BATCH)
        )
        return [row async for row in result.scalars()]
