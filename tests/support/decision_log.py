"""Shared by the decision-log CLI tests: groups to record into, and raw SQL as an attacker."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from storage.database import Database


def add_groups(url: str, *groups: tuple[str, str, str]) -> None:
    """Add groups (code, name, kind) to the database at `url`."""

    async def run() -> None:
        db = Database(url)
        try:
            async with db.uow() as uow:
                for code, name, kind in groups:
                    await uow.groups.add(code, name, kind)
                await uow.commit()
        finally:
            await db.dispose()

    asyncio.run(run())


def run_sql(url: str, *statements: str) -> None:
    """Run statements in one transaction, bypassing Kravbot (as someone with database access)."""

    async def run() -> None:
        db = Database(url)
        try:
            async with db.engine.begin() as conn:
                for statement in statements:
                    await conn.execute(text(statement))
        finally:
            await db.dispose()

    asyncio.run(run())
