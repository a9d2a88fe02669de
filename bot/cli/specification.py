"""`kravbot baseline create|list|show|diff|export`, `kravbot endorsement open|status|close`
and `kravbot export endorsement ID`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.runner import cli_user, export_commands, run
from bot.config import Settings
from cards.endorsement_cards import stance_words
from cards.quality_cards import rule_name
from cards.texts import Language, language_for, text
from dialogs import quality
from dialogs.baselines import BaselineError, CreateBaseline, compare, create_baseline, find_baseline
from dialogs.baselines.export import FORMATS as BASELINE_FORMATS
from dialogs.baselines.export import export_baseline
from dialogs.baselines.service import OpenFinding, must_findings
from dialogs.decisions.export import write_atomically
from dialogs.endorsements import (
    EndorsementError,
    OpenEndorsement,
    close_by_id,
    open_endorsement,
    status_view,
)
from dialogs.endorsements.export import FORMATS as ENDORSEMENT_FORMATS
from dialogs.endorsements.export import export_endorsement
from dialogs.endorsements.service import find
from dialogs.kernel.context import DialogContext
from dialogs.kernel.errors import WorkflowError
from dialogs.reviews.selection import parse_deadline

if TYPE_CHECKING:
    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]


def register(commands: SubParsers) -> None:
    """Add `baseline`, `endorsement` and `export endorsement`."""
    baseline = commands.add_parser("baseline", help="named, frozen versions of the specification")
    actions = baseline.add_subparsers(dest="baseline_command", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="freeze the current requirement versions")
    create.add_argument("--name", required=True)
    create.add_argument("--group", default="", help="only this group's requirements")
    create.add_argument("--status", default="", help="only requirements with this status")
    create.add_argument("--requirements", default="", help="only these keys (comma-separated)")
    create.add_argument("--by", default=None)
    create.add_argument(
        "--yes",
        action="store_true",
        help="freeze even when skal-krav have open quality findings (without: list them, exit 1)",
    )
    create.set_defaults(run=_create)
    actions.add_parser("list", help="every baseline").set_defaults(run=_list)
    show = actions.add_parser("show", help="one baseline's requirements")
    show.add_argument("name")
    show.set_defaults(run=_show)
    difference = actions.add_parser("diff", help="what changed from baseline A to B")
    difference.add_argument("first")
    difference.add_argument("second")
    difference.set_defaults(run=_diff)
    export = actions.add_parser("export", help="a baseline to a file")
    export.add_argument("name")
    export.add_argument("--format", choices=BASELINE_FORMATS, default="xlsx")
    export.add_argument("-o", "--output", default=None)
    export.set_defaults(run=_export_baseline)
    endorsement = commands.add_parser("endorsement", help="endorsement rounds (tilslutning)")
    rounds = endorsement.add_subparsers(dest="endorsement_command", required=True, metavar="ACTION")
    opening = rounds.add_parser("open", help="ask every participating municipality; prints the id")
    opening.add_argument("--baseline", required=True)
    opening.add_argument("--deadline", required=True, help="Oslo time, e.g. 2026-12-04T15:00")
    opening.add_argument("--by", default=None)
    opening.set_defaults(run=_open)
    state = rounds.add_parser("status", help="the answer of every municipality")
    state.add_argument("id", type=int)
    state.set_defaults(run=_status)
    closing = rounds.add_parser("close", help="close now and record the result")
    closing.add_argument("id", type=int)
    closing.add_argument("--by", default=None)
    closing.set_defaults(run=_close)
    page = export_commands(commands).add_parser("endorsement", help="a signature page")
    page.add_argument("id", type=int)
    page.add_argument("--format", choices=ENDORSEMENT_FORMATS, default="xlsx")
    page.add_argument("-o", "--output", default=None)
    page.set_defaults(run=_export_endorsement)


def _refuse(language: Language, error: WorkflowError) -> int:
    print(f"kravbot: {error.message(language)}", file=sys.stderr)
    return 2


def _create(args: argparse.Namespace, settings: Settings) -> int:
    language = language_for(settings.language)
    keys = tuple(k for k in args.requirements.replace(";", ",").split(",") if k.strip())
    request = CreateBaseline(args.name, cli_user(args.by), args.group, args.status, keys)

    async def work(ctx: DialogContext) -> tuple[list[str], str | None]:
        async with ctx.db.uow() as uow:
            # As the Teams form does: open findings on skal-krav are shown before freezing.
            found = await must_findings(uow, quality.book_for(ctx), request)
            if found and not args.yes:
                return [_finding_line(language, f) for f in found], None
            baseline = await create_baseline(uow, request, language=language)
            await uow.commit()
            return [], f"{baseline.id}\t{baseline.name}\t{baseline.fingerprint}"

    try:
        findings, created = run(settings, work)
    except BaselineError as exc:
        return _refuse(language, exc)
    if created is None:
        for line in findings:
            print(line)
        print(text(language, "baseline.cli.findings"))
        return 1
    print(created)
    return 0


def _finding_line(language: Language, found: OpenFinding) -> str:
    rules = ", ".join(rule_name(language, f.rule) for f in found.findings)
    return f"{found.key}\t{found.score}\t{rules}"


def _list(args: argparse.Namespace, settings: Settings) -> int:
    async def work(ctx: DialogContext) -> list[str]:
        async with ctx.db.read() as uow:
            return [
                f"{b.id}\t{b.name}\t{b.created_at:%Y-%m-%d}\t{b.fingerprint}"
                for b in await uow.baselines.all()
            ]

    for line in run(settings, work):
        print(line)
    return 0


def _show(args: argparse.Namespace, settings: Settings) -> int:
    language = language_for(settings.language)

    async def work(ctx: DialogContext) -> list[str]:
        async with ctx.db.read() as uow:
            baseline, items = await find_baseline(uow, args.name)
        head = text(
            language, "baseline.export.title", name=baseline.name, fingerprint=baseline.fingerprint
        )
        return [head, *(f"{i.key}\tv{i.version}\t{i.fingerprint[:12]}" for i in items)]

    try:
        print("\n".join(run(settings, work)))
    except BaselineError as exc:
        return _refuse(language, exc)
    return 0


def _diff(args: argparse.Namespace, settings: Settings) -> int:
    language = language_for(settings.language)

    async def work(ctx: DialogContext) -> list[str]:
        async with ctx.db.read() as uow:
            found = await compare(uow, args.first, args.second)
        return [
            *(f"+ {key}" for key in found.added),
            *(f"- {key}" for key in found.removed),
            *(f"~ {key}" for key in found.changed),
            text(
                language,
                "baseline.diff.summary",
                added=len(found.added),
                removed=len(found.removed),
                changed=len(found.changed),
                unchanged=found.unchanged,
            ),
        ]

    try:
        print("\n".join(run(settings, work)))
    except BaselineError as exc:
        return _refuse(language, exc)
    return 0


def _write(language: Language, output: str | None, fmt: str, content: bytes) -> int:
    if output:
        write_atomically(Path(output), content)
    elif fmt == "xlsx":
        print(f"kravbot: {text(language, 'review.cli.needs_output')}", file=sys.stderr)
        return 2
    else:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
    return 0


def _export_baseline(args: argparse.Namespace, settings: Settings) -> int:
    language = language_for(settings.language)

    async def work(ctx: DialogContext) -> bytes:
        async with ctx.db.read() as uow:
            baseline, items = await find_baseline(uow, args.name)
        return export_baseline(language, baseline, items, args.format)

    try:
        return _write(language, args.output, args.format, run(settings, work))
    except BaselineError as exc:
        return _refuse(language, exc)


def _open(args: argparse.Namespace, settings: Settings) -> int:
    language = language_for(settings.language)
    deadline = parse_deadline(args.deadline, settings.zone)
    if deadline is None:
        return _refuse(language, EndorsementError("deadline"))
    request = OpenEndorsement(args.baseline, deadline, cli_user(args.by))

    async def work(ctx: DialogContext) -> int:
        async with ctx.db.uow() as uow:
            endorsement = await open_endorsement(uow, ctx, request)
            await uow.commit()
            return endorsement.id

    try:
        print(run(settings, work))
    except EndorsementError as exc:
        return _refuse(language, exc)
    return 0


def _status(args: argparse.Namespace, settings: Settings) -> int:
    language = language_for(settings.language)

    async def work(ctx: DialogContext) -> list[str]:
        async with ctx.db.read() as uow:
            endorsement, baseline = await find(uow, args.id)
            view = await status_view(uow, endorsement, baseline)
        return [
            f"{name}\t{stance_words(language, stance)}\t{by}\t{reservation}"
            for name, stance, by, reservation in view.rows
        ]

    try:
        print("\n".join(run(settings, work)))
    except EndorsementError as exc:
        return _refuse(language, exc)
    return 0


def _close(args: argparse.Namespace, settings: Settings) -> int:
    language = language_for(settings.language)

    async def work(ctx: DialogContext) -> int:
        return (await close_by_id(ctx, args.id, cli_user(args.by))).decision_sequence

    try:
        sequence = run(settings, work)
    except EndorsementError as exc:
        return _refuse(language, exc)
    print(text(language, "endorsement.closed_now", id=args.id, sequence=sequence))
    return 0


def _export_endorsement(args: argparse.Namespace, settings: Settings) -> int:
    language = language_for(settings.language)

    async def work(ctx: DialogContext) -> bytes:
        return await export_endorsement(
            ctx.db, args.id, args.format, language=language, zone=ctx.timezone
        )

    try:
        return _write(language, args.output, args.format, run(settings, work))
    except EndorsementError as exc:
        return _refuse(language, exc)
