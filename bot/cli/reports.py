"""`kravbot report draft|list`, `kravbot export report ID --format md|html` and the public
status page, `kravbot export status --format html|json`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.runner import export_commands, run
from bot.config import Settings
from cards.texts import Language, language_for, text
from dialogs.decisions.export import write_atomically
from dialogs.kernel.context import DialogContext
from dialogs.overview import public_status, status_json, status_page
from dialogs.reports import (
    ReportError,
    draft_report,
    parse_schedule,
    report_html,
    report_markdown,
    report_view,
    send_draft,
)
from storage.models import utcnow

if TYPE_CHECKING:
    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]


def register(commands: SubParsers) -> None:
    """Add `report draft|list` and `export report` to the CLI."""
    report = commands.add_parser("report", help="status reports to the steering group")
    actions = report.add_subparsers(dest="report_command", required=True, metavar="ACTION")
    actions.add_parser(
        "draft", help="draft today's report now and send it to the project lead"
    ).set_defaults(run=_draft)
    actions.add_parser("list", help="the newest reports").set_defaults(run=_list)
    export = export_commands(commands).add_parser("report", help="a status report")
    export.add_argument("id", type=int)
    export.add_argument("--format", choices=("md", "html"), default="md")
    export.add_argument("-o", "--output", default=None, help="file (default: stdout)")
    export.set_defaults(run=_export)
    status = export_commands(commands).add_parser(
        "status", help="the public status page (no personal data)"
    )
    status.add_argument("--format", choices=("html", "json"), default="html")
    status.add_argument("-o", "--output", default=None, help="file (default: stdout)")
    status.set_defaults(run=_export_status)


def _draft(args: argparse.Namespace, settings: Settings) -> int:
    from bot.bootstrap import build_registry

    providers = build_registry(settings).report_sections
    every = parse_schedule(settings.report_cron).every

    async def work(ctx: DialogContext) -> tuple[int, bool, int]:
        async with ctx.db.uow() as uow:
            report, new = await draft_report(uow, ctx, providers, utcnow(), every)
            sent = await send_draft(uow, ctx, report) if new else 0
            await uow.commit()
            return report.id, new, sent

    number, new, sent = run(settings, work)
    language = language_for(settings.language)
    if new:
        print(text(language, "report.cli.drafted", number=number, sent=sent))
    else:
        print(text(language, "report.cli.already_drafted", number=number))
    return 0


def _list(args: argparse.Namespace, settings: Settings) -> int:
    async def work(ctx: DialogContext) -> list[str]:
        async with ctx.db.read() as uow:
            return [
                f"{r.id}\t{r.period_end.isoformat()}\t{r.status}\t{r.approved_by or ''}"
                for r in await uow.reports.latest(20)
            ]

    for line in run(settings, work):
        print(line)
    return 0


def _export(args: argparse.Namespace, settings: Settings) -> int:
    language = language_for(settings.language)

    async def work(ctx: DialogContext) -> str:
        async with ctx.db.read() as uow:
            report = await uow.reports.get(args.id)
            if report is None:
                raise ReportError("unknown", 404, value=args.id)
            view = report_view(report, ctx)
        return (
            report_markdown(language, view) if args.format == "md" else report_html(language, view)
        )

    try:
        content = run(settings, work)
    except ReportError as exc:
        print(f"kravbot export report: {exc.message(language)}", file=sys.stderr)
        return 2
    return _write(language, args.output, content)


def _export_status(args: argparse.Namespace, settings: Settings) -> int:
    language = language_for(settings.language)

    async def work(ctx: DialogContext) -> str:
        now = utcnow()
        async with ctx.db.read() as uow:
            status = await public_status(uow, now, now.astimezone(ctx.timezone).date())
        if args.format == "json":
            return json.dumps(status_json(status), ensure_ascii=False, indent=2) + "\n"
        return status_page(language, status)

    return _write(language, args.output, run(settings, work))


def _write(language: Language, output: str | None, content: str) -> int:
    if output:
        write_atomically(Path(output), content.encode("utf-8"))
        print(text(language, "report.cli.wrote", file=output))
    else:
        sys.stdout.write(content)
        sys.stdout.flush()
    return 0
