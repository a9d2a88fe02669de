"""`kravbot people export-data PERSON` and `kravbot people forget PERSON` (GDPR art. 15 and 17)."""

from __future__ import annotations

import argparse
import json
import sys

from bot.cli.runner import PEOPLE_HELP, run, shared_commands
from bot.config import Settings
from cards.texts import Language, language_for, text
from dialogs.kernel.context import DialogContext
from dialogs.privacy import KEPT_KEYS, PrivacyError, export_data, forget
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


def _language(settings: Settings) -> Language:
    return language_for(settings.language)


def _refused(language: Language, error: PrivacyError) -> int:
    """An unknown or ambiguous person: one line on stderr, exit 2."""
    print(f"kravbot people: {error.message(language)}", file=sys.stderr)
    return 2


def _export(args: argparse.Namespace, settings: Settings) -> int:
    language = _language(settings)
    try:
        data = run(settings, lambda ctx: export_data(ctx, args.person))
    except PrivacyError as exc:
        return _refused(language, exc)
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    if args.out == "-":
        print(body)
    else:
        with open(args.out, "w", encoding="utf-8") as out:
            out.write(body + "\n")
        print(text(language, "operations.people.wrote", file=args.out))
    return 0


def _explain(language: Language, report: ForgetReport) -> None:
    def say(key: str, **values: object) -> str:
        return text(language, f"operations.people.{key}", **values)

    print(say("forgotten", id=report.person_id, pseudonym=report.pseudonym))
    print(say("removed"))
    for table, count in sorted(report.deleted.items()):
        print(f"  {say('deleted', table=table, count=count)}")
    for table, count in sorted(report.changed.items()):
        print(f"  {say('changed', table=table, count=count)}")
    print(say("kept"))
    for key in KEPT_KEYS:
        print(f"  - {text(language, key)}")
    if report.kept_decisions:
        print(f"  {say('kept_decisions', decisions=report.kept_decisions)}")


def _forget(args: argparse.Namespace, settings: Settings) -> int:
    language = _language(settings)
    if not args.yes:

        async def preview(ctx: DialogContext) -> int:
            data = await export_data(ctx, args.person)
            return int(data["person"]["id"])

        try:
            person_id = run(settings, preview)
        except PrivacyError as exc:
            return _refused(language, exc)
        print(text(language, "operations.people.would_forget", id=person_id))
        return 1
    try:
        report = run(settings, lambda ctx: forget(ctx, args.person))
    except PrivacyError as exc:
        return _refused(language, exc)
    _explain(language, report)
    return 0
