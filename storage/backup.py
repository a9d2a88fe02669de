"""A portable, versioned backup of every Kravbot table, and its restore into an empty database.

The backup is one JSON document: the format and its version, the schema revision it was taken
at, and every row of every table of `storage.models` in an order that satisfies the foreign
keys. It is read and written through SQLAlchemy, so a SQLite backup restores into PostgreSQL
and back. Restoring inserts rows only: the decision log's append-only triggers (created by the
migrations, which run first) stay in place and are never disabled.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from sqlalchemy import Date, Table, func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.migrate import current_revision, head_revision, upgrade
from storage.models import Base, UTCDateTime

FORMAT = "kravbot-backup"
VERSION = 1
# Rows inserted per statement when restoring.
_BATCH = 500
# Tables the migrations fill on an empty database; a restore replaces their rows.
SEEDED = frozenset({"municipalities"})


class BackupError(Exception):
    """The file is not a Kravbot backup this version can restore, or the target is not empty.

    `code` names the reason and `values` fill it in; the CLI says it in the operator's language
    (`operations.backup.error.<code>` in `cards/catalogues/operations.py`).
    """

    def __init__(self, code: str, **values: Any) -> None:
        super().__init__(code, values)
        self.code = code
        self.values = values


@dataclass(frozen=True, slots=True)
class BackupSummary:
    """What a backup holds or a restore wrote: rows per table and the schema revision."""

    revision: str
    counts: dict[str, int]


def tables() -> list[Table]:
    """Every table Kravbot keeps, parents before children."""
    return list(Base.metadata.sorted_tables)


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _decoder(table: Table) -> dict[str, type[datetime] | type[date]]:
    kinds: dict[str, type[datetime] | type[date]] = {}
    for column in table.columns:
        if isinstance(column.type, UTCDateTime):
            kinds[column.name] = datetime
        elif isinstance(column.type, Date):
            kinds[column.name] = date
    return kinds


async def dump(engine: AsyncEngine, out: IO[str]) -> BackupSummary:
    """Write every table to `out` as one JSON document, in one read transaction."""
    revision = await current_revision(engine)
    if revision is None:
        raise BackupError("no_schema", command="kravbot db upgrade")
    counts: dict[str, int] = {}
    async with engine.connect() as conn:
        out.write(json.dumps({"format": FORMAT, "version": VERSION, "revision": revision})[:-1])
        out.write(', "tables": {')
        for index, table in enumerate(tables()):
            columns = [column.name for column in table.columns]
            out.write(f"{', ' if index else ''}{json.dumps(table.name)}: ")
            out.write(f'{{"columns": {json.dumps(columns)}, "rows": [')
            order = list(table.primary_key.columns)
            result = await conn.stream(select(table).order_by(*order))
            count = 0
            async for row in result:
                encoded = json.dumps([_encode(value) for value in row], ensure_ascii=False)
                out.write(f"{', ' if count else ''}{encoded}")
                count += 1
            out.write("]}")
            counts[table.name] = count
        out.write("}}\n")
    return BackupSummary(revision, counts)


def read(source: IO[str]) -> dict[str, Any]:
    """Parse and check a backup document (format, version, tables known to this Kravbot)."""
    try:
        document = json.load(source)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BackupError("not_json", reason=str(exc)) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError("no_marker", marker=FORMAT)
    if document.get("version") != VERSION:
        raise BackupError("version", found=repr(document.get("version")), expected=VERSION)
    known = {table.name: table for table in tables()}
    stored = document.get("tables")
    if not isinstance(stored, dict) or set(stored) - set(known):
        raise BackupError("unknown_tables")
    for name, content in stored.items():
        columns = content.get("columns") if isinstance(content, dict) else None
        if columns != [column.name for column in known[name].columns]:
            raise BackupError("columns", table=name)
    return document


async def occupied(conn: AsyncConnection) -> list[str]:
    """Tables that hold rows (the migrations' own seed rows excepted)."""
    busy = []
    for table in tables():
        if table.name in SEEDED:
            continue
        if await conn.scalar(select(func.count()).select_from(table)):
            busy.append(table.name)
    return busy


def _rows(table: Table, content: dict[str, Any]) -> Iterator[dict[str, Any]]:
    columns: list[str] = content["columns"]
    kinds = _decoder(table)
    for values in content["rows"]:
        row = dict(zip(columns, values, strict=True))
        for name, kind in kinds.items():
            if row[name] is not None:
                row[name] = kind.fromisoformat(row[name])
        yield row


async def restore(engine: AsyncEngine, document: dict[str, Any]) -> BackupSummary:
    """Migrate the target to the newest schema and insert the backup's rows, all or nothing.

    Refuses a target that already holds data, and a backup taken at another schema revision
    (restore it with the Kravbot version that took it, then upgrade).
    """
    await upgrade(engine)
    head = head_revision()
    if document["revision"] != head:
        raise BackupError(
            "revision", found=document["revision"], head=head, command="kravbot db upgrade"
        )
    counts: dict[str, int] = {}
    async with engine.begin() as conn:
        busy = await occupied(conn)
        if busy:
            raise BackupError("not_empty", tables=", ".join(busy))
        for table in tables():
            content = document["tables"].get(table.name, {"columns": [], "rows": []})
            if table.name in SEEDED:
                await conn.execute(table.delete())
            batch: list[dict[str, Any]] = []
            for row in _rows(table, content):
                batch.append(row)
                if len(batch) == _BATCH:
                    await conn.execute(table.insert(), batch)
                    batch = []
            if batch:
                await conn.execute(table.insert(), batch)
            counts[table.name] = len(content["rows"])
            await _advance_sequence(conn, table)
    return BackupSummary(head, counts)


async def _advance_sequence(conn: AsyncConnection, table: Table) -> None:
    # PostgreSQL's serial sequences do not see explicit ids: move them past the restored rows
    # so the next insert does not collide. SQLite derives the next id from the table itself.
    column = table.autoincrement_column
    if conn.dialect.name != "postgresql" or column is None:
        return
    highest = await conn.scalar(select(func.max(column)))
    await conn.execute(
        text("SELECT setval(pg_get_serial_sequence(:table, :column), :next, false)"),
        {"table": table.name, "column": column.name, "next": int(highest or 0) + 1},
    )


async def counts(engine: AsyncEngine) -> dict[str, int]:
    """Rows per table."""
    async with engine.connect() as conn:
        return {
            table.name: int(await conn.scalar(select(func.count()).select_from(table)) or 0)
            for table in tables()
        }
