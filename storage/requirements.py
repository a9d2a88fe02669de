"""Repository of requirements; every change is a new version with what, who, when and why."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from sqlalchemy import Table, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Base, Group, Requirement, RequirementVersion, utcnow
from vocabulary import RequirementStatus

# The fields a version records; a change to any other column is not a new version.
VERSIONED_FIELDS: Final = (
    "group_code",
    "category",
    "text",
    "type",
    "weight",
    "source",
    "rationale",
    "status",
)


# The fields a reviewer answers on: a change to any of them makes earlier answers suspect. Not
# the status or the group, which a review round itself changes.
CONTENT_FIELDS: Final = ("category", "text", "type", "weight", "source", "rationale")


def content_fingerprint(key: str, fields: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the key and content fields as canonical JSON."""
    content = {"key": key.strip().upper(), **{name: fields.get(name) for name in CONTENT_FIELDS}}
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class RequirementData:
    """A requirement's content, as imported or edited."""

    key: str
    group_code: str
    text: str
    type: str
    category: str = ""
    weight: int | None = None
    source: str = ""
    rationale: str = ""
    status: str = RequirementStatus.DRAFT

    def fields(self) -> dict[str, Any]:
        """The versioned fields as a dict."""
        return {name: getattr(self, name) for name in VERSIONED_FIELDS}


@dataclass(frozen=True, slots=True)
class Change:
    """Who changes a requirement, and why."""

    by: str
    reason: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def snapshot(requirement: Requirement, group_code: str) -> dict[str, Any]:
    """The requirement's versioned fields, as a version records them."""
    return {
        "group_code": group_code,
        "category": requirement.category,
        "text": requirement.text,
        "type": requirement.type,
        "weight": requirement.weight,
        "source": requirement.source,
        "rationale": requirement.rationale,
        "status": requirement.status,
    }


class RequirementRepository:
    """Reads and writes `requirements` and `requirement_versions`."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def by_key(self, key: str) -> Requirement | None:
        """The requirement with this key (case-insensitive), or None."""
        return await self._session.scalar(
            select(Requirement).where(Requirement.key == key.strip().upper())
        )

    async def by_keys(self, keys: Sequence[str]) -> dict[str, Requirement]:
        """The requirements with these keys, by key."""
        if not keys:
            return {}
        wanted = [key.strip().upper() for key in keys]
        rows = await self._session.scalars(select(Requirement).where(Requirement.key.in_(wanted)))
        return {row.key: row for row in rows.all()}

    async def by_ids(self, requirement_ids: Sequence[int]) -> dict[int, Requirement]:
        """Requirements by id (loaded into the session, for versioned changes)."""
        found: dict[int, Requirement] = {}
        ids = list(requirement_ids)
        for start in range(0, len(ids), 1000):
            rows = await self._session.scalars(
                select(Requirement).where(Requirement.id.in_(ids[start : start + 1000]))
            )
            found.update({row.id: row for row in rows.all()})
        return found

    async def keys_by_ids(self, requirement_ids: Sequence[int]) -> dict[int, str]:
        """Requirement keys by id, without loading the rows."""
        found: dict[int, str] = {}
        ids = list(requirement_ids)
        for start in range(0, len(ids), 1000):
            rows = await self._session.execute(
                select(Requirement.id, Requirement.key).where(
                    Requirement.id.in_(ids[start : start + 1000])
                )
            )
            found.update({int(rid): str(key) for rid, key in rows.all()})
        return found

    async def all_with_groups(self) -> list[tuple[Requirement, str]]:
        """Every requirement with its group code, by key."""
        rows = await self._session.execute(
            select(Requirement, Group.code)
            .join(Group, Group.id == Requirement.group_id)
            .order_by(Requirement.key)
        )
        return [(requirement, code) for requirement, code in rows.all()]

    async def snapshots(self) -> list[tuple[Requirement, dict[str, Any]]]:
        """Every requirement with its versioned fields (see `snapshot`), by key; one query."""
        return [
            (requirement, snapshot(requirement, code))
            for requirement, code in await self.all_with_groups()
        ]

    async def search(self, words: str, *, limit: int = 10) -> list[Requirement]:
        """Requirements whose key, text or category contains every word (case-insensitive)."""
        statement = select(Requirement)
        for word in words.split():
            pattern = f"%{_escape_like(word.lower())}%"
            statement = statement.where(
                or_(
                    Requirement.key.ilike(pattern, escape="\\"),
                    Requirement.text.ilike(pattern, escape="\\"),
                    Requirement.category.ilike(pattern, escape="\\"),
                )
            )
        rows = await self._session.scalars(statement.order_by(Requirement.key).limit(limit))
        return list(rows.all())

    async def versions(self, requirement: Requirement) -> list[RequirementVersion]:
        """The requirement's history, oldest first."""
        rows = await self._session.scalars(
            select(RequirementVersion)
            .where(RequirementVersion.requirement_id == requirement.id)
            .order_by(RequirementVersion.version)
        )
        return list(rows.all())

    async def create(self, data: RequirementData, group: Group, change: Change) -> Requirement:
        """Add a requirement as version 1."""
        now = utcnow()
        requirement = Requirement(
            key=data.key.strip().upper(),
            group_id=group.id,
            category=data.category,
            text=data.text,
            type=data.type,
            weight=data.weight,
            source=data.source,
            rationale=data.rationale,
            status=data.status,
            version=1,
            created_at=now,
            updated_at=now,
        )
        fields = snapshot(requirement, group.code)
        requirement.fingerprint = content_fingerprint(requirement.key, fields)
        self._session.add(requirement)
        await self._session.flush()
        self._session.add(
            RequirementVersion(
                requirement_id=requirement.id,
                version=1,
                changes={},
                snapshot=fields,
                changed_by=change.by,
                reason=change.reason,
                changed_at=now,
                fingerprint=requirement.fingerprint,
            )
        )
        return requirement

    async def update(
        self,
        requirement: Requirement,
        changes: dict[str, Any],
        change: Change,
        *,
        groups: dict[str, Group] | None = None,
    ) -> bool:
        """Apply `changes` (versioned field -> new value); a new version only if anything differs.

        `group_code` changes need the target group in `groups`.
        """
        current_group = await self._session.get(Group, requirement.group_id)
        if current_group is None:  # the foreign key makes this impossible short of a bug
            raise LookupError(f"requirement {requirement.key} has no group {requirement.group_id}")
        before = snapshot(requirement, current_group.code)
        diff = {
            name: [before[name], value]
            for name, value in changes.items()
            if name in VERSIONED_FIELDS and before[name] != value
        }
        if not diff:
            return False
        for name, (_old, new) in diff.items():
            if name == "group_code":
                target = (groups or {}).get(new)
                if target is None:
                    raise ValueError(f"unknown group {new!r}")
                requirement.group_id = target.id
            else:
                setattr(requirement, name, new)
        now = utcnow()
        requirement.version += 1
        requirement.updated_at = now
        after = dict(before)
        after.update({name: new for name, (_old, new) in diff.items()})
        requirement.fingerprint = content_fingerprint(requirement.key, after)
        self._session.add(
            RequirementVersion(
                requirement_id=requirement.id,
                version=requirement.version,
                changes=diff,
                snapshot=after,
                changed_by=change.by,
                reason=change.reason,
                changed_at=now,
                fingerprint=requirement.fingerprint,
            )
        )
        await self._session.flush()
        return True

    async def create_many(
        self, items: Sequence[tuple[RequirementData, Group]], change: Change
    ) -> dict[str, int]:
        """Add many requirements as version 1 each, in two bulk inserts; their ids by key.

        Meant for imports: a few statements in all, however many requirements, so 3,000 rows
        cost about as much as a handful. The new rows are not loaded into the session.
        """
        if not items:
            return {}
        now = utcnow()
        rows = [
            {
                "key": data.key.strip().upper(),
                "group_id": group.id,
                "category": data.category,
                "text": data.text,
                "type": data.type,
                "weight": data.weight,
                "source": data.source,
                "rationale": data.rationale,
                "status": data.status,
                "version": 1,
                "created_at": now,
                "updated_at": now,
                "fingerprint": content_fingerprint(data.key, data.fields()),
            }
            for data, group in items
        ]
        # Plain executemany, then one read of the ids: RETURNING over many rows is split into
        # small batches on SQLite and costs far more than the insert itself.
        # render_nulls keeps rows with and without a weight in one executemany batch.
        await self._session.execute(insert(_table(Requirement)), rows)
        keys = [str(row["key"]) for row in rows]
        ids: dict[str, int] = {}
        for start in range(0, len(keys), 1000):
            found = await self._session.execute(
                select(Requirement.key, Requirement.id).where(
                    Requirement.key.in_(keys[start : start + 1000])
                )
            )
            ids.update((str(key), int(number)) for key, number in found.all())
        versions = [
            {
                "requirement_id": ids[str(row["key"])],
                "version": 1,
                "changes": {},
                "snapshot": {
                    "group_code": group.code,
                    **{name: row[name] for name in VERSIONED_FIELDS if name != "group_code"},
                },
                "changed_by": change.by,
                "reason": change.reason,
                "changed_at": now,
                "fingerprint": row["fingerprint"],
            }
            for row, (_data, group) in zip(rows, items, strict=True)
        ]
        await self._session.execute(insert(_table(RequirementVersion)), versions)
        return ids


def _table(model: type[Base]) -> Table:
    """The model's table, for Core bulk inserts (no ORM bookkeeping per row)."""
    return Base.metadata.tables[model.__tablename__]


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
