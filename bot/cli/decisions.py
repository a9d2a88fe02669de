"""`kravbot decisions add|list|verify` and `kravbot export decisions`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from bot.cli.runner import cli_user, export_commands, run
from bot.config import Settings
from cards.texts import Language, language_for, text
from dialogs.decisions import (
    DecisionDraft,
    DecisionError,
    VerifyResult,
    parse_basis,
    record_decision,
    verify_log,
)
from dialogs.decisions.export import FORMATS, export_decisions, parse_period, write_atomically
from dialogs.kernel.context import DialogContext
from vocabulary import DecisionKind

if TYPE_CHECKING:
    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]


def register(commands: SubParsers) -> None:
    """Add `decisions add|list|verify` and `export decisions` to the CLI."""
    decisions = commands.add_parser(
        "decisions", help="the decision log: add, list, verify"
    ).add_subparsers(dest="decisions_command", required=True, metavar="ACTION")

    add = decisions.add_parser("add", help="record a decision; prints its number")
    add.add_argument("--title", required=True)
    add.add_argument("--text", required=True, help="the resolution (vedtak)")
    add.add_argument("--group", required=True, help="group code of the deciding body")
    add.add_argument("--kind", choices=tuple(DecisionKind), default=DecisionKind.MANUAL)
    add.add_argument("--outcome", default="adopted", help="adopted, rejected, postponed, noted")
    add.add_argument("--basis", default=None, help="JSON object: tallies, votes, links")
    add.add_argument("--corrects", type=int, default=None, help="number of a decision corrected")
    add.add_argument("--by", default=None, help="who records it (default: cli:<user>)")
    add.set_defaults(run=_add)

    listing = decisions.add_parser("list", help="the latest decisions, newest first")
    listing.add_argument("--limit", type=int, default=20)
    listing.set_defaults(run=_list)

    decisions.add_parser("verify", help="check every hash and link of the chain").set_defaults(
        run=_verify
    )

    export = export_commands(commands).add_parser("decisions", help="the decision log")
    export.add_argument("--format", choices=FORMATS, default="json")
    export.add_argument("--from", dest="start", default=None, help="first day, YYYY-MM-DD")
    export.add_argument("--to", dest="end", default=None, help="last day, YYYY-MM-DD")
    export.add_argument("-o", "--output", default=None, help="file (default: stdout; not xlsx)")
    export.set_defaults(run=_export)


def _language(settings: Settings) -> Language:
    return language_for(settings.language)


def _fail(language: Language, error: DecisionError) -> int:
    """Bad input: every problem on one line of stderr, exit 2."""
    problems = "; ".join(problem.message(language) for problem in error.problems)
    print(f"kravbot: {problems}", file=sys.stderr)
    return 2


def _database_failed(language: Language, exc: SQLAlchemyError) -> int:
    reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
    print(f"kravbot: {text(language, 'decisions.error.database', reason=reason)}", file=sys.stderr)
    return 1


def _add(args: argparse.Namespace, settings: Settings) -> int:
    language = _language(settings)
    try:
        basis = parse_basis(args.basis) if args.basis is not None else {}
    except DecisionError as exc:
        return _fail(language, exc)
    draft = DecisionDraft(
        kind=args.kind,
        title=args.title,
        text=args.text,
        group_code=args.group,
        recorded_by=cli_user(args.by),
        outcome=args.outcome,
        basis=basis,
        corrects=args.corrects,
    )

    async def work(ctx: DialogContext) -> int:
        async with ctx.db.uow() as uow:
            decision = await record_decision(uow, draft)
            await uow.commit()
            return decision.sequence

    try:
        sequence = run(settings, work)
    except DecisionError as exc:
        return _fail(language, exc)
    except SQLAlchemyError as exc:
        return _database_failed(language, exc)
    print(sequence)
    return 0


def _list(args: argparse.Namespace, settings: Settings) -> int:
    language = _language(settings)
    if args.limit < 1:
        print(f"kravbot: {text(language, 'decisions.error.limit')}", file=sys.stderr)
        return 2

    async def work(ctx: DialogContext) -> list[str]:
        async with ctx.db.read() as uow:
            return [
                "\t".join(
                    (
                        str(d.sequence),
                        d.case_ref,
                        d.decided_at.astimezone(settings.zone).isoformat(timespec="minutes"),
                        d.group_code,
                        d.outcome,
                        d.title,
                    )
                )
                for d in await uow.decisions.latest(args.limit)
            ]

    try:
        lines = run(settings, work)
    except SQLAlchemyError as exc:
        return _database_failed(language, exc)
    for line in lines:
        print(line)
    if not lines:
        print(text(language, "decisions.list.empty"))
    return 0


def _verify(args: argparse.Namespace, settings: Settings) -> int:
    language = _language(settings)

    async def work(ctx: DialogContext) -> VerifyResult:
        async with ctx.db.uow() as uow:
            return await verify_log(uow)

    try:
        result = run(settings, work)
    except SQLAlchemyError as exc:
        return _database_failed(language, exc)
    if result.problem is not None:
        problem = result.problem
        message = text(
            language,
            f"decisions.verify.{problem.reason}",
            sequence=problem.sequence,
            position=problem.position,
        )
        print(message)
        return 1
    print(text(language, "decisions.verify.intact", count=result.count))
    print(text(language, "decisions.verify.head", head=result.head))
    return 0


def _export(args: argparse.Namespace, settings: Settings) -> int:
    language = _language(settings)
    if args.format == "xlsx" and not args.output:
        print(f"kravbot: {text(language, 'decisions.error.needs_output')}", file=sys.stderr)
        return 2
    try:
        period = parse_period(args.start, args.end, settings.zone)
    except DecisionError as exc:
        return _fail(language, exc)

    async def work(ctx: DialogContext) -> tuple[int, bytes]:
        return await export_decisions(
            ctx.db, args.format, period, language=language, zone=ctx.timezone
        )

    try:
        count, content = run(settings, work)
    except SQLAlchemyError as exc:
        return _database_failed(language, exc)
    if args.output:
        target = Path(args.output)
        write_atomically(target, content)
        print(
            text(language, "decisions.cli.written", count=count, file=str(target)), file=sys.stderr
        )
    else:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
    return 0
