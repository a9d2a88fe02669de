"""`kravbot quality report|overlaps`: requirement quality and overlaps as files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli.runner import run
from bot.config import Settings
from cards.texts import language_for, text
from dialogs.kernel.context import DialogContext
from dialogs.quality import QualityError, book_for
from dialogs.quality.export import FORMATS, overlap_table, report_rows, report_table, write_table

Table = tuple[list[str], list[list[str | int]]]


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `quality report` and `quality overlaps` to the CLI."""
    quality = commands.add_parser(
        "quality", help="requirement quality: findings per requirement, overlapping pairs"
    ).add_subparsers(dest="quality_command", required=True, metavar="ACTION")
    report = quality.add_parser("report", help="score and findings of every requirement")
    overlaps = quality.add_parser("overlaps", help="near-duplicate requirements, in pairs")
    for sub, run_it in ((report, _report), (overlaps, _overlaps)):
        sub.add_argument("--group", default=None, help="only this group (code, e.g. HJT)")
        sub.add_argument("--format", choices=FORMATS, default="md")
        sub.add_argument("-o", "--output", default=None, help="file to write (xlsx needs one)")
        sub.set_defaults(run=run_it)


def _write(args: argparse.Namespace, settings: Settings, title_key: str, table: Table) -> int:
    language = language_for(settings.language)
    output = Path(args.output) if args.output else None
    if args.format == "xlsx" and output is None:
        print(f"kravbot quality: {text(language, 'quality.cli.needs_output')}", file=sys.stderr)
        return 2
    title = text(language, title_key)
    written = write_table(args.format, output, title, *table)
    if written is not None and output is not None:
        output.write_text(written, encoding="utf-8")
    elif written is not None:
        sys.stdout.write(written)
    if output is not None:
        print(text(language, "quality.cli.wrote", title=title, file=str(output)), file=sys.stderr)
    return 0


def _run_table(args: argparse.Namespace, settings: Settings, overlaps: bool) -> Table | int:
    language = language_for(settings.language)

    async def work(ctx: DialogContext) -> Table:
        async with ctx.db.uow() as uow:
            book = book_for(ctx)
            if overlaps:
                table = await overlap_table(uow, book, language, args.group)
            else:
                table = report_table(language, await report_rows(uow, book, args.group))
            await uow.commit()
            return table

    try:
        return run(settings, work)
    except QualityError as exc:
        print(f"kravbot quality: {exc.message(language)}", file=sys.stderr)
        return 2


def _report(args: argparse.Namespace, settings: Settings) -> int:
    table = _run_table(args, settings, overlaps=False)
    return (
        table if isinstance(table, int) else _write(args, settings, "quality.report.title", table)
    )


def _overlaps(args: argparse.Namespace, settings: Settings) -> int:
    table = _run_table(args, settings, overlaps=True)
    if isinstance(table, int):
        return table
    return _write(args, settings, "quality.report.overlaps_title", table)
