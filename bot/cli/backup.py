"""`kravbot backup -o FILE` and `kravbot restore FILE`: every table, portable between databases."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli.runner import run
from bot.config import Settings
from cards.texts import Language, language_for, text
from dialogs.kernel.context import DialogContext
from storage.backup import BackupError, BackupSummary, dump, read, restore


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `backup` and `restore` to the CLI."""
    backup = commands.add_parser(
        "backup", help="write every table to one JSON file (restores into SQLite or PostgreSQL)"
    )
    backup.add_argument("-o", "--out", required=True, help="file to write ('-' for stdout)")
    backup.set_defaults(run=_backup)
    restore_cmd = commands.add_parser(
        "restore", help="restore a backup into an empty database (migrates it first)"
    )
    restore_cmd.add_argument("file", help="a file written by `kravbot backup`")
    restore_cmd.set_defaults(run=_restore)


def _totals(summary: BackupSummary) -> dict[str, object]:
    """The values of the summary line: rows, tables that hold any, schema revision."""
    return {
        "rows": sum(summary.counts.values()),
        "tables": sum(1 for count in summary.counts.values() if count),
        "revision": summary.revision,
    }


def _failed(command: str, language: Language, exc: BackupError | OSError) -> int:
    """A refused backup or restore: one line on stderr, exit 2."""
    if isinstance(exc, BackupError):
        reason = text(language, f"operations.backup.error.{exc.code}", **exc.values)
    else:
        reason = text(
            language,
            "operations.backup.error.file",
            file=exc.filename or "?",
            reason=exc.strerror or type(exc).__name__,
        )
    print(f"kravbot {command}: {reason}", file=sys.stderr)
    return 2


def _backup(args: argparse.Namespace, settings: Settings) -> int:
    async def work(ctx: DialogContext) -> BackupSummary:
        if args.out == "-":
            return await dump(ctx.db.engine, sys.stdout)
        # Written beside the target and renamed: a failed backup never leaves half a file
        # under the name an operator expects to hold a good one.
        target = Path(args.out)
        partial = target.with_name(f".{target.name}.partial")
        with partial.open("w", encoding="utf-8") as out:
            summary = await dump(ctx.db.engine, out)
        partial.replace(target)
        return summary

    language = language_for(settings.language)
    try:
        summary = run(settings, work)
    except (BackupError, OSError) as exc:
        return _failed("backup", language, exc)
    if args.out != "-":
        print(text(language, "operations.backup.wrote", file=args.out, **_totals(summary)))
    return 0


def _restore(args: argparse.Namespace, settings: Settings) -> int:
    language = language_for(settings.language)
    try:
        with open(args.file, encoding="utf-8") as source:
            document = read(source)
    except (BackupError, OSError) as exc:
        return _failed("restore", language, exc)

    async def work(ctx: DialogContext) -> BackupSummary:
        return await restore(ctx.db.engine, document)

    try:
        summary = run(settings, work)
    except BackupError as exc:
        return _failed("restore", language, exc)
    print(text(language, "operations.backup.restored", **_totals(summary)))
    print(text(language, "operations.backup.verify_hint", command="kravbot decisions verify"))
    return 0
