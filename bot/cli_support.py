"""What `kravbot` subcommands share: a database per command, and the one `export` command."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

from bot.config import Settings
from storage.database import Database

T = TypeVar("T")
if TYPE_CHECKING:
    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]


def with_database(settings: Settings, work: Callable[[Database], Awaitable[T]]) -> T:
    """Run `work` against the configured database in a fresh event loop, then close it."""

    async def run() -> T:
        db = Database(settings.database_url)
        try:
            return await work(db)
        finally:
            await db.dispose()

    return asyncio.run(run())


def export_commands(commands: SubParsers) -> SubParsers:
    """The subcommands of `kravbot export`, shared by every area that exports something.

    Creates `export` on first use; later callers get the same subparsers action.
    """
    existing = commands.choices.get("export")
    if existing is None:
        existing = commands.add_parser(
            "export", help="export requirements, decisions, polls and reviews to files"
        )
        return existing.add_subparsers(dest="export_command", required=True, metavar="WHAT")
    for action in existing._actions:
        if isinstance(action, argparse._SubParsersAction):
            found: SubParsers = action
            return found
    return existing.add_subparsers(dest="export_command", required=True, metavar="WHAT")
