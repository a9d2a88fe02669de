"""Export the decision log: CSV, XLSX, Markdown minutes (møteprotokoll) and archive JSON."""

from __future__ import annotations

import base64
import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

from cards.cells import safe_cell
from cards.dates import format_datetime
from cards.decision_cards import basis_parts, kind_words, outcome_words, status_words
from cards.texts import Language, text
from dialogs.decisions.service import DecisionError
from dialogs.decisions.transparency import issue_checkpoint, leaves_of
from storage import merkle
from storage.checkpoint import Witness
from storage.database import Database
from storage.decisions import hashed_fields
from storage.hashchain import HASHED_FIELDS
from storage.models import Decision, utcnow

FORMATS: Final[tuple[str, ...]] = ("csv", "xlsx", "md", "json")
_COLUMNS: Final[tuple[str, ...]] = (
    "sequence",
    "case_ref",
    "decided_at",
    "group",
    "kind",
    "title",
    "text",
    "outcome",
    "status",
    "corrects",
    "recorded_by",
    "votes",
    "hash",
    "addenda",
)


@dataclass(frozen=True, slots=True)
class Period:
    """`start <= decided_at < end` in UTC; either bound open. Dates are Oslo calendar days."""

    start: datetime | None
    end: datetime | None
    first_day: date | None
    last_day: date | None


def parse_period(start: str | None, end: str | None, zone: ZoneInfo) -> Period:
    """`--from 2026-01-01 --to 2026-12-31`: both days included, in the local calendar."""
    first = _day(start)
    last = _day(end)
    if first is not None and last is not None and first > last:
        raise DecisionError("date_order")
    return Period(
        start=None if first is None else datetime.combine(first, time(), zone).astimezone(UTC),
        end=(
            None
            if last is None
            else datetime.combine(last + timedelta(days=1), time(), zone).astimezone(UTC)
        ),
        first_day=first,
        last_day=last,
    )


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise DecisionError("date", value=value) from exc


@dataclass(frozen=True, slots=True)
class ExportContext:
    """Language, zone and group names used to render an export."""

    language: Language
    zone: ZoneInfo
    groups: Mapping[str, str]  # code -> name
    # Entries appended to a decision (dissents), by its sequence: shown with it in every format.
    addenda: Mapping[int, Sequence[Decision]] = field(default_factory=dict)


def _addenda_lines(ctx: ExportContext, decision: Decision) -> list[str]:
    """`Name (decision 12): statement` per dissent appended to the decision."""
    return [
        f"{d.recorded_by} ({d.sequence}): {d.text}" for d in ctx.addenda.get(decision.sequence, ())
    ]


def _group(ctx: ExportContext, code: str) -> str:
    name = ctx.groups.get(code)
    return f"{code} – {name}" if name else code


def _votes_line(decision: Decision) -> str:
    _, votes, anonymous, _, _ = basis_parts(decision.basis)
    return "" if anonymous else "; ".join(f"{person}: {vote}" for person, vote in votes)


def _row(ctx: ExportContext, decision: Decision) -> list[str]:
    lang = ctx.language
    return [
        str(decision.sequence),
        decision.case_ref,
        decision.decided_at.astimezone(ctx.zone).isoformat(timespec="seconds"),
        _group(ctx, decision.group_code),
        kind_words(lang, decision.kind),
        decision.title,
        decision.text,
        outcome_words(lang, decision.outcome),
        status_words(lang, decision.status),
        "" if decision.corrects is None else str(decision.corrects),
        decision.recorded_by,
        _votes_line(decision),
        decision.hash,
        "; ".join(_addenda_lines(ctx, decision)),
    ]


def _header(language: Language) -> list[str]:
    keys = {"group": "decisions.field.group", "votes": "decisions.field.votes"}
    keys["addenda"] = "decisions.field.addenda"
    return [text(language, keys.get(name, f"decisions.field.{name}")) for name in _COLUMNS]


def to_csv(ctx: ExportContext, decisions: Sequence[Decision]) -> str:
    """A CSV table, one decision a row, headers in the configured language."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_header(ctx.language))
    writer.writerows([safe_cell(cell) for cell in _row(ctx, decision)] for decision in decisions)
    return buffer.getvalue()


def to_xlsx(ctx: ExportContext, decisions: Sequence[Decision]) -> bytes:
    """An .xlsx workbook with the same table as the CSV."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    if sheet is None:  # a new Workbook always has one sheet; the type says it may not
        sheet = workbook.create_sheet()
    sheet.title = text(ctx.language, "decisions.list.title")[:31]
    sheet.append(_header(ctx.language))
    for decision in decisions:
        row: list[Any] = [safe_cell(cell) for cell in _row(ctx, decision)]
        row[0] = decision.sequence
        sheet.append(row)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _quote(value: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in value.splitlines() or [""])


def _minutes_item(ctx: ExportContext, decision: Decision) -> list[str]:
    """One decision's section of the minutes: its facts, the resolution, basis and votes."""
    lang = ctx.language
    tallies, votes, anonymous, note, others = basis_parts(decision.basis)
    lines = [
        "## "
        + text(lang, "decisions.minutes.item", case_ref=decision.case_ref, title=decision.title),
        "",
        f"- {text(lang, 'decisions.field.sequence')}: {decision.sequence}",
        f"- {text(lang, 'decisions.field.group')}: {_group(ctx, decision.group_code)}",
        f"- {text(lang, 'decisions.field.decided_at')}: "
        + format_datetime(lang, decision.decided_at, ctx.zone),
        f"- {text(lang, 'decisions.field.kind')}: {kind_words(lang, decision.kind)}",
        f"- {text(lang, 'decisions.field.outcome')}: {outcome_words(lang, decision.outcome)}",
        f"- {text(lang, 'decisions.field.recorded_by')}: {decision.recorded_by}",
        f"- {text(lang, 'decisions.field.status')}: {status_words(lang, decision.status)}",
    ]
    if decision.corrects is not None:
        lines.append(f"- {text(lang, 'decisions.field.corrects')}: {decision.corrects}")
    lines += ["", f"**{text(lang, 'decisions.field.text')}:**", "", _quote(decision.text), ""]
    if note or others or tallies or votes or anonymous:
        lines += [f"**{text(lang, 'decisions.field.basis')}:**", ""]
        if note:
            lines += [_quote(note), ""]
        lines += [f"- {key}: {value}" for key, value in others]
        if tallies:
            lines.append(f"- {text(lang, 'decisions.field.tallies')}:")
            lines += [f"  - {option}: {count}" for option, count in tallies]
        if anonymous:
            lines.append(f"- {text(lang, 'decisions.anonymous')}")
        elif votes:
            lines.append(f"- {text(lang, 'decisions.field.votes')}:")
            lines += [f"  - {person}: {vote}" for person, vote in votes]
        lines.append("")
    addenda = _addenda_lines(ctx, decision)
    if addenda:
        lines += [f"**{text(lang, 'decisions.field.addenda')}:**", ""]
        lines += [f"- {line}" for line in addenda] + [""]
    lines += [f"{text(lang, 'decisions.field.hash')}: `{decision.hash}`", ""]
    return lines


def to_markdown(
    ctx: ExportContext, decisions: Sequence[Decision], period: Period, now: datetime
) -> str:
    """Minutes a person would file: one section per decision, with basis and votes."""
    lang = ctx.language
    start = (
        period.first_day.isoformat()
        if period.first_day
        else text(lang, "decisions.minutes.open_start")
    )
    end = (
        period.last_day.isoformat() if period.last_day else text(lang, "decisions.minutes.open_end")
    )
    lines = [
        f"# {text(lang, 'decisions.minutes.title')}",
        "",
        text(lang, "decisions.minutes.period", start=start, end=end),
        "",
        text(
            lang,
            "decisions.minutes.printed",
            when=format_datetime(lang, now, ctx.zone),
            count=len(decisions),
        ),
        "",
    ]
    if not decisions:
        lines += [text(lang, "decisions.minutes.empty"), ""]
    for decision in decisions:
        lines += _minutes_item(ctx, decision)
    return "\n".join(lines)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def archive_record(ctx: ExportContext, decision: Decision) -> dict[str, Any]:
    """One decision with archive metadata, plus every hashed field so it can be re-verified."""
    _, votes, anonymous, _, _ = basis_parts(decision.basis)
    listed = decision.basis.get("participants")
    participants = (
        [str(p) for p in listed] if isinstance(listed, list) else [person for person, _ in votes]
    )
    chained = hashed_fields(decision)
    chained["decided_at"] = _iso(decision.decided_at)
    return {
        "record_type": "decision",
        "title": decision.title,
        "public_title": str(decision.basis.get("public_title") or decision.title),
        "date": decision.decided_at.astimezone(ctx.zone).date().isoformat(),
        "decided_at": _iso(decision.decided_at),
        "body": {"code": decision.group_code, "name": ctx.groups.get(decision.group_code)},
        "case_reference": decision.case_ref,
        "sequence": decision.sequence,
        "kind": decision.kind,
        "status": decision.status,
        "outcome": decision.outcome,
        "resolution": decision.text,
        "recorded_by": decision.recorded_by,
        "corrects": decision.corrects,
        "anonymous": anonymous,
        "participants": [] if anonymous else participants,
        "votes": None if anonymous else dict(votes),
        "chain": {**chained, "prev_hash": decision.prev_hash},
        "hash": decision.hash,
        "addenda": [
            {"sequence": d.sequence, "kind": d.kind, "by": d.recorded_by, "text": d.text}
            for d in ctx.addenda.get(decision.sequence, ())
        ],
    }


@dataclass(frozen=True, slots=True)
class Witnessed:
    """The checkpoint an archive export carries, and every leaf up to its size."""

    note: str
    size: int
    leaves: Sequence[bytes]


def _proof(witnessed: Witnessed | None, tree: list[list[bytes]], sequence: int) -> Any:
    if witnessed is None or sequence > witnessed.size:
        return None
    return {
        "leaf_index": sequence - 1,
        "tree_size": witnessed.size,
        "path": [base64.b64encode(h).decode() for h in merkle.inclusion_path(tree, sequence - 1)],
    }


def to_json(
    ctx: ExportContext,
    decisions: Sequence[Decision],
    period: Period,
    now: datetime,
    witnessed: Witnessed | None = None,
) -> str:
    """Archive JSON: metadata of the export, one record per decision with its inclusion proof,
    and the signed checkpoint the proofs lead to."""
    tree = merkle.levels(witnessed.leaves) if witnessed and witnessed.leaves else []
    records = []
    for decision in decisions:
        record = archive_record(ctx, decision)
        record["proof"] = _proof(witnessed, tree, decision.sequence)
        records.append(record)
    document = {
        "archive": {
            "system": "Kravbot",
            "series": text(ctx.language, "decisions.list.title"),
            "language": ctx.language,
            "exported_at": _iso(now),
            "period": {
                "from": period.first_day.isoformat() if period.first_day else None,
                "to": period.last_day.isoformat() if period.last_day else None,
            },
            "count": len(decisions),
            "hash_algorithm": "SHA-256",
            "canonical_form": (
                "sorted-key compact JSON, UTF-8, timestamps ISO-8601 UTC with microseconds, "
                f"of the fields {', '.join(HASHED_FIELDS)} and prev_hash"
            ),
            "merkle_tree": (
                "RFC 9162: leaf = SHA-256(0x00 || the record's hash as 32 bytes), "
                "node = SHA-256(0x01 || left || right); checkpoint = C2SP signed note, Ed25519"
            ),
        },
        "checkpoint": None if witnessed is None else {"note": witnessed.note},
        "records": records,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


async def export_decisions(
    db: Database,
    fmt: str,
    period: Period,
    *,
    language: Language,
    zone: ZoneInfo,
    witness: Witness | None = None,
) -> tuple[int, bytes]:
    """The decisions in `period` rendered as `fmt`: (count, file content).

    A JSON export with a signing key signs a fresh checkpoint (one more witness of the log);
    without one it carries the latest checkpoint issued.
    """
    async with db.read() as uow:
        decisions = await uow.decisions.between(period.start, period.end)
        groups = {group.code: group.name for group in await uow.groups.all()}
        addenda = await uow.decisions.addenda_of([d.sequence for d in decisions])
    witnessed = await _witnessed(db, witness) if fmt == "json" else None
    ctx = ExportContext(language=language, zone=zone, groups=groups, addenda=addenda)
    now = utcnow()
    if fmt == "csv":
        content = to_csv(ctx, decisions).encode("utf-8-sig")
    elif fmt == "xlsx":
        content = to_xlsx(ctx, decisions)
    elif fmt == "md":
        content = to_markdown(ctx, decisions, period, now).encode("utf-8")
    elif fmt == "json":
        content = to_json(ctx, decisions, period, now, witnessed).encode("utf-8")
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return len(decisions), content


async def _witnessed(db: Database, witness: Witness | None) -> Witnessed | None:
    async with db.uow() as uow:
        if witness is not None:
            checkpoint, note = await issue_checkpoint(uow, witness)
            await uow.commit()
            size = checkpoint.size
        else:
            latest = await uow.decisions.latest_checkpoint()
            if latest is None:
                return None
            note, size = latest.note, latest.size
        leaves = leaves_of((await uow.decisions.leaf_hashes())[:size])
    return Witnessed(note, size, leaves)


def write_atomically(path: Path, content: bytes) -> None:
    """Write `content` to `path` through a temporary file, so a failure leaves nothing half."""
    temporary = path.with_name(f".{path.name}.partial")
    temporary.write_bytes(content)
    temporary.replace(path)
