"""`kravbot demo-data`: load the fictitious DigiTV demo organisation and requirements."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.exc import SQLAlchemyError

from bot.cli.runner import run
from bot.config import Settings
from cards.texts import text
from dialogs.demo.load import DemoError, DemoSummary, load_demo
from dialogs.kernel.context import DialogContext
from storage.migrate import upgrade


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `demo-data` to the CLI."""
    demo = commands.add_parser(
        "demo-data",
        help="load the DigiTV demo data (fictitious people, groups, requirements); "
        "applies migrations first; running it again changes nothing",
    )
    demo.set_defaults(run=_demo_data)


def _demo_data(args: argparse.Namespace, settings: Settings) -> int:
    out, err = sys.stdout, sys.stderr

    async def work(ctx: DialogContext) -> DemoSummary:
        await upgrade(ctx.db.engine)
        return await load_demo(ctx.db, ctx=ctx)

    try:
        summary = run(settings, work)
    except (DemoError, SQLAlchemyError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        print(f"kravbot: {text(settings.language, 'demo.failed', reason=reason)}", file=err)
        return 1
    print(
        text(
            settings.language,
            "demo.summary",
            groups=summary.groups,
            people=summary.people,
            requirements=summary.requirements,
            created=summary.requirements_created,
            changed=summary.requirements_changed,
        ),
        file=out,
    )
    return 0
