"""`kravbot import ...` and `kravbot export ...`: the catalogue from and to spreadsheets."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TextIO, TypeVar

from sqlalchemy.exc import SQLAlchemyError

from bot.cli.runner import cli_user, database_failed, export_commands, run
from bot.config import Settings
from cards.imports import counts_text, field_labels, problem_text
from cards.quality_cards import import_lines
from cards.texts import language_for, text
from dialogs.catalogue import (
    FORMATS,
    ExportError,
    ExportRequirements,
    ImportPeople,
    ImportRequirements,
    ImportResult,
    PeopleResult,
    export_requirements,
    import_people,
    import_requirements,
)
from dialogs.catalogue.spreadsheets import Problem, collector_paused
from dialogs.kernel.context import DialogContext

T = TypeVar("T")
R = TypeVar("R", ImportResult, PeopleResult)
# What `kravbot export requirements` refuses because of the options given (exit 2).
_BAD_OPTIONS = frozenset({"unknown_group", "unknown_status", "needs_output"})


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `import requirements|people` and `export requirements` to the CLI."""
    imports = commands.add_parser(
        "import", help="import requirements or people from .xlsx/.csv (all or nothing)"
    ).add_subparsers(dest="import_command", required=True, metavar="WHAT")

    requirements = imports.add_parser("requirements", help="requirements (new ones and changes)")
    requirements.add_argument("file", help=".xlsx or .csv file")
    requirements.add_argument("--sheet", default=None, help="sheet name (default: the first)")
    requirements.add_argument(
        "--dry-run", action="store_true", help="show what would change, write nothing"
    )
    requirements.add_argument("--by", default=None, help="who makes the change (version history)")
    requirements.add_argument("--reason", default="", help="why (version history)")
    requirements.set_defaults(run=_import_requirements)

    people = imports.add_parser("people", help="people, their municipality, groups and roles")
    people.add_argument("file", help=".xlsx or .csv file")
    people.add_argument("--sheet", default=None, help="sheet name (default: the first)")
    people.add_argument(
        "--dry-run", action="store_true", help="show what would change, write nothing"
    )
    people.add_argument(
        "--replace-memberships",
        action="store_true",
        help="remove memberships of listed people in groups the file does not list",
    )
    people.set_defaults(run=_import_people)

    export = export_commands(commands).add_parser("requirements", help="requirements as a table")
    export.add_argument("--format", choices=FORMATS, default="xlsx")
    export.add_argument("-o", "--output", default=None, help="file (default: stdout; not xlsx)")
    export.add_argument("--group", default=None, help="only this group (code)")
    export.add_argument("--status", default=None, help="only this status")
    export.set_defaults(run=_export_requirements)


def _run(settings: Settings, work: Callable[[DialogContext], Awaitable[T]]) -> T:
    # A one-shot command over a bounded file: the cyclic collector would only rescan the tens
    # of thousands of cells and rows it keeps alive (about a fifth of an import's time).
    with collector_paused():
        return run(settings, work)


def print_problems(language: str, problems: Sequence[Problem], file: str, err: TextIO) -> None:
    """Every problem of an imported file on a line of its own, in people's words, then that
    nothing was imported."""
    for problem in problems:
        line = problem_text(
            language, problem.code, problem.row, problem.column, problem.values, problem.sheet
        )
        print(line, file=err)
    print(text(language, "imports.summary.failed", count=len(problems), file=file), file=err)


def _import(
    settings: Settings,
    path: Path,
    work: Callable[[DialogContext], Awaitable[R]],
    report: Callable[[R], list[str]],
) -> int:
    """Run an import; print its report (0) or every problem in the file (2: bad input, nothing
    written, as for the organisation workbook); a database that is not ready is 1."""
    try:
        result = _run(settings, work)
    except SQLAlchemyError as exc:
        return database_failed(settings, exc, sys.stderr)
    if result.problems:
        print_problems(settings.language, result.problems, str(path), sys.stderr)
        return 2
    sys.stdout.write("\n".join(report(result)) + "\n")
    return 0


def _import_requirements(args: argparse.Namespace, settings: Settings) -> int:
    path = Path(args.file)

    async def work(ctx: DialogContext) -> ImportResult:
        command = ImportRequirements(
            path,
            args.sheet,
            args.dry_run,
            by=cli_user(args.by),
            reason=args.reason,
            quality_dir=settings.quality_path,
        )
        return await import_requirements(ctx.db, command)

    def report(result: ImportResult) -> list[str]:
        plan = result.plan
        lines = _report(
            settings.language,
            added=[item.data.key for item in plan.added],
            changed=[(change.key, list(change.changes)) for change in plan.changed],
            unchanged=list(plan.unchanged),
            dry_run=args.dry_run,
        )
        # Quality findings before the closing counts line: reported, never a refusal.
        findings = import_lines(language_for(settings.language), result.quality)
        return lines[:-1] + findings + lines[-1:]

    return _import(settings, path, work, report)


def _report(
    language: str,
    *,
    added: list[str],
    changed: list[tuple[str, list[str]]],
    unchanged: list[str],
    dry_run: bool,
) -> list[str]:
    """What an import added and changed (and, in a dry run, left alone), then the counts."""
    lines = [text(language, "imports.line.added", item=item) for item in added]
    lines += [
        text(language, "imports.line.changed", item=item, fields=field_labels(language, fields))
        for item, fields in changed
    ]
    if dry_run:
        lines += [text(language, "imports.line.unchanged", item=item) for item in unchanged]
        lines.append(text(language, "imports.summary.dry_run"))
    lines.append(counts_text(language, len(added), len(changed), len(unchanged)))
    return lines


def _import_people(args: argparse.Namespace, settings: Settings) -> int:
    path = Path(args.file)

    async def work(ctx: DialogContext) -> PeopleResult:
        command = ImportPeople(path, args.sheet, args.dry_run, args.replace_memberships)
        return await import_people(ctx.db, command)

    def report(result: PeopleResult) -> list[str]:
        language = settings.language
        lines = _report(
            language,
            added=list(result.added),
            changed=[(name, list(fields)) for name, fields in result.changed],
            unchanged=list(result.unchanged),
            dry_run=args.dry_run,
        )
        memberships = text(
            language,
            "imports.summary.memberships",
            added=result.memberships_added,
            changed=result.memberships_changed,
            removed=result.memberships_removed,
        )
        return [*lines, memberships]

    return _import(settings, path, work, report)


def _export_requirements(args: argparse.Namespace, settings: Settings) -> int:
    out, err = sys.stdout, sys.stderr
    language = settings.language
    if args.format == "xlsx" and not args.output:
        print(f"kravbot: {text(language, 'imports.export.needs_output')}", file=err)
        return 2
    target = Path(args.output) if args.output else None

    async def work(ctx: DialogContext) -> int:
        command = ExportRequirements(
            args.format, target or out, language, group=args.group, status=args.status
        )
        return await export_requirements(ctx.db, command)

    try:
        count = _run(settings, work)
    except SQLAlchemyError as exc:
        return database_failed(settings, exc, err)
    except ExportError as exc:
        print(f"kravbot: {exc.message(language_for(language))}", file=err)
        return 2 if exc.code in _BAD_OPTIONS else 1
    if target is not None:
        print(text(language, "imports.export.written", count=count, file=str(target)), file=err)
    return 0
