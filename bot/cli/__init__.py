"""The `kravbot` command line: one module per area, each adding its subcommands to `parser()`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.cli import (
    backup,
    catalogue,
    decisions,
    demo,
    doctor,
    milestones,
    organisation,
    outbox,
    people,
    polls,
    quality,
    reports,
    reviews,
    risks,
    specification,
)
from bot.cli.runner import run
from bot.config import ConfigError, Settings, load_settings
from cards.texts import language_for, text
from dialogs.kernel.context import DialogContext

Command = Callable[[argparse.Namespace, Settings], int]


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot.server import serve

    serve(settings, host=args.host, port=args.port or settings.port)
    return 0


def _db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from storage.migrate import current_revision, upgrade

    async def work(ctx: DialogContext) -> str | None:
        await upgrade(ctx.db.engine, args.revision)
        return await current_revision(ctx.db.engine)

    revision = run(settings, work)
    print(text(language_for(settings.language), "db.cli.revision", revision=revision))
    return 0


def _db_current(args: argparse.Namespace, settings: Settings) -> int:
    from storage.migrate import current_revision, head_revision

    current = run(settings, lambda ctx: current_revision(ctx.db.engine))
    head = head_revision()
    language = language_for(settings.language)
    if current is None:
        print(text(language, "db.cli.no_revision", head=head))
    else:
        print(text(language, "db.cli.current", revision=current, head=head))
    return 0 if current == head else 1


def _package(args: argparse.Namespace, settings: Settings) -> int:
    from bot.package import write_package

    language = language_for(settings.language)
    app_id = args.app_id or settings.app_id
    if not app_id:
        values = {"option": "--app-id", "setting": "MicrosoftAppId"}
        needs = text(language, "package.cli.needs_app_id", **values)
        print(f"kravbot package: {needs}", file=sys.stderr)
        return 2
    try:
        path = write_package(
            app_id, Path(args.out), tab_host=args.tab_host or settings.tab_host or None
        )
    except ValueError as exc:
        print(f"kravbot package: {exc}", file=sys.stderr)
        return 2
    print(text(language, "package.cli.wrote", file=str(path)))
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    root = argparse.ArgumentParser(
        prog="kravbot", description="Kravbot: the DigiTV requirements bot for Microsoft Teams."
    )
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="run the bot (applies migrations first)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=None, help="port (default: $PORT or 3978)")
    serve.set_defaults(run=_serve)

    db = commands.add_parser("db", help="database schema").add_subparsers(
        dest="db_command", required=True, metavar="ACTION"
    )
    up = db.add_parser("upgrade", help="apply migrations")
    up.add_argument("revision", nargs="?", default="head")
    up.set_defaults(run=_db_upgrade)
    db.add_parser("current", help="show the schema revision").set_defaults(run=_db_current)

    package = commands.add_parser("package", help="build the Teams app package (zip)")
    package.add_argument("--app-id", default=None, help="the bot's Entra app id (GUID)")
    package.add_argument("--out", default="kravbot-teams-app.zip", help="zip file to write")
    package.add_argument(
        "--tab-host", default=None, help="host of the Oversikt tab (default: $KRAVBOT_TAB_HOST)"
    )
    package.set_defaults(run=_package)

    # Each area adds its own subcommands; they share `export` through the runner.
    for area in (
        catalogue,
        demo,
        decisions,
        milestones,
        reviews,
        specification,
        polls,
        outbox,
        organisation,
        backup,
        people,
        doctor,
        quality,
        risks,
        reports,
    ):
        area.register(commands)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `kravbot` console script."""
    args = parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        if getattr(args, "tolerate_config", False):
            return doctor.config_problem(str(exc))
        print(f"kravbot: {exc}", file=sys.stderr)
        return 2
    run: Command = args.run
    return run(args, settings)


if __name__ == "__main__":
    sys.exit(main())
