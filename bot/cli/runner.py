"""What every `kravbot` subcommand shares: one way to reach the database, one name for the CLI
user in the decision log, and the one `export` command every area adds its formats to."""

from __future__ import annotations

import argparse
import asyncio
import getpass
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TextIO, TypeVar

from sqlalchemy.exc import SQLAlchemyError

from bot.config import Settings
from cards.texts import language_for, text
from dialogs.kernel.context import DialogContext
from storage.database import Database

T = TypeVar("T")
# `kravbot people` gathers actions of several areas (roles, reachability, personal data).
PEOPLE_HELP = "people: roles, reachability, and their personal data (export, forget)"
if TYPE_CHECKING:
    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]


def run(settings: Settings, work: Callable[[DialogContext], Awaitable[T]]) -> T:
    """Run `work` against the configured database in a fresh event loop, then close it.

    `work` gets what a workflow step gets (database, language, time zone); the CLI reads no
    Teams roster, so `roster` and `directory` are None.
    """

    async def main() -> T:
        db = Database(settings.database_url)
        ctx = DialogContext(
            db=db,
            default_language=language_for(settings.language),
            timezone=settings.zone,
            witness=settings.witness(),
            quality_dir=settings.quality_path,
        )
        try:
            return await work(ctx)
        finally:
            await db.dispose()

    return asyncio.run(main())


def cli_user(by: str | None = None) -> str:
    """Who a CLI command records in the decision log: `--by`, else `cli:<os user>`."""
    if by and by.strip():
        return by.strip()
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        # No user name in a bare container: still say it came from the command line.
        return "cli:unknown"


def shared_commands(commands: SubParsers, name: str, help: str) -> SubParsers:
    """The subcommands of `kravbot <name>`, which several areas add actions to.

    Creates the command on first use; later callers get the same subparsers action.
    """
    existing = commands.choices.get(name)
    if existing is None:
        existing = commands.add_parser(name, help=help)
        return existing.add_subparsers(dest=f"{name}_command", required=True, metavar="ACTION")
    for action in existing._actions:
        if isinstance(action, argparse._SubParsersAction):
            found: SubParsers = action
            return found
    return existing.add_subparsers(dest=f"{name}_command", required=True, metavar="ACTION")


def export_commands(commands: SubParsers) -> SubParsers:
    """The subcommands of `kravbot export`, shared by every area that exports something."""
    return shared_commands(
        commands, "export", "export requirements, decisions, polls and reviews to files"
    )


def database_failed(settings: Settings, exc: SQLAlchemyError | OSError, err: TextIO) -> int:
    """One localized line, exit 1, for a database that is unmigrated, unreachable or failing."""
    cause = getattr(exc, "orig", None) or exc
    reason = (str(cause).splitlines() or [type(cause).__name__])[0]
    if _unmigrated(cause):
        key = "imports.database.not_ready"
    elif isinstance(cause, OSError) or "connect" in reason.lower():
        key = "imports.database.unreachable"
    else:
        key = "decisions.error.database"
    said = text(settings.language, key, reason=reason, setting="KRAVBOT_DATABASE_URL")
    print(f"kravbot: {said}", file=err)
    return 1


def _unmigrated(cause: BaseException) -> bool:
    # SQLite says "no such table", PostgreSQL raises UndefinedTable (42P01).
    return (
        "no such table" in str(cause)
        or getattr(cause, "sqlstate", None) == "42P01"
        or (type(cause).__name__ == "UndefinedTableError")
    )
