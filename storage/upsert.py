"""INSERT ... ON CONFLICT for both databases, so concurrent turns never race on a new row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import case
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import Insert

from storage.models import Base


def upsert_statement(
    session: AsyncSession,
    model: type[Base],
    values: dict[str, Any],
    *,
    conflict: Sequence[str],
    update: Sequence[str],
    forward_only: Sequence[str] = (),
) -> Insert:
    """Insert `values`, or on a `conflict` update the columns named in `update`.

    Columns in `forward_only` (timestamps) keep the larger of the stored and the new value, so
    two concurrent writers cannot move them back in time.
    """
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    insert = postgresql.insert(model) if dialect == "postgresql" else sqlite.insert(model)
    statement = insert.values(**values)
    if not update:
        return statement.on_conflict_do_nothing(index_elements=list(conflict))
    excluded = statement.excluded
    assignments: dict[str, Any] = {name: excluded[name] for name in update}
    for name in forward_only:
        stored = getattr(model, name)
        assignments[name] = case((excluded[name] > stored, excluded[name]), else_=stored)
    return statement.on_conflict_do_update(index_elements=list(conflict), set_=assignments)
