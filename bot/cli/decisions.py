"""`kravbot decisions add|list|verify|prove|checkpoint`, `kravbot keys generate` and
`kravbot export decisions`."""

from __future__ import annotations

import argparse
import base64
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from bot.cli.runner import cli_user, export_commands, run
from bot.config import Settings
from cards.texts import Language, language_for, text
from dialogs.decisions import (
    DecisionDraft,
    DecisionError,
    VerifyResult,
    issue_checkpoint,
    parse_basis,
    prove,
    record_decision,
    verify_log,
)
from dialogs.decisions.export import FORMATS, export_decisions, parse_period, write_atomically
from dialogs.decisions.transparency import InclusionProof, ProofError
from dialogs.kernel.context import DialogContext
from dialogs.kernel.errors import WorkflowError
from storage.checkpoint import (
    CheckpointError,
    parse_verifier_key,
    private_key_pem,
    split_notes,
    verifier_key,
)
from vocabulary import DecisionKind

if TYPE_CHECKING:
    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]


def register(commands: SubParsers) -> None:
    """Add `decisions add|list|verify` and `export decisions` to the CLI."""
    decisions = commands.add_parser(
        "decisions", help="the decision log: add, list, verify"
    ).add_subparsers(dest="decisions_command", required=True, metavar="ACTION")

    add = decisions.add_parser("add", help="record a decision; prints its number")
    add.add_argument("--title", required=True)
    add.add_argument("--text", required=True, help="the resolution (vedtak)")
    add.add_argument("--group", required=True, help="group code of the deciding body")
    add.add_argument("--kind", choices=tuple(DecisionKind), default=DecisionKind.MANUAL)
    add.add_argument("--outcome", default="adopted", help="adopted, rejected, postponed, noted")
    add.add_argument("--basis", default=None, help="JSON object: tallies, votes, links")
    add.add_argument("--corrects", type=int, default=None, help="number of a decision corrected")
    add.add_argument("--by", default=None, help="who records it (default: cli:<user>)")
    add.set_defaults(run=_add)

    listing = decisions.add_parser("list", help="the latest decisions, newest first")
    listing.add_argument("--limit", type=int, default=20)
    listing.set_defaults(run=_list)

    verify = decisions.add_parser(
        "verify", help="check every hash and link, and the log against signed checkpoints"
    )
    verify.add_argument(
        "--checkpoint",
        action="append",
        default=[],
        metavar="FILE|TEXT",
        help="a checkpoint file (one or more notes) or a note's text; repeatable",
    )
    verify.add_argument(
        "--key", default=None, help="the published public key (default: of the signing key)"
    )
    verify.set_defaults(run=_verify)

    prove_command = decisions.add_parser("prove", help="the inclusion proof of decision N")
    prove_command.add_argument("sequence", type=int)
    prove_command.add_argument("--size", type=int, default=None, help="tree size (default: all)")
    prove_command.set_defaults(run=_prove)

    decisions.add_parser(
        "checkpoint", help="sign a checkpoint now, append it to the file and print it"
    ).set_defaults(run=_checkpoint)

    keys = commands.add_parser("keys", help="the decision log's signing key").add_subparsers(
        dest="keys_command", required=True, metavar="ACTION"
    )
    generate = keys.add_parser("generate", help="write a new Ed25519 key file (mode 0600)")
    generate.add_argument("file", help="where to write the private key (must not exist)")
    generate.set_defaults(run=_generate)

    export = export_commands(commands).add_parser("decisions", help="the decision log")
    export.add_argument("--format", choices=FORMATS, default="json")
    export.add_argument("--from", dest="start", default=None, help="first day, YYYY-MM-DD")
    export.add_argument("--to", dest="end", default=None, help="last day, YYYY-MM-DD")
    export.add_argument("-o", "--output", default=None, help="file (default: stdout; not xlsx)")
    export.set_defaults(run=_export)


def _language(settings: Settings) -> Language:
    return language_for(settings.language)


def _fail(language: Language, error: WorkflowError) -> int:
    """Bad input: every problem on one line of stderr, exit 2."""
    problems = "; ".join(problem.message(language) for problem in error.problems)
    print(f"kravbot: {problems}", file=sys.stderr)
    return 2


def _add(args: argparse.Namespace, settings: Settings) -> int:
    language = _language(settings)
    try:
        basis = parse_basis(args.basis) if args.basis is not None else {}
    except DecisionError as exc:
        return _fail(language, exc)
    draft = DecisionDraft(
        kind=args.kind,
        title=args.title,
        text=args.text,
        group_code=args.group,
        recorded_by=cli_user(args.by),
        outcome=args.outcome,
        basis=basis,
        corrects=args.corrects,
    )

    async def work(ctx: DialogContext) -> int:
        async with ctx.db.uow() as uow:
            decision = await record_decision(uow, draft)
            await uow.commit()
            return decision.sequence

    try:
        sequence = run(settings, work)
    except DecisionError as exc:
        return _fail(language, exc)
    print(sequence)
    return 0


def _list(args: argparse.Namespace, settings: Settings) -> int:
    language = _language(settings)
    if args.limit < 1:
        print(f"kravbot: {text(language, 'decisions.error.limit')}", file=sys.stderr)
        return 2

    async def work(ctx: DialogContext) -> list[str]:
        async with ctx.db.read() as uow:
            return [
                "\t".join(
                    (
                        str(d.sequence),
                        d.case_ref,
                        d.decided_at.astimezone(settings.zone).isoformat(timespec="minutes"),
                        d.group_code,
                        d.outcome,
                        d.title,
                    )
                )
                for d in await uow.decisions.latest(args.limit)
            ]

    lines = run(settings, work)
    for line in lines:
        print(line)
    if not lines:
        print(text(language, "decisions.list.empty"))
    return 0


def _notes(sources: list[str]) -> list[str]:
    """Every note of every `--checkpoint`: a file's notes, or the text itself."""
    notes: list[str] = []
    for source in sources:
        path = Path(source)
        content = (
            path.read_text(encoding="utf-8") if "\n" not in source and path.is_file() else source
        )
        found = split_notes(content)
        if not found:
            raise CheckpointError(source)
        notes += found
    return notes


def _public_key(args: argparse.Namespace, settings: Settings) -> Ed25519PublicKey | None:
    if args.key:
        return parse_verifier_key(args.key)[1]
    witness = settings.witness()
    return None if witness is None else witness.key.public_key()


def _verify(args: argparse.Namespace, settings: Settings) -> int:
    language = _language(settings)
    try:
        notes = _notes(args.checkpoint)
        public = _public_key(args, settings)
    except (CheckpointError, OSError) as exc:
        print(
            f"kravbot: {text(language, 'decisions.error.checkpoint', source=exc)}", file=sys.stderr
        )
        return 2
    if notes and public is None:
        print(f"kravbot: {text(language, 'decisions.error.no_key')}", file=sys.stderr)
        return 2

    async def work(ctx: DialogContext) -> VerifyResult:
        async with ctx.db.read() as uow:
            return await verify_log(uow, notes, public)

    result = run(settings, work)
    for line in verify_report(language, result):
        print(line)
    return 0 if result.intact else 1


def verify_report(language: Language, result: VerifyResult) -> list[str]:
    """The lines `decisions verify` prints: the chain, the root, then each checkpoint."""
    lines: list[str] = []
    if result.problem is not None:
        problem = result.problem
        lines.append(
            text(
                language,
                f"decisions.verify.{problem.reason}",
                sequence=problem.sequence,
                position=problem.position,
            )
        )
    else:
        lines.append(text(language, "decisions.verify.intact", count=result.count))
        lines.append(text(language, "decisions.verify.head", head=result.head))
    root = base64.b64encode(result.root).decode()
    lines.append(text(language, "decisions.verify.root", count=result.size, root=root))
    for finding in result.findings:
        key = finding.status
        if key == "differs" and finding.first_bad != finding.last_bad:
            key = "differs_range"
        lines.append(
            text(
                language,
                f"decisions.verify.{key}",
                size=finding.size,
                first=finding.first_bad or 0,
                last=finding.last_bad or 0,
            )
        )
    return lines


def _prove(args: argparse.Namespace, settings: Settings) -> int:
    language = _language(settings)

    async def work(ctx: DialogContext) -> InclusionProof:
        async with ctx.db.read() as uow:
            return await prove(uow, args.sequence, args.size)

    try:
        proof = run(settings, work)
    except ProofError as exc:
        return _fail(language, exc)
    for line in proof.lines():
        print(line)
    return 0


def _checkpoint(args: argparse.Namespace, settings: Settings) -> int:
    language = _language(settings)
    witness = settings.witness()
    if witness is None:
        print(f"kravbot: {text(language, 'decisions.error.no_key')}", file=sys.stderr)
        return 2

    async def work(ctx: DialogContext) -> str:
        async with ctx.db.uow() as uow:
            _, note = await issue_checkpoint(uow, witness)
            await uow.commit()
        return note

    note = run(settings, work)
    sys.stdout.write(note)
    return 0


def _generate(args: argparse.Namespace, settings: Settings) -> int:
    language = _language(settings)
    key = Ed25519PrivateKey.generate()
    target = Path(args.file)
    try:
        # O_EXCL: never overwrite a key that may already sign checkpoints.
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        print(f"kravbot: {text(language, 'decisions.error.bad_key', reason=exc)}", file=sys.stderr)
        return 2
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(private_key_pem(key))
    print(text(language, "decisions.keys.written", file=str(target)), file=sys.stderr)
    print(verifier_key(key.public_key()))
    return 0


def _export(args: argparse.Namespace, settings: Settings) -> int:
    language = _language(settings)
    if args.format == "xlsx" and not args.output:
        print(f"kravbot: {text(language, 'decisions.error.needs_output')}", file=sys.stderr)
        return 2
    try:
        period = parse_period(args.start, args.end, settings.zone)
    except DecisionError as exc:
        return _fail(language, exc)

    async def work(ctx: DialogContext) -> tuple[int, bytes]:
        return await export_decisions(
            ctx.db, args.format, period, language=language, zone=ctx.timezone, witness=ctx.witness
        )

    count, content = run(settings, work)
    if args.output:
        target = Path(args.output)
        write_atomically(target, content)
        print(
            text(language, "decisions.cli.written", count=count, file=str(target)), file=sys.stderr
        )
    else:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
    return 0
