"""`kravbot poll open|close` and `kravbot export poll`."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy.exc import SQLAlchemyError

from bot.cli.runner import export_commands
from bot.config import Settings
from cards.dates import format_datetime
from cards.poll_cards import outcome_words
from cards.texts import Language, language_for, text
from dialogs.decisions import DecisionError
from dialogs.kernel.context import DialogContext
from dialogs.poll_rules import MAJORITIES, parse_quorum
from dialogs.polls import (
    RESULT_MODES,
    PollError,
    PollSpec,
    close_poll,
    export_minutes,
    open_poll,
    parse_deadline,
    parse_options,
)
from storage.database import Database

T = TypeVar("T")
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
    opening.add_argument("--majority", choices=MAJORITIES, default="simple")
    opening.add_argument("--anonymous", action="store_true")
    opening.add_argument("--multiple", action="store_true")
    opening.add_argument("--results", choices=RESULT_MODES, default="after-close")
    opening.add_argument("--close-when-all-voted", action="store_true")
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


def _with_database(settings: Settings, work: Callable[[Database], Awaitable[T]]) -> T:
    async def run() -> T:
        db = Database(settings.database_url)
        try:
            return await work(db)
        finally:
            await db.dispose()

    return asyncio.run(run())


def _context(db: Database, settings: Settings) -> DialogContext:
    return DialogContext(db=db, default_language=_language(settings), timezone=settings.zone)


def _language(settings: Settings) -> Language:
    return language_for(settings.language)


def _default_by() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _refuse(language: Language, error: PollError | DecisionError) -> int:
    key = (
        f"polls.error.{error.code}"
        if isinstance(error, PollError)
        else f"decisions.error.{error.code}"
    )
    print(f"kravbot: {text(language, key, **error.values)}", file=sys.stderr)
    return 2


def _database_failed(exc: SQLAlchemyError) -> int:
    print(f"kravbot: {str(getattr(exc, 'orig', None) or exc).splitlines()[0]}", file=sys.stderr)
    return 1


def _open(args: argparse.Namespace, settings: Settings) -> int:
    language = _language(settings)
    try:
        deadline = parse_deadline(args.deadline, settings.zone)
    except ValueError:
        print(f"kravbot: {text(language, 'polls.cli.deadline_format')}", file=sys.stderr)
        return 2
    try:
        quorum = parse_quorum(args.quorum)
    except (ValueError, ZeroDivisionError):
        return _refuse(language, PollError("quorum"))
    spec = PollSpec(
        group_code=args.group,
        title=args.title,
        options=parse_options(args.options),
        deadline=deadline,
        description=args.description,
        quorum=quorum,
        majority=args.majority,
        anonymous=args.anonymous,
        multiple=args.multiple,
        live=args.results == "live",
        close_when_all_voted=args.close_when_all_voted,
    )

    async def work(db: Database) -> tuple[int, int, str]:
        ctx = _context(db, settings)
        async with db.uow() as uow:
            poll = await open_poll(
                uow, ctx, spec, creator=None, creator_name=args.by or _default_by()
            )
            electorate = await uow.polls.electorate_size(poll)
            await uow.commit()
            return poll.id, electorate, spec.group_code.upper()

    try:
        poll_id, electorate, group = _with_database(settings, work)
    except PollError as exc:
        return _refuse(language, exc)
    except SQLAlchemyError as exc:
        return _database_failed(exc)
    print(poll_id)
    print(
        text(
            language,
            "polls.cli.opened",
            id=poll_id,
            group=group,
            electorate=electorate,
            deadline=format_datetime(language, deadline, settings.zone),
        ),
        file=sys.stderr,
    )
    return 0


def _close(args: argparse.Namespace, settings: Settings) -> int:
    language = _language(settings)

    async def work(db: Database) -> str:
        ctx = _context(db, settings)
        async with db.uow() as uow:
            poll = await uow.polls.get(args.id, lock=True)
            if poll is None:
                raise PollError("unknown_poll")
            if poll.status != "open":
                raise PollError("closed")
            result = await close_poll(uow, ctx, poll, "creator", closed_by=_default_by())
            await uow.commit()
            return outcome_words(language, result)

    try:
        outcome = _with_database(settings, work)
    except (PollError, DecisionError) as exc:
        return _refuse(language, exc)
    except SQLAlchemyError as exc:
        return _database_failed(exc)
    print(text(language, "polls.cli.closed", id=args.id, outcome=outcome))
    return 0


def _export(args: argparse.Namespace, settings: Settings) -> int:
    language = _language(settings)

    async def work(db: Database) -> str:
        return await export_minutes(db, args.id, args.format, language=language, zone=settings.zone)

    try:
        content = _with_database(settings, work)
    except PollError as exc:
        return _refuse(language, exc)
    except SQLAlchemyError as exc:
        return _database_failed(exc)
    if args.output:
        Path(args.output).write_text(content, encoding="utf-8")
    else:
        sys.stdout.write(content)
        sys.stdout.flush()
    return 0
