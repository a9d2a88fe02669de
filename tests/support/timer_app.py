"""`kravbot serve` with one extra workflow whose timer handler pings, for the fail-over test.

    python -m tests.support.timer_app serve --port N

Timers of job `test.ping` enqueue one message (text = the timer's key) to the conversation
named in their args.
"""

from __future__ import annotations

import argparse
import sys

from bot.bootstrap import bot_workflows
from bot.config import load_settings
from bot.server import serve
from dialogs.kernel.context import DialogContext
from dialogs.kernel.delivery import send_to_conversation
from dialogs.kernel.registry import FiredTimer, Workflow
from storage.uow import UnitOfWork


async def ping(uow: UnitOfWork, ctx: DialogContext, timer: FiredTimer) -> None:
    await send_to_conversation(
        uow,
        key=f"ping:{timer.key}",
        conversation_id=str(timer.args["conversation"]),
        text=f"{timer.key}{' late' if timer.late else ''}",
    )


PING: Workflow = Workflow("test.ping", timers={"test.ping": ping})


def main() -> int:
    parser = argparse.ArgumentParser(prog="timer_app")
    parser.add_argument("command", choices=["serve"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    settings = load_settings()
    serve(
        settings,
        host=args.host,
        port=args.port,
        workflows=(*bot_workflows(settings.digest_cron), PING),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
