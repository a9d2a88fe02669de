"""`kravbot poll open|close` and `kravbot export poll`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.runner import cli_user, export_commands, run
from bot.config import Settings
from cards.dates import format_datetime
from cards.poll_cards import outcome_words
from cards.texts import Language, language_for, text
from dialogs.decisions import DecisionError
from dialogs.kernel.context import DialogContext
from dialogs.kernel.errors import WorkflowError
from dialogs.polls import (
    MAJORITIES,
    RESULT_MODES,
    PollError,
    PollSpec,
    close_now,
    export_minutes,
    open_poll,
    parse_deadline,
    parse_options,
    parse_quorum,
)

if TYPE_CHECKING:
    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]


def register(commands: SubParsers) -> None:
    """Add `poll open|close` and `export poll` to the CLI."""
    poll = commands.add_parser("poll", help="decision polls: open, close").add_subparsers(
        dest="poll_command", required=True, metavar="ACTION"
    )
    opening = poll.add_parser("open", help="open a poll in a group; prints its id")
    opening.add_argument("--group", required=True, help="group code, e.g. STY")
    opening.add_argument("--title", required=True)
    opening.add_argument("--options", required=True, help='"Godkjent;Ikke godkjent;Utsatt"')
    opening.add_argument("--deadline", required=True, help="2026-12-10T12:00 (Oslo time)")
    opening.add_argument("--description", default="")
    opening.add_argument("--quorum", default="0.5", help="share of the electorate (0.5)")
    opening.add_argument("--majority", choices=MAJORITIES, default=MAJORITIES[0])
    opening.add_argument("--anonymous", action="store_true")
    opening.add_argument("--multiple", action="store_true")
    opening.add_argument("--results", choices=RESULT_MODES, default=RESULT_MODES[1])
    opening.add_argument("--close-when-all-voted", action="store_true")
    opening.add_argument(
        "--per-municipality",
        action="store_true",
        help="one vote per participating municipality (delegate, else deputy)",
    )
    opening.add_argument(
        "--dissent-hours", type=int, default=48, help="time for dissents after the result"
    )
    opening.add_argument("--by", default=None, help="who opens it (default: cli:<user>)")
    opening.set_defaults(run=_open)

    closing = poll.add_parser("close", help="close a poll now and record the result")
    closing.add_argument("id", type=int)
    closing.set_defaults(run=_close)

    export = export_commands(commands).add_parser("poll", help="the minutes of a poll")
    export.add_argument("id", type=int)
    export.add_argument("--format", choices=("md", "csv"), default="md")
    export.add_argument("-o", "--output", default=None, help="file (default: stdout)")
    export.set_defaults(run=_export)


def _refuse(language: Language, error: WorkflowError | DecisionError) -> int:
    """Bad input: one line on stderr, exit 2 (nothing was written)."""
    message = (
        error.message(language)
        if isinstance(error, WorkflowError)
        else text(language, f"decisions.error.{error.code}", **error.values)
    )
    print(f"kravbot: {message}", file=sys.stderr)
    return 2


def _spec(args: argparse.Namespace, settings: Settings) -> PollSpec:
    """The poll the arguments describe; ValueError for a deadline, PollError for a quorum."""
    deadline = parse_deadline(args.deadline, settings.zone)
    try:
        quorum = parse_quorum(args.quorum)
    except (ValueError, ZeroDivisionError):
        raise PollError("quorum") from None
    return PollSpec(
        group_code=args.group,
        title=args.title,
        options=parse_options(args.options),
        deadline=deadline,
        description=args.description,
        quorum=quorum,
        majority=args.majority,
        anonymous=args.anonymous,
        multiple=args.multiple,
        live=args.results == RESULT_MODES[0],
        close_when_all_voted=args.close_when_all_voted,
        per_municipality=args.per_municipality,
        dissent_hours=args.dissent_hours,
    )


def _open(args: argparse.Namespace, settings: Settings) -> int:
    language = language_for(settings.language)
    try:
        spec = _spec(args, settings)
    except PollError as exc:
        return _refuse(language, exc)
    except ValueError:
        print(f"kravbot: {text(language, 'polls.cli.deadline_format')}", file=sys.stderr)
        return 2

    async def work(ctx: DialogContext) -> tuple[int, int]:
        async with ctx.db.uow() as uow:
            poll = await open_poll(uow, ctx, spec, creator=None, creator_name=cli_user(args.by))
            electorate = await uow.polls.electorate_size(poll)
            await uow.commit()
            return poll.id, electorate

    try:
        poll_id, electorate = run(settings, work)
    except PollError as exc:
        return _refuse(language, exc)
    print(poll_id)
    opened = text(
        language,
        "polls.cli.opened",
        id=poll_id,
        group=spec.group_code.upper(),
        electorate=electorate,
        deadline=format_datetime(language, spec.deadline, settings.zone),
    )
    print(opened, file=sys.stderr)
    return 0


def _close(args: argparse.Namespace, settings: Settings) -> int:
    language = language_for(settings.language)

    async def work(ctx: DialogContext) -> str:
        async with ctx.db.uow() as uow:
            result = await close_now(uow, ctx, args.id, closed_by=cli_user())
            await uow.commit()
            return outcome_words(language, result)

    try:
        outcome = run(settings, work)
    except (PollError, DecisionError) as exc:
        return _refuse(language, exc)
    print(text(language, "polls.cli.closed", id=args.id, outcome=outcome))
    return 0


def _export(args: argparse.Namespace, settings: Settings) -> int:
    language = language_for(settings.language)

    async def work(ctx: DialogContext) -> str:
        return await export_minutes(
            ctx.db, args.id, args.format, language=language, zone=ctx.timezone
        )

    try:
        content = run(settings, work)
    except PollError as exc:
        return _refuse(language, exc)
    if args.output:
        Path(args.output).write_text(content, encoding="utf-8")
    else:
        sys.stdout.write(content)
        sys.stdout.flush()
    return 0
