"""`kravbot milestones list|add|import FILE|set-status|ics`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from bot.config import Settings
from cards.milestone_cards import PRECISIONS, STATUSES, format_due, status_words
from cards.texts import Language, language_for, text
from dialogs.catalogue.spreadsheets import SpreadsheetError, as_text, read_table
from dialogs.kernel.context import DialogContext
from dialogs.milestone_calendar import milestones_ics
from dialogs.milestones import MilestoneError, change_milestone, schedule_reminders
from storage.database import Database
from storage.models import utcnow
from storage.uow import UnitOfWork

T = TypeVar("T")
if TYPE_CHECKING:
    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]

CLI_BY = "kravbot milestones"
# Accepted column names of an imported file (lower-case).
COLUMNS = {
    "title": ("title", "tittel", "milepæl", "milepael"),
    "due": ("due", "frist", "dato"),
    "precision": ("precision", "presisjon"),
    "phase": ("phase", "fase"),
    "owner": ("owner", "ansvarlig", "eier"),
    "group": ("group", "gruppe"),
    "status": ("status",),
}


def _run(settings: Settings, work: Callable[[DialogContext], Awaitable[T]]) -> T:
    async def run() -> T:
        db = Database(settings.database_url)
        try:
            ctx = DialogContext(
                db=db, default_language=language_for(settings.language), timezone=settings.zone
            )
            return await work(ctx)
        finally:
            await db.dispose()

    return asyncio.run(run())


def _due(raw: str, precision: str) -> date:
    """`2024-09-17`, or `2024-09` for a month."""
    raw = raw.strip()
    if len(raw) == 7 and precision == "month":
        raw += "-01"
    value = date.fromisoformat(raw[:10])
    return value.replace(day=1) if precision == "month" else value


async def _person_id(uow: UnitOfWork, value: str) -> int | None:
    if not value:
        return None
    person = await uow.people.by_email(value.lower())
    if person is None:
        raise LookupError(text("nb", "milestones.cli.unknown_person", value=value))
    return person.id


async def _group_id(uow: UnitOfWork, value: str) -> int | None:
    if not value:
        return None
    group = await uow.groups.by_code(value.upper())
    if group is None:
        raise LookupError(text("nb", "milestones.cli.unknown_group", value=value))
    return group.id


def _list(args: argparse.Namespace, settings: Settings) -> int:
    language = language_for(settings.language)

    async def work(ctx: DialogContext) -> list[str]:
        async with ctx.db.uow() as uow:
            return [
                f"{m.id}\t{format_due(language, m.due_date, m.precision)}\t"
                f"{status_words(language, m.status)}\t{m.title}"
                for m in await uow.milestones.all()
            ]

    for line in _run(settings, work):
        print(line)
    return 0


def _add(args: argparse.Namespace, settings: Settings) -> int:
    language = language_for(settings.language)

    async def work(ctx: DialogContext) -> str:
        async with ctx.db.uow() as uow:
            milestone = await uow.milestones.add(
                title=args.title,
                phase=args.phase,
                due_date=_due(args.due, args.precision),
                precision=args.precision,
                owner_id=await _person_id(uow, args.owner or ""),
                group_id=await _group_id(uow, args.group or ""),
                changed_by=CLI_BY,
            )
            await schedule_reminders(uow, milestone, utcnow(), ctx)
            await uow.commit()
            return text(
                language,
                "milestones.cli.added",
                id=milestone.id,
                title=milestone.title,
                due=format_due(language, milestone.due_date, milestone.precision),
            )

    try:
        print(_run(settings, work))
    except (LookupError, ValueError) as exc:
        print(f"kravbot: {exc}", file=sys.stderr)
        return 2
    return 0


def _import(args: argparse.Namespace, settings: Settings) -> int:
    language = language_for(settings.language)
    try:
        table = read_table(Path(args.file))
    except SpreadsheetError as exc:
        print(f"kravbot: {exc.problem.code} {dict(exc.problem.values)}", file=sys.stderr)
        return 2
    lookup = {name: key for key, names in COLUMNS.items() for name in names}
    index = {
        lookup[h.strip().lower()]: i
        for i, h in enumerate(table.headers)
        if h.strip().lower() in lookup
    }
    if "title" not in index or "due" not in index:
        print("kravbot: the file needs the columns title and due", file=sys.stderr)
        return 2

    def cell(values: tuple[object, ...], name: str) -> str:
        position = index.get(name)
        if position is None or position >= len(values):
            return ""
        return as_text(values[position])  # type: ignore[arg-type]

    async def work(ctx: DialogContext) -> tuple[int, int]:
        created = updated = 0
        now = utcnow()
        async with ctx.db.uow() as uow:
            for number, values in table.rows:
                try:
                    precision = cell(values, "precision") or "day"
                    status = cell(values, "status") or "planned"
                    if precision not in PRECISIONS or status not in STATUSES:
                        raise ValueError(f"{precision}/{status}")
                    title = cell(values, "title")
                    due = _due(cell(values, "due"), precision)
                    owner = await _person_id(uow, cell(values, "owner"))
                    group = await _group_id(uow, cell(values, "group"))
                    phase = int(cell(values, "phase") or 1)
                except (LookupError, ValueError) as exc:
                    raise ValueError(
                        text(language, "milestones.cli.bad_row", row=number, problem=exc)
                    ) from None
                existing = await uow.milestones.by_title(title)
                if existing is None:
                    milestone = await uow.milestones.add(
                        title=title,
                        phase=phase,
                        due_date=due,
                        precision=precision,
                        owner_id=owner,
                        group_id=group,
                        status=status,
                        changed_by=CLI_BY,
                    )
                    await schedule_reminders(uow, milestone, now, ctx)
                    created += 1
                else:
                    existing.owner_id, existing.group_id, existing.phase = owner, group, phase
                    outcome = await change_milestone(
                        uow,
                        ctx,
                        existing,
                        by=CLI_BY,
                        now=now,
                        due=due,
                        precision=precision,
                        status=status,
                        reason=f"import {Path(args.file).name}",
                    )
                    updated += int(outcome.changed)
            await uow.commit()
        return created, updated

    try:
        created, updated = _run(settings, work)
    except (ValueError, MilestoneError) as exc:
        print(f"kravbot: {exc}", file=sys.stderr)
        return 2
    print(text(language, "milestones.cli.imported", created=created, updated=updated))
    return 0


def _set_status(args: argparse.Namespace, settings: Settings) -> int:
    language = language_for(settings.language)

    async def work(ctx: DialogContext) -> str:
        async with ctx.db.uow() as uow:
            milestone = await uow.milestones.get(args.id)
            if milestone is None:
                raise LookupError(text(language, "milestones.not_found"))
            await change_milestone(
                uow,
                ctx,
                milestone,
                by=args.by,
                now=utcnow(),
                status=args.status,
                reason=args.reason or "",
            )
            await uow.commit()
            return text(
                language,
                "milestones.cli.status_set",
                id=milestone.id,
                status=status_words(language, milestone.status),
            )

    try:
        print(_run(settings, work))
    except LookupError as exc:
        print(f"kravbot: {exc}", file=sys.stderr)
        return 1
    except MilestoneError as exc:
        print(
            f"kravbot: {text(language, f'milestones.error.{exc.code}', **exc.values)}",
            file=sys.stderr,
        )
        return 2
    return 0


def _ics(args: argparse.Namespace, settings: Settings) -> int:
    language: Language = language_for(settings.language)

    async def work(ctx: DialogContext) -> str:
        return await milestones_ics(ctx.db, language, utcnow())

    body = _run(settings, work)
    if args.output in (None, "-"):
        sys.stdout.write(body)
    else:
        Path(args.output).write_bytes(body.encode("utf-8"))
        print(
            text(
                language, "milestones.cli.wrote", count=body.count("BEGIN:VEVENT"), file=args.output
            )
        )
    return 0


def register(commands: SubParsers) -> None:
    """Add `milestones list|add|import|set-status|ics` to the CLI."""
    milestones = commands.add_parser(
        "milestones", help="milestones of the project plan"
    ).add_subparsers(dest="milestones_command", required=True, metavar="ACTION")
    milestones.add_parser("list", help="every milestone").set_defaults(run=_list)
    add = milestones.add_parser("add", help="add a milestone (schedules its reminders)")
    add.add_argument("--title", required=True)
    add.add_argument("--due", required=True, help="YYYY-MM-DD, or YYYY-MM with --precision month")
    add.add_argument("--precision", choices=PRECISIONS, default="day")
    add.add_argument("--phase", type=int, choices=(1, 2, 3), default=1)
    add.add_argument("--owner", help="the owner's e-mail address")
    add.add_argument("--group", help="code of the group to notify, e.g. PRO")
    add.set_defaults(run=_add)
    imp = milestones.add_parser("import", help="add or update milestones from a CSV or XLSX file")
    imp.add_argument("file", help="columns: title, due, precision, phase, owner, group, status")
    imp.set_defaults(run=_import)
    status = milestones.add_parser("set-status", help="change a milestone's status")
    status.add_argument("id", type=int)
    status.add_argument("status", choices=STATUSES)
    status.add_argument("--reason", default="", help="required for cancelled")
    status.add_argument("--by", default=CLI_BY, help="who made the change")
    status.set_defaults(run=_set_status)
    ics = milestones.add_parser("ics", help="write the milestones as an iCalendar file")
    ics.add_argument("-o", "--output", default=None, help="file to write (default: stdout)")
    ics.set_defaults(run=_ics)
