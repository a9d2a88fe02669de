"""`kravbot groups|municipalities|people ...`: the project organisation from the command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from bot.cli.catalogue import print_problems
from bot.cli.runner import PEOPLE_HELP, cli_user, database_failed, run, shared_commands
from bot.config import Settings
from cards.catalogue_cards import group_label, kind_words
from cards.imports import counts_text, problem_text
from cards.texts import Language, language_for, text
from dialogs.catalogue.organisation import (
    AddGroup,
    SetRole,
    add_group,
    alias_group,
    archive_group,
    named_group,
    rename_group,
    set_participating,
    set_role,
    set_vote_weight,
    unreachable,
)
from dialogs.decisions import DecisionError
from dialogs.kernel.context import DialogContext
from dialogs.kernel.errors import WorkflowError
from dialogs.organisation import (
    WORKBOOK_SHEETS,
    ImportOrganisation,
    OrganisationResult,
    import_organisation,
    write_template,
)
from storage.uow import UnitOfWork
from vocabulary import GroupKind, MemberRole, MunicipalityRole

Step = Callable[[UnitOfWork], Awaitable[list[str]]]


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `groups`, `municipalities` and `people` to the CLI."""
    groups = commands.add_parser("groups", help="the groups of the project organisation")
    actions = groups.add_subparsers(dest="groups_command", required=True, metavar="ACTION")
    actions.add_parser("list", help="every group").set_defaults(run=_groups_list)
    show = actions.add_parser("show", help="a group's members, chair, delegates and deputies")
    show.add_argument("group")
    show.set_defaults(run=_groups_show)
    add = actions.add_parser("add", help="create a group")
    add.add_argument("code")
    add.add_argument("name")
    add.add_argument("--kind", choices=tuple(GroupKind), default=GroupKind.WORKING)
    add.add_argument("--alias", action="append", default=[], help="another name (repeatable)")
    add.set_defaults(run=_groups_add)
    rename = actions.add_parser("rename", help="give a group a new name")
    rename.add_argument("group")
    rename.add_argument("name")
    rename.set_defaults(run=_groups_rename)
    alias = actions.add_parser("alias", help="add (or --remove) another name of a group")
    alias.add_argument("group")
    alias.add_argument("alias")
    alias.add_argument("--remove", action="store_true")
    alias.set_defaults(run=_groups_alias)
    archive = actions.add_parser("archive", help="archive a group (no open rounds or polls)")
    archive.add_argument("group")
    archive.set_defaults(run=_groups_archive)
    for parser in (add, rename, alias, archive):
        parser.add_argument("--by", default=None, help="who (decision log; default cli:<user>)")

    places = commands.add_parser("municipalities", help="which municipalities take part")
    place_actions = places.add_subparsers(dest="places_command", required=True, metavar="ACTION")
    place_actions.add_parser("list", help="all, with participation").set_defaults(run=_places)
    part = place_actions.add_parser("set-participating", help="mark municipalities")
    part.add_argument("municipality", nargs="+", help="names or numbers")
    part.add_argument("--no", action="store_true", help="mark them as not taking part")
    part.set_defaults(run=_participating)
    weight = place_actions.add_parser(
        "set-weight", help="a municipality's votes in per-municipality polls (default 1)"
    )
    weight.add_argument("municipality", help="name or number")
    weight.add_argument("weight", type=int)
    weight.set_defaults(run=_weight)

    people_actions = shared_commands(commands, "people", PEOPLE_HELP)
    role = people_actions.add_parser("set-role", help="chair, deputy chair, contact person")
    role.add_argument("person", help="e-mail, Entra id, Teams id or full name")
    role.add_argument("role", choices=(*(str(r) for r in MemberRole), *MunicipalityRole))
    role.add_argument("--group", default=None)
    role.add_argument("--municipality", default=None)
    role.set_defaults(run=_set_role)
    reach = people_actions.add_parser("reachability", help="who Kravbot cannot reach, and why")
    reach.add_argument("--group", default=None)
    reach.set_defaults(run=_reachability)
    _register_workbook(commands)


def _register_workbook(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`template organisation` and `import organisation` (the `import` command is shared)."""
    templates = shared_commands(commands, "template", "write an empty workbook to fill in")
    template = templates.add_parser("organisation", help="the organisation workbook (.xlsx)")
    template.add_argument("-o", "--output", required=True, help=".xlsx file to write")
    template.set_defaults(run=_template)
    imports = shared_commands(commands, "import", "import from .xlsx/.csv (all or nothing)")
    workbook = imports.add_parser(
        "organisation", help="municipalities, groups, people and milestones (one workbook)"
    )
    workbook.add_argument("file", help="the filled .xlsx workbook")
    workbook.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    workbook.add_argument("--by", default=None, help="who (decision log; default cli:<user>)")
    workbook.set_defaults(run=_import_workbook)


def _template(args: argparse.Namespace, settings: Settings) -> int:
    path = Path(args.output)
    language = _language(settings)
    if path.suffix.lower() != ".xlsx":
        values = {"suffix": path.suffix or path.name, "valid": [".xlsx"]}
        print(f"kravbot: {problem_text(language, 'unsupported_format', None, None, values)}")
        return 2
    try:
        write_template(path)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        message = text(language, "imports.export.cannot_write", file=str(path), reason=reason)
        print(f"kravbot: {message}", file=sys.stderr)
        return 2
    command = "kravbot import organisation"
    print(text(language, "imports.organisation.template", file=str(path), command=command))
    return 0


def _import_workbook(args: argparse.Namespace, settings: Settings) -> int:
    path = Path(args.file)
    language = _language(settings)
    command = ImportOrganisation(path, cli_user(args.by), language, dry_run=args.dry_run)

    async def work(ctx: DialogContext) -> OrganisationResult:
        return await import_organisation(ctx, command)

    try:
        result = run(settings, work)
    except SQLAlchemyError as exc:
        return database_failed(settings, exc, sys.stderr)
    if result.problems:
        print_problems(language, result.problems, str(path), sys.stderr)
        return 2
    for sheet in WORKBOOK_SHEETS:
        added, changed, unchanged = result.counts.get(sheet, [0, 0, 0])
        counts = counts_text(language, added, changed, unchanged)
        print(text(language, "imports.organisation.line", sheet=sheet, counts=counts))
    if args.dry_run:
        print(text(language, "imports.summary.dry_run"))
    return 0


def _apply(settings: Settings, step: Step, *, commit: bool = True) -> int:
    """Run one step in a unit of work; print its lines (0) or the refusal (2, nothing written)."""
    language = language_for(settings.language)

    async def work(ctx: DialogContext) -> list[str]:
        async with ctx.db.uow() as uow:
            lines = await step(uow)
            if commit:
                await uow.commit()
            return lines

    try:
        lines = run(settings, work)
    except (WorkflowError, DecisionError) as exc:
        for problem in exc.problems:
            print(f"kravbot: {problem.message(language)}", file=sys.stderr)
        return 2
    if lines:
        sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _language(settings: Settings) -> Language:
    return language_for(settings.language)


def _groups_list(args: argparse.Namespace, settings: Settings) -> int:
    language = _language(settings)

    async def step(uow: UnitOfWork) -> list[str]:
        aliases = await uow.groups.aliases()
        lines = []
        for summary in await uow.groups.summaries():
            group = summary.group
            parts = [group_label(group.code, group.name), kind_words(language, group.kind)]
            parts.append(text(language, "catalogue.organisation.members", count=summary.members))
            if aliases.get(group.id):
                names = ", ".join(aliases[group.id])
                parts.append(f"{text(language, 'catalogue.groups.aliases')}: {names}")
            if group.archived_at is not None:
                parts.append(text(language, "catalogue.groups.archived"))
            lines.append(" | ".join(parts))
        return lines

    return _apply(settings, step, commit=False)


def _groups_show(args: argparse.Namespace, settings: Settings) -> int:
    language = _language(settings)

    async def step(uow: UnitOfWork) -> list[str]:
        group = await named_group(uow, args.group)
        places = {m.number: m.name for m in await uow.municipalities.all()}
        seats: dict[int, list[str]] = {}
        for role in await uow.municipalities.group_roles(group):
            where = places.get(role.municipality_number, role.municipality_number)
            words = text(language, f"polls.represents.{role.role}")
            seats.setdefault(role.person_id, []).append(f"{words} ({where})")
        lines = [group_label(group.code, group.name)]
        for person, membership in await uow.groups.members(group):
            parts = [person.name, places.get(person.municipality_number or "", "")]
            if membership.role == MemberRole.CHAIR:
                parts.append(text(language, "imports.role.chair"))
            parts += seats.get(person.id, [])
            lines.append("  " + " | ".join(part for part in parts if part))
        return lines

    return _apply(settings, step, commit=False)


def _saved(settings: Settings, code: str, name: str) -> list[str]:
    label = group_label(code, name)
    return [text(_language(settings), "catalogue.organisation.saved", group=label)]


def _groups_add(args: argparse.Namespace, settings: Settings) -> int:
    async def step(uow: UnitOfWork) -> list[str]:
        command = AddGroup(args.code, args.name, args.kind, cli_user(args.by), args.alias)
        group = await add_group(uow, command)
        return _saved(settings, group.code, group.name)

    return _apply(settings, step)


def _groups_rename(args: argparse.Namespace, settings: Settings) -> int:
    async def step(uow: UnitOfWork) -> list[str]:
        group = await rename_group(uow, args.group, args.name, cli_user(args.by))
        return _saved(settings, group.code, group.name)

    return _apply(settings, step)


def _groups_alias(args: argparse.Namespace, settings: Settings) -> int:
    async def step(uow: UnitOfWork) -> list[str]:
        by = cli_user(args.by)
        group = await alias_group(uow, args.group, args.alias, by, remove=args.remove)
        return _saved(settings, group.code, group.name)

    return _apply(settings, step)


def _groups_archive(args: argparse.Namespace, settings: Settings) -> int:
    async def step(uow: UnitOfWork) -> list[str]:
        group = await archive_group(uow, args.group, cli_user(args.by))
        return _saved(settings, group.code, group.name)

    return _apply(settings, step)


def _places(args: argparse.Namespace, settings: Settings) -> int:
    language = _language(settings)

    async def step(uow: UnitOfWork) -> list[str]:
        mark = text(language, "catalogue.groups.participating")
        return [
            f"{m.number} {m.name} ({m.county})" + (f" | {mark}" if m.participating else "")
            for m in await uow.municipalities.all()
        ]

    return _apply(settings, step, commit=False)


def _participating(args: argparse.Namespace, settings: Settings) -> int:
    async def step(uow: UnitOfWork) -> list[str]:
        changed = await set_participating(uow, args.municipality, not args.no)
        return [f"{m.number} {m.name}: {'-' if args.no else '+'}" for m in changed]

    return _apply(settings, step)


def _weight(args: argparse.Namespace, settings: Settings) -> int:
    async def step(uow: UnitOfWork) -> list[str]:
        municipality = await set_vote_weight(uow, args.municipality, args.weight)
        return [
            text(
                _language(settings),
                "polls.cli.weight_saved",
                municipality=municipality.name,
                weight=municipality.vote_weight,
            )
        ]

    return _apply(settings, step)


def _set_role(args: argparse.Namespace, settings: Settings) -> int:
    async def step(uow: UnitOfWork) -> list[str]:
        command = SetRole(args.person, args.role, args.group, args.municipality)
        person = await set_role(uow, command)
        return [text(_language(settings), "catalogue.organisation.saved", group=person.name)]

    return _apply(settings, step)


def _reachability(args: argparse.Namespace, settings: Settings) -> int:
    language = _language(settings)

    async def step(uow: UnitOfWork) -> list[str]:
        missing = await unreachable(uow, args.group)
        if not missing:
            return [text(language, "catalogue.reach.everyone")]
        lines = [text(language, "catalogue.reach.title", count=len(missing))]
        for reach in missing:
            reason = text(language, f"catalogue.reach.{reach.state}")
            lines.append(text(language, "catalogue.reach.line", name=reach.name, reason=reason))
        return lines

    return _apply(settings, step, commit=False)
