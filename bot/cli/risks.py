"""`kravbot risks list|add|update|import FILE|export`: the ROS register on the command line."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from bot.cli.catalogue import print_problems
from bot.cli.runner import cli_user, run
from bot.config import Settings
from cards.risk_cards import level_words, status_words
from cards.texts import Language, language_for, text
from dialogs.catalogue.spreadsheets import SpreadsheetError, as_text, read_table
from dialogs.decisions.export import write_atomically
from dialogs.kernel.context import DialogContext
from dialogs.kernel.errors import WorkflowError
from dialogs.risks import RiskError, RiskValues, add_risk, change_risk, import_risks, risk_views
from storage.models import utcnow
from storage.uow import UnitOfWork

if TYPE_CHECKING:
    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]

# Columns of an imported or exported file; an import also takes the Norwegian names.
COLUMNS: Final = {
    "title": ("title", "tittel"),
    "description": ("description", "beskrivelse"),
    "owner": ("owner", "eier"),
    "likelihood": ("likelihood", "sannsynlighet"),
    "consequence": ("consequence", "konsekvens"),
    "measures": ("measures", "tiltak"),
    "status": ("status",),
    "next_review": ("next_review", "neste vurdering", "vurdering"),
}


class BadInput(Exception):
    """Input the CLI refuses: one line on stderr, exit 2, nothing written."""


def _refuse(message: object) -> int:
    print(f"kravbot risks: {message}", file=sys.stderr)
    return 2


def _number(raw: str | None, language: Language) -> int | None:
    if raw is None or raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        raise BadInput(text(language, "risks.cli.not_a_number", value=raw)) from None


def _day(raw: str | None, language: Language) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw.strip()[:10])
    except ValueError:
        raise BadInput(text(language, "risks.cli.not_a_date", value=raw)) from None


async def _owner(uow: UnitOfWork, email: str | None, language: Language) -> int | None:
    if not email:
        return None
    person = await uow.people.by_email(email.strip().lower())
    if person is None:
        raise BadInput(text(language, "risks.error.owner", value=email))
    return person.id


def _values(raw: dict[str, str | None], owner_id: int | None, language: Language) -> RiskValues:
    return RiskValues(
        title=raw.get("title") or None,
        description=raw.get("description"),
        owner_id=owner_id,
        likelihood=_number(raw.get("likelihood"), language),
        consequence=_number(raw.get("consequence"), language),
        measures=raw.get("measures"),
        status=raw.get("status") or None,
        next_review=_day(raw.get("next_review"), language),
    )


def _from_args(args: argparse.Namespace) -> dict[str, str | None]:
    return {name: getattr(args, name, None) for name in COLUMNS if name != "owner"}


def _write(settings: Settings, work: Any) -> int:
    """Run a writing command: refusals of the service or the input exit 2, nothing stored."""
    language = language_for(settings.language)
    try:
        print(run(settings, work))
    except WorkflowError as exc:
        return _refuse("; ".join(p.message(language) for p in exc.problems))
    except BadInput as exc:
        return _refuse(exc)
    return 0


def _add(args: argparse.Namespace, settings: Settings) -> int:
    async def work(ctx: DialogContext) -> str:
        async with ctx.db.uow() as uow:
            owner = await _owner(uow, args.owner, ctx.default_language)
            values = _values(_from_args(args), owner, ctx.default_language)
            if values.likelihood is None or values.consequence is None:
                raise RiskError("scale")
            risk = await add_risk(uow, ctx, values, cli_user(args.by), utcnow())
            await uow.commit()
            return text(ctx.default_language, "risks.cli.added", id=risk.id)

    return _write(settings, work)


def _update(args: argparse.Namespace, settings: Settings) -> int:
    async def work(ctx: DialogContext) -> str:
        async with ctx.db.uow() as uow:
            risk = await uow.risks.get(args.number)
            if risk is None:
                raise RiskError("not_found", 404, number=args.number)
            owner = await _owner(uow, args.owner, ctx.default_language)
            values = _values(_from_args(args), owner, ctx.default_language)
            count = await change_risk(uow, ctx, risk, values, cli_user(args.by), utcnow())
            await uow.commit()
            return text(ctx.default_language, "risks.cli.changed", id=risk.id, count=count)

    return _write(settings, work)


def _rows(path: Path, language: Language) -> list[tuple[int, dict[str, str]]]:
    """The rows of an imported file by column name; raises SpreadsheetError or BadInput."""
    table = read_table(path)
    lowered = [h.strip().lower() for h in table.headers]
    where = {
        name: next((lowered.index(a) for a in aliases if a in lowered), None)
        for name, aliases in COLUMNS.items()
    }
    if where["title"] is None:
        raise BadInput(text(language, "risks.cli.needs_title", names=" / ".join(COLUMNS["title"])))
    found: list[tuple[int, dict[str, str]]] = []
    for number, cells in table.rows:
        row = {
            name: as_text(cells[index]) if index is not None and index < len(cells) else ""
            for name, index in where.items()
        }
        found.append((number, row))
    return found


def _import(args: argparse.Namespace, settings: Settings) -> int:
    language = language_for(settings.language)
    try:
        rows = _rows(Path(args.file), language)
    except SpreadsheetError as exc:
        print_problems(language, [exc.problem], args.file, sys.stderr)
        return 2
    except BadInput as exc:
        return _refuse(exc)

    async def work(ctx: DialogContext) -> str:
        language = ctx.default_language
        async with ctx.db.uow() as uow:
            values: list[RiskValues] = []
            for number, row in rows:
                try:
                    owner = await _owner(uow, row.get("owner"), language)
                    values.append(_values(dict(row), owner, language))
                except BadInput as exc:
                    raise BadInput(
                        text(language, "risks.error.row", row=number, problem=exc)
                    ) from None
            try:
                added, changed = await import_risks(uow, ctx, values, cli_user(args.by), utcnow())
            except WorkflowError as exc:
                raise BadInput(exc.message(language)) from None
            await uow.commit()
            return text(language, "risks.cli.imported", added=added, changed=changed)

    return _write(settings, work)


def _export(args: argparse.Namespace, settings: Settings) -> int:
    language = language_for(settings.language)

    async def work(ctx: DialogContext) -> list[dict[str, Any]]:
        async with ctx.db.read() as uow:
            return [
                {
                    "number": v.id,
                    "title": v.title,
                    "description": v.description,
                    "owner": v.owner or "",
                    "likelihood": v.likelihood,
                    "consequence": v.consequence,
                    "score": v.score,
                    "level": level_words(language, v.level),
                    "measures": v.measures,
                    "status": status_words(language, v.status),
                    "next_review": v.next_review.isoformat() if v.next_review else "",
                }
                for v in await risk_views(uow)
            ]

    rows = run(settings, work)
    if args.format == "json":
        body = json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(
            buffer, fieldnames=list(rows[0]) if rows else ["number"], delimiter=";"
        )
        writer.writeheader()
        writer.writerows(rows)
        body = buffer.getvalue()
    if args.out == "-":
        sys.stdout.write(body)
    else:
        write_atomically(Path(args.out), body.encode("utf-8"))
    return 0


def _list(args: argparse.Namespace, settings: Settings) -> int:
    language = language_for(settings.language)

    async def work(ctx: DialogContext) -> list[str]:
        async with ctx.db.read() as uow:
            return [
                f"R{v.id}\t{v.score}\t{level_words(language, v.level)}\t"
                f"{status_words(language, v.status)}\t{v.title}"
                for v in await risk_views(uow)
            ]

    for line in run(settings, work):
        print(line)
    return 0


def _fields(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument("--title", required=required)
    parser.add_argument("--description")
    parser.add_argument("--owner", help="the owner's e-mail address")
    parser.add_argument("--likelihood", help="1-5", required=required)
    parser.add_argument("--consequence", help="1-5", required=required)
    parser.add_argument("--measures")
    parser.add_argument("--status", help="open, monitoring or closed")
    parser.add_argument("--next-review", dest="next_review", help="YYYY-MM-DD")
    parser.add_argument("--by", default=None, help="who is recorded (default cli:<user>)")


def register(commands: SubParsers) -> None:
    """Add `kravbot risks ...` to the CLI."""
    risks = commands.add_parser("risks", help="the ROS risk register").add_subparsers(
        dest="risks_command", required=True, metavar="ACTION"
    )
    risks.add_parser("list", help="every risk, largest first").set_defaults(run=_list)
    add = risks.add_parser("add", help="add a risk")
    _fields(add, required=True)
    add.set_defaults(run=_add)
    update = risks.add_parser("update", help="change a risk (every change is recorded)")
    update.add_argument("number", type=int)
    _fields(update, required=False)
    update.set_defaults(run=_update)
    load = risks.add_parser("import", help="add or change risks by title from .xlsx or .csv")
    load.add_argument("file")
    load.add_argument("--by", default=None)
    load.set_defaults(run=_import)
    export = risks.add_parser("export", help="write the register as CSV or JSON")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("-o", "--out", default="-")
    export.set_defaults(run=_export)
