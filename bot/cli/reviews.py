"""`kravbot review open|close` and `kravbot export review ID`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.runner import cli_user, export_commands, run
from bot.config import Settings
from cards.texts import Language, language_for, text
from dialogs.decisions.export import write_atomically
from dialogs.kernel.context import DialogContext
from dialogs.reviews import (
    ClosedRound,
    CloseRequest,
    OpenRequest,
    ReviewError,
    close_by_id,
    open_round,
)
from dialogs.reviews.export import FORMATS, export_review
from dialogs.reviews.selection import parse_deadline
from dialogs.reviews.service import closed_words

if TYPE_CHECKING:
    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]


def register(commands: SubParsers) -> None:
    """Add `review open|close` and `export review`."""
    review = commands.add_parser("review", help="requirement review rounds").add_subparsers(
        dest="review_command", required=True, metavar="ACTION"
    )
    opening = review.add_parser("open", help="open a review round; prints its id")
    opening.add_argument("--group", required=True, help="group code, e.g. HJT")
    opening.add_argument(
        "--requirements",
        required=True,
        help="keys, a range (HJT-001..HJT-040), 'category: NAME' or 'status: draft'",
    )
    opening.add_argument("--deadline", required=True, help="Oslo time, e.g. 2026-12-04T15:00")
    opening.add_argument("--instructions", default="", help="shown to the members")
    opening.add_argument(
        "--min-municipalities",
        type=int,
        default=None,
        help="participating municipalities that must answer each requirement "
        "(default: half of those in the group, at least two)",
    )
    opening.add_argument("--by", default=None, help="who opens it (default: cli:<your user name>)")
    opening.set_defaults(run=_open)
    closing = review.add_parser("close", help="close a review round now")
    closing.add_argument("id", type=int)
    closing.add_argument("--by", default=None)
    closing.set_defaults(run=_close)
    export = export_commands(commands).add_parser("review", help="a review round")
    export.add_argument("id", type=int)
    export.add_argument("--format", choices=FORMATS, default="xlsx")
    export.add_argument("-o", "--output", default=None, help="file (default: stdout; not xlsx)")
    export.set_defaults(run=_export)


def _refuse(language: Language, error: ReviewError) -> int:
    # Bad input (unknown group or round, a selection or deadline that does not work): one
    # line on stderr and exit status 2, like argparse's own usage errors; nothing was written.
    messages = " ".join(problem.message(language) for problem in error.problems)
    print(f"kravbot: {messages}", file=sys.stderr)
    return 2


def _open(args: argparse.Namespace, settings: Settings) -> int:
    language = language_for(settings.language)
    deadline = parse_deadline(args.deadline, settings.zone)
    if deadline is None:
        return _refuse(language, ReviewError("deadline"))
    request = OpenRequest(
        group_code=args.group,
        selection=args.requirements,
        deadline=deadline,
        instructions=args.instructions,
        by_name=cli_user(args.by),
        min_municipalities=args.min_municipalities,
    )

    async def work(ctx: DialogContext) -> int:
        async with ctx.db.uow() as uow:
            review = await open_round(uow, ctx, request)
            await uow.commit()
            return review.id

    try:
        round_id = run(settings, work)
    except ReviewError as exc:
        return _refuse(language, exc)
    print(round_id)
    return 0


def _close(args: argparse.Namespace, settings: Settings) -> int:
    language = language_for(settings.language)
    request = CloseRequest(args.id, cli_user(args.by))

    async def work(ctx: DialogContext) -> ClosedRound:
        return await close_by_id(ctx, request)

    try:
        closed = run(settings, work)
    except ReviewError as exc:
        return _refuse(language, exc)
    print(closed_words(language, closed))
    return 0


def _export(args: argparse.Namespace, settings: Settings) -> int:
    language = language_for(settings.language)
    if args.format == "xlsx" and not args.output:
        print(f"kravbot: {text(language, 'review.cli.needs_output')}", file=sys.stderr)
        return 2

    async def work(ctx: DialogContext) -> bytes:
        return await export_review(
            ctx.db, args.id, args.format, language=language, zone=ctx.timezone
        )

    try:
        content = run(settings, work)
    except ReviewError as exc:
        return _refuse(language, exc)
    if args.output:
        target = Path(args.output)
        write_atomically(target, content)
        print(text(language, "review.cli.written", id=args.id, file=str(target)), file=sys.stderr)
    else:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
    return 0
