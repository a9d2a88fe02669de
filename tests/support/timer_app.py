"""`kravbot` with one extra timer handler, for the leader fail-over test.

    python -m tests.support.timer_app serve --port N

Timers of job `test.ping` enqueue one message (text = the timer's key) to the conversation
named in their args.
"""

from __future__ import annotations

import sys

from bot.cli import main
from dialogs.context import DialogContext
from dialogs.delivery import send_to_conversation
from dialogs.timers import FiredTimer, timer_handler
from storage.uow import UnitOfWork


@timer_handler("test.ping")
async def ping(uow: UnitOfWork, ctx: DialogContext, timer: FiredTimer) -> None:
    await send_to_conversation(
        uow,
        key=f"ping:{timer.key}",
        conversation_id=str(timer.args["conversation"]),
        text=f"{timer.key}{' late' if timer.late else ''}",
    )


if __name__ == "__main__":
    sys.exit(main())
