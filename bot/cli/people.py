"""`kravbot people export-data PERSON` and `kravbot people forget PERSON` (GDPR art. 15 and 17)."""

from __future__ import annotations

import argparse
import json
import sys

from bot.cli.runner import PEOPLE_HELP, run, shared_commands
from bot.config import Settings
from dialogs.kernel.context import DialogContext
from dialogs.privacy import KEPT, PrivacyError, export_data, forget
from storage.personal_data import ForgetReport


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `people export-data` and `people forget` to the CLI."""
    people = shared_commands(commands, "people", PEOPLE_HELP)
    export = people.add_parser(
        "export-data", help="write everything Kravbot holds about a person (JSON)"
    )
    export.add_argument("person", help="id, e-mail, Teams id (29:...), Entra id or exact name")
    export.add_argument("-o", "--out", default="-", help="file to write (default: stdout)")
    export.set_defaults(run=_export)
    erase = people.add_parser(
        "forget", help="pseudonymise a person everywhere but the decision log"
    )
    erase.add_argument("person", help="id, e-mail, Teams id (29:...) or Entra id")
    erase.add_argument("--yes", action="store_true", help="do it (without: say what it would do)")
    erase.set_defaults(run=_forget)


def _export(args: argparse.Namespace, settings: Settings) -> int:
    try:
        data = run(settings, lambda ctx: export_data(ctx, args.person))
    except PrivacyError as exc:
        print(f"kravbot people: {exc}", file=sys.stderr)
        return 2
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    if args.out == "-":
        print(body)
    else:
        with open(args.out, "w", encoding="utf-8") as out:
            out.write(body + "\n")
        print(f"wrote {args.out}")
    return 0


def _explain(report: ForgetReport) -> None:
    print(f"person {report.person_id} is now {report.pseudonym!r}")
    print("removed: name, e-mail, Teams id, Entra id, language, tenant, 1:1 chat, memberships")
    for table, count in sorted(report.deleted.items()):
        print(f"  deleted {count} row(s) of {table}")
    for table, count in sorted(report.changed.items()):
        print(f"  replaced the name or e-mail in {count} row(s) of {table}")
    print("kept, and why:")
    for reason in KEPT:
        print(f"  - {reason}")
    if report.kept_decisions:
        print(f"  decisions naming the person: {', '.join(report.kept_decisions)}")


def _forget(args: argparse.Namespace, settings: Settings) -> int:
    if not args.yes:

        async def preview(ctx: DialogContext) -> int:
            data = await export_data(ctx, args.person)
            return int(data["person"]["id"])

        try:
            person_id = run(settings, preview)
        except PrivacyError as exc:
            print(f"kravbot people: {exc}", file=sys.stderr)
            return 2
        print(f"would forget person {person_id}; run again with --yes to do it")
        return 1
    try:
        report = run(settings, lambda ctx: forget(ctx, args.person))
    except PrivacyError as exc:
        print(f"kravbot people: {exc}", file=sys.stderr)
        return 2
    _explain(report)
    return 0
