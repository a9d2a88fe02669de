"""`kravbot outbox status|retry-dead`: look at and repair proactive delivery (operators' tool)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import TextIO

from bot.cli.runner import run
from bot.config import Settings
from cards.texts import Language, language_for, text
from dialogs.kernel.context import DialogContext
from storage.models import utcnow
from storage.outbox import STATUSES


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `outbox status` and `outbox retry-dead` to the CLI."""
    outbox = commands.add_parser(
        "outbox", help="proactive messages: counts by status, re-queue dead ones"
    ).add_subparsers(dest="outbox_command", required=True, metavar="ACTION")
    outbox.add_parser(
        "status", help="messages per status and the age of the oldest pending one"
    ).set_defaults(run=_status)
    outbox.add_parser(
        "retry-dead", help="give every dead message a fresh round of attempts"
    ).set_defaults(run=_retry_dead)


def _age(language: Language, seconds: float) -> str:
    """How long ago, coarsely: seconds up to two minutes, minutes up to two hours, then hours."""
    seconds = max(0, int(seconds))
    if seconds < 120:
        return text(language, "operations.outbox.age.seconds", seconds=seconds)
    if seconds < 7200:
        return text(language, "operations.outbox.age.minutes", minutes=seconds // 60)
    return text(
        language,
        "operations.outbox.age.hours",
        hours=seconds // 3600,
        minutes=f"{seconds % 3600 // 60:02d}",
    )


def _counts(language: Language, counts: dict[str, int], out: TextIO) -> None:
    """One line per status, its name in `language`, the counts in one column."""
    names = {name: text(language, f"operations.outbox.status.{name}") for name in STATUSES}
    width = max(len(label) for label in names.values()) + 1
    for name, label in names.items():
        print(f"{label:<{width}} {counts.get(name, 0)}", file=out)


def _status(args: argparse.Namespace, settings: Settings, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    language = language_for(settings.language)

    async def status(
        ctx: DialogContext,
    ) -> tuple[dict[str, int], datetime | None, tuple[int, datetime | None, str | None]]:
        async with ctx.db.uow() as uow:
            return (
                await uow.outbox.counts(),
                await uow.outbox.oldest_pending(),
                await uow.outbox.failing(),
            )

    counts, oldest, (waiting, failing_since, last_error) = run(settings, status)
    _counts(language, counts, out)
    if oldest is None:
        print(text(language, "operations.outbox.oldest_none"), file=out)
    else:
        age = _age(language, (utcnow() - oldest).total_seconds())
        print(text(language, "operations.outbox.oldest", age=age), file=out)
    if waiting and failing_since is not None:
        failing_for = (utcnow() - failing_since).total_seconds()
        age = _age(language, failing_for)
        print(text(language, "operations.outbox.retrying", count=waiting, age=age), file=out)
        if failing_for >= settings.outbox_outage_after:
            print(text(language, "operations.outbox.outage", error=last_error or "?"), file=out)
    return 0


def _retry_dead(args: argparse.Namespace, settings: Settings, out: TextIO | None = None) -> int:
    out = out or sys.stdout

    async def requeue(ctx: DialogContext) -> int:
        async with ctx.db.uow() as uow:
            count = await uow.outbox.requeue_dead()
            await uow.commit()
            return count

    count = run(settings, requeue)
    print(
        text(language_for(settings.language), "operations.outbox.requeued", count=count), file=out
    )
    return 0
