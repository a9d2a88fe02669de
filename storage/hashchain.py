"""The hash chain of the decision log: canonical form, record hashes and chain verification.

Pure functions, no I/O. Each record is hashed as SHA-256 over its canonical serialization:
sorted-key compact JSON, UTF-8, timestamps as ISO-8601 UTC with microseconds
(`2026-12-04T14:00:00.000000Z`), of all its fields plus `prev_hash`, the hash of the record
before it (`GENESIS` for the first). Changing any field of any record, removing one, or changing
their order breaks the chain from that record on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

GENESIS: Final = "0" * 64

# The fields of a decision that the hash covers, besides `prev_hash`.
HASHED_FIELDS: Final[tuple[str, ...]] = (
    "sequence",
    "case_ref",
    "kind",
    "title",
    "text",
    "outcome",
    "basis",
    "group_code",
    "decided_at",
    "recorded_by",
    "status",
    "corrects",
)


def _timestamp(value: object) -> str:
    # json calls this only for values it cannot encode itself; the one we allow is a timestamp.
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime in a hashed record")
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"
    raise TypeError(f"cannot hash a {type(value).__name__}")


def canonical(fields: Mapping[str, Any]) -> bytes:
    """The canonical bytes of a record: independent of dict order, timestamps in UTC."""
    return json.dumps(
        fields,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
        default=_timestamp,
    ).encode("utf-8")


def record_hash(fields: Mapping[str, Any], prev_hash: str) -> str:
    """SHA-256 hex of the record's fields together with the hash of the record before it."""
    return hashlib.sha256(canonical({**fields, "prev_hash": prev_hash})).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainRecord:
    """A stored record as verification sees it."""

    sequence: int
    fields: Mapping[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class ChainProblem:
    """The first thing wrong in a chain: which record (by position and sequence) and what."""

    position: int  # 1-based position in sequence order
    sequence: int
    reason: str  # gap, link, hash


class ChainVerifier:
    """Checks records one at a time, in sequence order, so a long log streams through it."""

    def __init__(self) -> None:
        self.count = 0
        self.head = GENESIS
        self.problem: ChainProblem | None = None

    def feed(self, record: ChainRecord) -> ChainProblem | None:
        """Check the next record; returns (and keeps) the first problem found."""
        if self.problem is not None:
            return self.problem
        return self.feed_hashed(record, record_hash(record.fields, record.prev_hash))

    def feed_hashed(self, record: ChainRecord, actual: str) -> ChainProblem | None:
        """`feed` when the caller already computed the record's hash from its content."""
        if self.problem is not None:
            return self.problem
        position = self.count + 1
        if record.sequence != position:
            self.problem = ChainProblem(position, record.sequence, "gap")
        elif record.prev_hash != self.head:
            self.problem = ChainProblem(position, record.sequence, "link")
        elif actual != record.hash:
            self.problem = ChainProblem(position, record.sequence, "hash")
        else:
            self.count = position
            self.head = record.hash
        return self.problem


def verify_chain(records: Iterable[ChainRecord]) -> ChainProblem | None:
    """The first problem of a whole chain in sequence order, or None when it is intact."""
    verifier = ChainVerifier()
    for record in records:
        if verifier.feed(record) is not None:
            break
    return verifier.problem
