"""`kravbot milestones list|add|import FILE|set-status|ics`."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final

from bot.cli.catalogue import print_problems
from bot.cli.runner import cli_user, run
from bot.config import Settings
from cards.milestone_cards import format_due, status_words
from cards.texts import Language, language_for, text
from dialogs.catalogue.spreadsheets import CellValue, SpreadsheetError, Table, as_text, read_table
from dialogs.decisions.export import write_atomically
from dialogs.kernel.context import DialogContext
from dialogs.kernel.errors import WorkflowError
from dialogs.milestones import (
    AddMilestone,
    ChangeMilestone,
    add_milestone,
    change_milestone,
    milestones_ics,
)
from storage.models import utcnow
from storage.uow import UnitOfWork
from vocabulary import MilestoneStatus, Precision

if TYPE_CHECKING:
    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]

# Accepted column names of an imported file (lower-case).
COLUMNS: Final = {
    "title": ("title", "tittel", "milepæl", "milepael"),
    "due": ("due", "frist", "dato"),
    "precision": ("precision", "presisjon"),
    "phase": ("phase", "fase"),
    "owner": ("owner", "ansvarlig", "eier"),
    "group": ("group", "gruppe"),
    "status": ("status",),
}


class BadInput(Exception):
    """Input the CLI refuses: one line on stderr, exit 2, nothing written."""


def _refuse(message: object) -> int:
    print(f"kravbot: {message}", file=sys.stderr)
    return 2


def _refused(error: WorkflowError, settings: Settings) -> int:
    """A refusal of the milestone or decision service, every problem on one line."""
    language = language_for(settings.language)
    return _refuse("; ".join(problem.message(language) for problem in error.problems))


def _due(raw: str, precision: str, language: Language) -> date:
    """`2024-09-17`, or `2024-09` for a month; BadInput in people's words otherwise."""
    given = raw.strip()
    padded = given + "-01" if len(given) == 7 and precision == Precision.MONTH else given
    try:
        value = date.fromisoformat(padded) if len(padded) == 10 else None
    except ValueError:
        value = None
    if value is None:
        raise BadInput(text(language, "milestones.cli.bad_date", value=given))
    return value.replace(day=1) if precision == Precision.MONTH else value


def _choice(value: str, allowed: tuple[str, ...], column: str, language: Language) -> str:
    if value not in allowed:
        raise BadInput(
            text(
                language,
                "milestones.cli.bad_value",
                value=value,
                column=column,
                allowed=", ".join(allowed),
            )
        )
    return value


async def _person_id(uow: UnitOfWork, value: str, language: Language) -> int | None:
    if not value:
        return None
    person = await uow.people.by_email(value.lower())
    if person is None:
        raise BadInput(text(language, "milestones.cli.unknown_person", value=value))
    return person.id


async def _group_id(uow: UnitOfWork, value: str, language: Language) -> int | None:
    if not value:
        return None
    group = await uow.groups.by_code(value.upper())
    if group is None:
        raise BadInput(text(language, "milestones.cli.unknown_group", value=value))
    return group.id


def _list(args: argparse.Namespace, settings: Settings) -> int:
    language = language_for(settings.language)

    async def work(ctx: DialogContext) -> list[str]:
        async with ctx.db.read() as uow:
            return [
                f"{m.id}\t{format_due(language, m.due_date, m.precision)}\t"
                f"{status_words(language, m.status)}\t{m.title}"
                for m in await uow.milestones.all()
            ]

    for line in run(settings, work):
        print(line)
    return 0


def _add(args: argparse.Namespace, settings: Settings) -> int:
    try:
        due = _due(args.due, args.precision, language_for(settings.language))
    except BadInput as exc:
        return _refuse(exc)

    async def work(ctx: DialogContext) -> str:
        language = ctx.default_language
        async with ctx.db.uow() as uow:
            command = AddMilestone(
                title=args.title,
                phase=args.phase,
                due=due,
                precision=Precision(args.precision),
                owner_id=await _person_id(uow, args.owner or "", language),
                group_id=await _group_id(uow, args.group or "", language),
                by=cli_user(args.by),
            )
            milestone = await add_milestone(uow, ctx, command, utcnow())
            await uow.commit()
            return text(
                language,
                "milestones.cli.added",
                id=milestone.id,
                title=milestone.title,
                due=format_due(language, milestone.due_date, milestone.precision),
            )

    try:
        print(run(settings, work))
    except BadInput as exc:
        return _refuse(exc)
    return 0


class _Columns:
    """Where each known column is in an imported table."""

    def __init__(self, table: Table) -> None:
        lookup = {name: key for key, names in COLUMNS.items() for name in names}
        self.index = {
            lookup[h.strip().lower()]: i
            for i, h in enumerate(table.headers)
            if h.strip().lower() in lookup
        }

    def cell(self, values: tuple[CellValue, ...], name: str) -> str:
        position = self.index.get(name)
        if position is None or position >= len(values):
            return ""
        return as_text(values[position])


async def _row(
    uow: UnitOfWork, columns: _Columns, values: tuple[CellValue, ...], by: str, language: Language
) -> AddMilestone:
    """One row of an imported file as a milestone; raises BadInput in people's words."""
    cell = columns.cell
    precision = _choice(
        cell(values, "precision") or Precision.DAY, tuple(Precision), "precision", language
    )
    status = _choice(
        cell(values, "status") or MilestoneStatus.PLANNED,
        tuple(MilestoneStatus),
        "status",
        language,
    )
    phase = cell(values, "phase") or "1"
    if not phase.isdigit():
        raise BadInput(
            text(
                language,
                "milestones.cli.bad_value",
                value=phase,
                column="phase",
                allowed="1, 2, 3, ...",
            )
        )
    return AddMilestone(
        title=cell(values, "title"),
        phase=int(phase),
        due=_due(cell(values, "due"), precision, language),
        precision=Precision(precision),
        owner_id=await _person_id(uow, columns.cell(values, "owner"), language),
        group_id=await _group_id(uow, columns.cell(values, "group"), language),
        by=by,
        status=MilestoneStatus(status),
    )


async def _import_rows(
    ctx: DialogContext, table: Table, file: Path, by: str, now: datetime
) -> tuple[int, int]:
    """Add new milestones (by title) and update existing ones, all in one transaction."""
    language = ctx.default_language
    columns = _Columns(table)
    created = updated = 0
    async with ctx.db.uow() as uow:
        for number, values in table.rows:
            try:
                row = await _row(uow, columns, values, by, language)
            except BadInput as exc:
                raise BadInput(
                    text(language, "milestones.cli.bad_row", row=number, problem=exc)
                ) from None
            existing = await uow.milestones.by_title(row.title)
            if existing is None:
                await add_milestone(uow, ctx, row, now)
                created += 1
                continue
            existing.owner_id, existing.group_id, existing.phase = (
                row.owner_id,
                row.group_id,
                row.phase,
            )
            change = ChangeMilestone(
                by=by,
                due=row.due,
                precision=row.precision,
                status=row.status,
                reason=f"import {file.name}",
            )
            outcome = await change_milestone(uow, ctx, existing, change, now)
            updated += int(outcome.changed)
        await uow.commit()
    return created, updated


def _import(args: argparse.Namespace, settings: Settings) -> int:
    file = Path(args.file)
    language = language_for(settings.language)
    try:
        table = read_table(file)
    except SpreadsheetError as exc:
        print_problems(language, [exc.problem], str(file), sys.stderr)
        return 2
    if not {"title", "due"} <= _Columns(table).index.keys():
        title, due = (" / ".join(COLUMNS[name]) for name in ("title", "due"))
        return _refuse(text(language, "milestones.cli.needs_columns", title=title, due=due))
    by = cli_user(args.by)
    try:
        created, updated = run(settings, lambda ctx: _import_rows(ctx, table, file, by, utcnow()))
    except BadInput as exc:
        return _refuse(exc)
    except WorkflowError as exc:
        return _refused(exc, settings)
    print(text(language, "milestones.cli.imported", created=created, updated=updated))
    return 0


def _set_status(args: argparse.Namespace, settings: Settings) -> int:
    command = ChangeMilestone(by=cli_user(args.by), status=args.status, reason=args.reason or "")

    async def work(ctx: DialogContext) -> str:
        language = ctx.default_language
        async with ctx.db.uow() as uow:
            milestone = await uow.milestones.get(args.id)
            if milestone is None:
                raise BadInput(text(language, "milestones.not_found"))
            await change_milestone(uow, ctx, milestone, command, utcnow())
            await uow.commit()
            return text(
                language,
                "milestones.cli.status_set",
                id=milestone.id,
                status=status_words(language, milestone.status),
            )

    try:
        print(run(settings, work))
    except BadInput as exc:
        return _refuse(exc)
    except WorkflowError as exc:
        return _refused(exc, settings)
    return 0


def _ics(args: argparse.Namespace, settings: Settings) -> int:
    language = language_for(settings.language)
    body = run(settings, lambda ctx: milestones_ics(ctx.db, ctx.default_language, utcnow()))
    if args.output in (None, "-"):
        sys.stdout.write(body)
        return 0
    write_atomically(Path(args.output), body.encode("utf-8"))
    count = body.count("BEGIN:VEVENT")
    print(text(language, "milestones.cli.wrote", count=count, file=args.output))
    return 0


def _by(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--by", default=None, help="who made the change (default: cli:<user>)")


def register(commands: SubParsers) -> None:
    """Add `milestones list|add|import|set-status|ics` to the CLI."""
    milestones = commands.add_parser(
        "milestones", help="milestones of the project plan"
    ).add_subparsers(dest="milestones_command", required=True, metavar="ACTION")
    milestones.add_parser("list", help="every milestone").set_defaults(run=_list)
    add = milestones.add_parser("add", help="add a milestone (schedules its reminders)")
    add.add_argument("--title", required=True)
    add.add_argument("--due", required=True, help="YYYY-MM-DD, or YYYY-MM with --precision month")
    add.add_argument("--precision", choices=tuple(Precision), default=Precision.DAY)
    add.add_argument("--phase", type=int, choices=(1, 2, 3), default=1)
    add.add_argument("--owner", help="the owner's e-mail address")
    add.add_argument("--group", help="code of the group to notify, e.g. PRO")
    _by(add)
    add.set_defaults(run=_add)
    imp = milestones.add_parser("import", help="add or update milestones from a CSV or XLSX file")
    imp.add_argument("file", help="columns: title, due, precision, phase, owner, group, status")
    _by(imp)
    imp.set_defaults(run=_import)
    status = milestones.add_parser("set-status", help="change a milestone's status")
    status.add_argument("id", type=int)
    status.add_argument("status", choices=tuple(MilestoneStatus))
    status.add_argument("--reason", default="", help="required for cancelled")
    _by(status)
    status.set_defaults(run=_set_status)
    ics = milestones.add_parser("ics", help="write the milestones as an iCalendar file")
    ics.add_argument("-o", "--output", default=None, help="file to write (default: stdout)")
    ics.set_defaults(run=_ics)
