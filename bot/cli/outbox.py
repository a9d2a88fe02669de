"""`kravbot outbox status|retry-dead`: look at and repair proactive delivery (operators' tool)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import TextIO

from bot.cli.runner import run
from bot.config import Settings
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


def _age(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds < 120:
        return f"{seconds}s"
    if seconds < 7200:
        return f"{seconds // 60}m"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


def _status(args: argparse.Namespace, settings: Settings, out: TextIO | None = None) -> int:
    out = out or sys.stdout

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
    for name in STATUSES:
        print(f"{name:<11} {counts.get(name, 0)}", file=out)
    if oldest is None:
        print("oldest pending: none", file=out)
    else:
        print(f"oldest pending: {_age((utcnow() - oldest).total_seconds())} old", file=out)
    if waiting and failing_since is not None:
        failing_for = (utcnow() - failing_since).total_seconds()
        print(
            f"retrying after transient failures: {waiting} message(s), failing for "
            f"{_age(failing_for)}",
            file=out,
        )
        if failing_for >= settings.outbox_outage_after:
            print(f"TEAMS IS FAILING: last error {last_error or '?'}", file=out)
    return 0


def _retry_dead(args: argparse.Namespace, settings: Settings, out: TextIO | None = None) -> int:
    out = out or sys.stdout

    async def requeue(ctx: DialogContext) -> int:
        async with ctx.db.uow() as uow:
            count = await uow.outbox.requeue_dead()
            await uow.commit()
            return count

    count = run(settings, requeue)
    print(f"re-queued {count} dead message(s)", file=out)
    return 0
