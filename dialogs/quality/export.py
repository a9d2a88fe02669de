"""The quality report and the overlap list as files: Markdown, CSV and XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from openpyxl import Workbook

from cards.quality_cards import FindingView, OverlapView, finding_line, mark_words, rule_name
from cards.texts import Language, text
from dialogs.quality.book import RuleBook
from dialogs.quality.service import QualityError, catalogue_overlaps, finding_views, refresh
from storage.uow import UnitOfWork

FORMATS: Final = ("md", "csv", "xlsx")
REPORT_COLUMNS: Final = ("key", "group", "type", "score", "findings", "dismissed", "text")
OVERLAP_COLUMNS: Final = ("first", "second", "similarity", "mark")


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One requirement in the quality report."""

    key: str
    group: str
    type: str
    score: int
    findings: tuple[FindingView, ...]
    dismissed: tuple[str, ...]
    text: str


async def report_rows(uow: UnitOfWork, book: RuleBook, group: str | None) -> list[ReportRow]:
    """Every requirement (of one group) with score and findings, weakest first."""
    code = group.strip().upper() if group else None
    if code is not None and await uow.groups.by_code(code) is None:
        raise QualityError("unknown_group", group=group)
    items = await uow.quality.texts(group_code=code)
    found = await refresh(uow, book, items)
    rows = [
        ReportRow(
            item.key,
            item.group_code,
            item.type,
            found[item.id].score,
            finding_views(found[item.id].findings),
            tuple(f.rule for f in found[item.id].dismissed),
            item.text,
        )
        for item in items
    ]
    return sorted(rows, key=lambda row: (row.score, row.key))


def _cells(language: Language, row: ReportRow) -> list[str | int]:
    findings = "; ".join(finding_line(language, f) for f in row.findings)
    dismissed = "; ".join(rule_name(language, rule) for rule in row.dismissed)
    return [row.key, row.group, row.type, row.score, findings, dismissed, row.text]


def _headers(language: Language, columns: Sequence[str]) -> list[str]:
    return [text(language, f"quality.report.column.{name}") for name in columns]


def _md(title: str, headers: list[str], rows: list[list[str | int]]) -> str:
    def cell(value: str | int) -> str:
        return " ".join(str(value).replace("|", "\\|").split())

    lines = [f"# {title}", "", "| " + " | ".join(headers) + " |"]
    lines.append("|" + "---|" * len(headers))
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def write_table(
    format: str, path: Path | None, title: str, headers: list[str], rows: list[list[str | int]]
) -> str | None:
    """Write rows as `format` to `path` (xlsx needs one); return the text for md/csv."""
    if format == "xlsx":
        if path is None:
            raise ValueError("xlsx needs a file")
        book = Workbook(write_only=True)
        sheet = book.create_sheet(title[:31])
        sheet.append(headers)
        for row in rows:
            # A cell starting with "=" would be a formula in Excel: keep people's text as text.
            sheet.append([f"'{v}" if isinstance(v, str) and v.startswith("=") else v for v in row])
        book.save(path)
        return None
    if format == "csv":
        stream = io.StringIO()
        writer = csv.writer(stream)
        writer.writerow(headers)
        writer.writerows(rows)
        return stream.getvalue()
    return _md(title, headers, rows)


def report_table(
    language: Language, rows: Sequence[ReportRow]
) -> tuple[list[str], list[list[str | int]]]:
    """The quality report's header and rows in `language`."""
    return _headers(language, REPORT_COLUMNS), [_cells(language, row) for row in rows]


async def overlap_table(
    uow: UnitOfWork, book: RuleBook, language: Language, group: str | None
) -> tuple[list[str], list[list[str | int]]]:
    """Every overlapping pair (touching one group, if given) with similarity and mark."""
    code = group.strip().upper() if group else None
    if code is not None and await uow.groups.by_code(code) is None:
        raise QualityError("unknown_group", group=group)
    keys = {item.key for item in await uow.quality.texts(group_code=code)} if code else None
    rows: list[list[str | int]] = []
    for overlap, mark in await catalogue_overlaps(uow, book):
        if keys is not None and not {overlap.first, overlap.second} & keys:
            continue
        duplicate = None
        if mark is not None and mark.duplicate_id is not None:
            duplicate = (await uow.requirements.keys_by_ids([mark.duplicate_id])).get(
                mark.duplicate_id
            )
        view = OverlapView(
            overlap.second, "", overlap.similarity, "", mark.kind if mark else None, duplicate
        )
        rows.append(
            [overlap.first, overlap.second, overlap.similarity, mark_words(language, view) or ""]
        )
    return _headers(language, OVERLAP_COLUMNS), rows
