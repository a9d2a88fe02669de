"""`kravbot backup -o FILE` and `kravbot restore FILE`: every table, portable between databases."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli.runner import run
from bot.config import Settings
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


def _total(summary: BackupSummary) -> str:
    tables = sum(1 for count in summary.counts.values() if count)
    return f"{sum(summary.counts.values())} rows in {tables} tables"


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

    try:
        summary = run(settings, work)
    except (BackupError, OSError) as exc:
        print(f"kravbot backup: {exc}", file=sys.stderr)
        return 2
    if args.out != "-":
        print(f"wrote {args.out}: {_total(summary)}, schema revision {summary.revision}")
    return 0


def _restore(args: argparse.Namespace, settings: Settings) -> int:
    try:
        with open(args.file, encoding="utf-8") as source:
            document = read(source)
    except (BackupError, OSError) as exc:
        print(f"kravbot restore: {exc}", file=sys.stderr)
        return 2

    async def work(ctx: DialogContext) -> BackupSummary:
        return await restore(ctx.db.engine, document)

    try:
        summary = run(settings, work)
    except BackupError as exc:
        print(f"kravbot restore: {exc}", file=sys.stderr)
        return 2
    print(f"restored {_total(summary)}, schema revision {summary.revision}")
    print("run `kravbot decisions verify` to check the decision log")
    return 0
