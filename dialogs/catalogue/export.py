"""Export of the requirements specification as a procurement-style table: xlsx, csv or Markdown."""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TextIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cards.cells import safe_cell
from cards.imports import (
    EXPORT_FIELDS,
    export_error_text,
    header,
    normalize_word,
    status_aliases,
    status_word,
    type_word,
)
from cards.texts import Language, text
from dialogs.kernel.errors import WorkflowError
from storage.database import Database
from vocabulary import RequirementStatus, RequirementType

FORMATS: Final = ("xlsx", "csv", "md")
# Column widths in characters, by field.
WIDTHS: Final[dict[str, float]] = {
    "key": 12,
    "group": 14,
    "category": 22,
    "text": 70,
    "type": 8,
    "weight": 8,
    "source": 24,
    "rationale": 45,
    "status": 16,
    "version": 9,
}
# Long texts wrap in their cells.
WRAPPED: Final = frozenset({"category", "text", "source", "rationale"})
_DIGITS: Final = re.compile(r"(\d+)")


class ExportError(WorkflowError):
    """A bad option (unknown group or status) or an unwritable target."""

    area = "imports"

    @classmethod
    def key_of(cls, code: str) -> str:
        """Export refusals live under `imports.export.<code>` with the export's other texts."""
        return f"imports.export.{code}"

    def message(self, language: Language) -> str:
        """The refusal in words; an unknown status lists the valid ones in `language`."""
        return export_error_text(language, self.code, self.values)


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One requirement as exported."""

    key: str
    group: str
    group_name: str
    category: str
    text: str
    type: str
    weight: int | None
    source: str
    rationale: str
    status: str
    version: int


def _natural(key: str) -> tuple[Any, ...]:
    return tuple(int(part) if part.isdigit() else part for part in _DIGITS.split(key))


async def load_rows(
    db: Database, *, group: str | None = None, status: str | None = None
) -> list[ExportRow]:
    """The requirements to export (one query), by group and then key in natural order."""
    wanted_status = None
    if status:
        wanted_status = status_aliases().get(normalize_word(status))
        if wanted_status is None:
            raise ExportError("unknown_status", value=status, field="status")
    async with db.uow() as uow:
        groups = {item.code: item for item in await uow.groups.all()}
        wanted_group = None
        if group:
            wanted_group = group.strip().upper()
            if wanted_group not in groups:
                raise ExportError("unknown_group", value=group, valid=sorted(groups))
        stored = await uow.requirements.all_with_groups()
    rows = [
        ExportRow(
            key=requirement.key,
            group=code,
            group_name=groups[code].name,
            category=requirement.category,
            text=requirement.text,
            type=requirement.type,
            weight=requirement.weight,
            source=requirement.source,
            rationale=requirement.rationale,
            status=requirement.status,
            version=requirement.version,
        )
        for requirement, code in stored
        if (wanted_group is None or code == wanted_group)
        and (wanted_status is None or requirement.status == wanted_status)
    ]
    rows.sort(key=lambda row: (row.group, _natural(row.key)))
    return rows


def _values(row: ExportRow, types: dict[str, str], statuses: dict[str, str]) -> list[Any]:
    return [
        row.key,
        row.group,
        row.category,
        row.text,
        types.get(row.type, row.type),
        row.weight,
        row.source,
        row.rationale,
        statuses.get(row.status, row.status),
        row.version,
    ]


def _words(language: str) -> tuple[dict[str, str], dict[str, str]]:
    types = {str(code): type_word(language, code) for code in RequirementType}
    statuses = {str(code): status_word(language, code) for code in RequirementStatus}
    return types, statuses


def write_xlsx(rows: Sequence[ExportRow], path: Path, language: str) -> None:
    """A workbook with a bold, frozen header row, widths, wrapped text and an autofilter."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(text(language, "imports.export.sheet"))
    for position, name in enumerate(EXPORT_FIELDS, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = WIDTHS[name]
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(EXPORT_FIELDS))
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    top = Alignment(vertical="top", wrap_text=True)
    heading = []
    for name in EXPORT_FIELDS:
        cell = WriteOnlyCell(sheet, header(language, name))
        cell.font = bold
        cell.fill = fill
        cell.alignment = top
        heading.append(cell)
    sheet.append(heading)

    # One styled template; every wrapped cell shares its style array (cheap to copy).
    template = WriteOnlyCell(sheet, "")
    template.alignment = top
    wrapped = [name in WRAPPED for name in EXPORT_FIELDS]
    types, statuses = _words(language)
    for row in rows:
        values: list[Any] = []
        for is_wrapped, value in zip(wrapped, _values(row, types, statuses), strict=True):
            if isinstance(value, str):
                value = safe_cell(_clean(value))
                if is_wrapped:
                    cell = WriteOnlyCell(sheet, value)
                    cell._style = template._style  # shared, never mutated
                    cell.data_type = "s"
                    value = cell
            values.append(value)
        sheet.append(values)
    workbook.save(path)


def _clean(value: str) -> str:
    """Without the control characters that XML (and so xlsx) cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if ILLEGAL_CHARACTERS_RE.search(value) else value


def write_csv(rows: Sequence[ExportRow], stream: TextIO, language: str) -> None:
    """Comma-separated, quoted where needed; the header in `language`."""
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([header(language, name) for name in EXPORT_FIELDS])
    types, statuses = _words(language)
    writer.writerows(
        ["" if value is None else safe_cell(value) for value in _values(row, types, statuses)]
        for row in rows
    )


def _md_cell(value: object) -> str:
    if value is None:
        return ""
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("\r\n", "\n")
        .replace("\n", "<br>")
    )


def write_md(rows: Sequence[ExportRow], stream: TextIO, language: str) -> None:
    """A Markdown document: one table per group, without the group column."""
    fields = [name for name in EXPORT_FIELDS if name != "group"]
    types, statuses = _words(language)
    lines = [f"# {text(language, 'imports.export.title')}", ""]
    if not rows:
        lines += [text(language, "imports.export.none"), ""]
    current = None
    for row in rows:
        if row.group != current:
            if current is not None:
                lines.append("")
            current = row.group
            heading = text(
                language, "imports.export.group_heading", code=row.group, name=row.group_name
            )
            lines += [
                f"## {_md_cell(heading)}",
                "",
                "| " + " | ".join(header(language, name) for name in fields) + " |",
                "|" + "|".join("---" for _ in fields) + "|",
            ]
        values = dict(zip(EXPORT_FIELDS, _values(row, types, statuses), strict=True))
        lines.append("| " + " | ".join(_md_cell(values[name]) for name in fields) + " |")
    stream.write("\n".join(lines) + "\n")


@dataclass(frozen=True, slots=True)
class ExportRequirements:
    """Write the requirements (of one group, or with one status) to a file or a text stream."""

    format: str
    target: Path | TextIO
    language: str
    group: str | None = None
    status: str | None = None


async def export_requirements(db: Database, command: ExportRequirements) -> int:
    """Write the (filtered) requirements to the target; the number of requirements written."""
    rows = await load_rows(db, group=command.group, status=command.status)
    format, target, language = command.format, command.target, command.language
    try:
        if format == "xlsx":
            if not isinstance(target, Path):
                raise ExportError("needs_output")
            write_xlsx(rows, target, language)
        elif isinstance(target, Path):
            # A BOM lets Excel open the file as UTF-8 (æ, ø, å) when it is double-clicked.
            encoding = "utf-8-sig" if format == "csv" else "utf-8"
            with target.open("w", encoding=encoding, newline="") as stream:
                _write_text(format, rows, stream, language)
        else:
            _write_text(format, rows, target, language)
    except OSError as exc:
        raise ExportError(
            "cannot_write", file=str(target), reason=exc.strerror or str(exc)
        ) from None
    return len(rows)


def _write_text(format: str, rows: Sequence[ExportRow], stream: TextIO, language: str) -> None:
    if format == "csv":
        write_csv(rows, stream, language)
    else:
        write_md(rows, stream, language)
