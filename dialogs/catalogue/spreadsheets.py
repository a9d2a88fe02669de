"""Reading `.xlsx` and `.csv` files into rows with the row numbers a spreadsheet shows.

Everything here is pure: a file goes in, a `Table` (or a list of `Problem`s) comes out. Problems
are plain data; `cards.imports` turns them into sentences in the user's language.
"""

from __future__ import annotations

import csv
import gc
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Final
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from cards.cells import unquote_cell
from cards.imports import normalize_word

CellValue = str | int | float | bool | datetime | date | time | timedelta | None

XLSX_SUFFIXES: Final = (".xlsx", ".xlsm")
CSV_SUFFIXES: Final = (".csv", ".txt")
_ZIP_MAGIC: Final = b"PK\x03\x04"
_UTF8_BOM: Final = b"\xef\xbb\xbf"
# A formula element in a worksheet part (`<f>`, `<f t="shared" ...>`, `<x:f>`), but not
# `<formula1>` of a data validation or `<font>`.
_FORMULA_TAG: Final = re.compile(rb"<(?:[A-Za-z][\w.-]*:)?f[\s>/]")
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What Excel stores as a cached value when a formula fails.
EXCEL_ERRORS: Final = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with an imported file: `code` names it, the rest says where and what."""

    code: str
    row: int | None = None
    column: str | None = None
    values: Mapping[str, object] = field(default_factory=dict)
    # The sheet, in a workbook of several (the organisation workbook); None for one table.
    sheet: str | None = None


class SpreadsheetError(Exception):
    """The file cannot be read as a table at all."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.code)
        self.problem = problem


@dataclass(slots=True)
class Table:
    """A sheet: its header row and every non-empty row below it, by spreadsheet row number."""

    header_row: int
    headers: list[str]
    rows: list[tuple[int, tuple[CellValue, ...]]]
    # Cells whose formula has no stored value: (row, column index).
    formulas_without_value: list[tuple[int, int]] = field(default_factory=list)

    def column_name(self, index: int) -> str:
        """The header of column `index` as written, or its letter when it has none."""
        name = self.headers[index] if index < len(self.headers) else ""
        return name or get_column_letter(index + 1)


def read_table(path: Path, sheet: str | None = None) -> Table:
    """Read the first (or the named) sheet of an `.xlsx` file, or a `.csv` file."""
    shown = str(path)
    suffix = path.suffix.lower()
    if suffix not in XLSX_SUFFIXES + CSV_SUFFIXES:
        raise SpreadsheetError(
            Problem(
                "unsupported_format",
                values={"suffix": path.suffix or path.name, "valid": [".xlsx", ".csv"]},
            )
        )
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise IsADirectoryError(shown)
    except FileNotFoundError:
        raise SpreadsheetError(Problem("missing_file", values={"file": shown})) from None
    except OSError as exc:
        raise SpreadsheetError(_unreadable(shown, exc)) from None
    if size == 0:
        raise SpreadsheetError(Problem("empty_file", values={"file": shown}))
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path, sheet)
    return _read_csv(path)


def _unreadable(shown: str, exc: OSError) -> Problem:
    return Problem("unreadable_file", values={"file": shown, "reason": exc.strerror or str(exc)})


def _not_spreadsheet(path: Path, kind: str) -> SpreadsheetError:
    return SpreadsheetError(Problem("not_spreadsheet", values={"file": str(path), "format": kind}))


def _read_xlsx(path: Path, sheet: str | None) -> Table:
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        raise SpreadsheetError(_unreadable(str(path), exc)) from None
    if magic != _ZIP_MAGIC:
        raise _not_spreadsheet(path, "xlsx")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ParseError, ValueError) as exc:
        raise _not_spreadsheet(path, "xlsx") from exc
    except OSError as exc:
        raise SpreadsheetError(_unreadable(str(path), exc)) from None
    try:
        names = list(workbook.sheetnames)
        if sheet is None:
            if not names:
                raise _not_spreadsheet(path, "xlsx")
            sheet = names[0]
        elif sheet not in names:
            wanted = sheet.casefold()
            match = next((name for name in names if name.casefold() == wanted), None)
            if match is None:
                raise SpreadsheetError(
                    Problem("unknown_sheet", values={"sheet": sheet, "valid": names})
                )
            sheet = match
        worksheet = workbook[sheet]
        try:
            table = _table(enumerate(worksheet.iter_rows(values_only=True), start=1))
            has_formulas = _has_formulas(workbook, worksheet)
        except (zipfile.BadZipFile, KeyError, ParseError, ValueError, TypeError) as exc:
            raise _not_spreadsheet(path, "xlsx") from exc
    finally:
        workbook.close()
    if has_formulas:
        table.formulas_without_value = _formulas_without_value(path, sheet, table)
    return table


def _has_formulas(workbook: object, worksheet: object) -> bool:
    """Whether the sheet's XML holds any formula (a quick byte search, no parsing)."""
    archive = getattr(workbook, "_archive", None)
    part = getattr(worksheet, "_worksheet_path", None)
    if not isinstance(archive, zipfile.ZipFile) or not isinstance(part, str):
        return True  # cannot tell cheaply: look at the cells
    try:
        return _FORMULA_TAG.search(archive.read(part)) is not None
    except (KeyError, zipfile.BadZipFile, ValueError):
        return True


def _formulas_without_value(path: Path, sheet: str, table: Table) -> list[tuple[int, int]]:
    """Cells holding a formula whose cached value (what `data_only` reads) is empty."""
    values = dict(table.rows)
    found: list[tuple[int, int]] = []
    workbook = load_workbook(path, read_only=True, data_only=False)
    try:
        rows = workbook[sheet].iter_rows(values_only=True)
        for number, row in enumerate(rows, start=1):
            cached = values.get(number, ())
            for index, value in enumerate(row):
                if not _is_formula(value):
                    continue
                if index >= len(cached) or cached[index] is None:
                    found.append((number, index))
    finally:
        workbook.close()
    return found


def _is_formula(value: object) -> bool:
    if isinstance(value, str):
        return value.startswith("=")
    return value is not None and "Formula" in type(value).__name__


def _read_csv(path: Path) -> Table:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SpreadsheetError(_unreadable(str(path), exc)) from None
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    if not data.strip():
        raise SpreadsheetError(Problem("empty_file", values={"file": str(path)}))
    if b"\x00" in data or data.startswith(_ZIP_MAGIC):
        raise _not_spreadsheet(path, "csv")
    try:
        content = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            # Old Excel on Windows saves "CSV" in the ANSI code page.
            content = data.decode("cp1252")
        except UnicodeDecodeError:
            raise _not_spreadsheet(path, "csv") from None
    if _CONTROL.search(content):
        raise _not_spreadsheet(path, "csv")
    delimiter = sniff_delimiter(content)
    try:
        reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter, strict=True)
        return _table(enumerate(reader, start=1))
    except csv.Error as exc:
        raise _not_spreadsheet(path, "csv") from exc


def sniff_delimiter(content: str) -> str:
    """`;`, `,` or tab: whichever occurs most, outside quotes, on the first non-empty line."""
    line = next((line for line in content.splitlines() if line.strip()), "")
    counts = {";": 0, ",": 0, "\t": 0}
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda char: counts[char])
    return best if counts[best] else ","


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a sheet becomes tuples.

    Keeping tens of thousands of new cells alive triggers full collections that scan every
    object of the process again and again; rows make no reference cycles, so nothing is lost.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _table(rows: Iterable[tuple[int, Sequence[CellValue]]]) -> Table:
    with collector_paused():
        return _collect(rows)


def _collect(rows: Iterable[tuple[int, Sequence[CellValue]]]) -> Table:
    header_row = 0
    headers: list[str] = []
    body: list[tuple[int, tuple[CellValue, ...]]] = []
    iterator: Iterator[tuple[int, Sequence[CellValue]]] = iter(rows)
    for number, row in iterator:
        values = _trimmed(row)
        if values:
            header_row = number
            headers = [as_text(value) for value in values]
            break
    else:
        raise SpreadsheetError(Problem("no_header"))
    for number, row in iterator:
        values = _trimmed(row)
        if values:
            body.append((number, values))
    return Table(header_row=header_row, headers=headers, rows=body)


def _trimmed(row: Sequence[CellValue]) -> tuple[CellValue, ...]:
    """The row without trailing empty cells; () when every cell is empty."""
    end = len(row)
    while end and _blank(row[end - 1]):
        end -= 1
    return tuple(row[:end])


def _blank(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value: CellValue) -> str:
    """A cell as text: numbers without a needless `.0`, dates as ISO dates, stripped."""
    if value is None:
        return ""
    if isinstance(value, str):
        return unquote_cell(value).replace("\r\n", "\n").strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def is_date(value: CellValue) -> bool:
    """Whether the cell holds a date or time (Excel stores them as formatted numbers)."""
    return isinstance(value, datetime | date | time | timedelta)


@dataclass(frozen=True, slots=True)
class Columns:
    """Which column index holds which field."""

    index: dict[str, int]


def map_headers(
    table: Table,
    aliases: Mapping[str, Sequence[str]],
    required: Sequence[str],
    kind: str,
) -> tuple[Columns, list[Problem]]:
    """Match the header row against the accepted names of each field (case/space-insensitive)."""
    lookup = {
        normalize_word(name): name_field for name_field, names in aliases.items() for name in names
    }
    problems: list[Problem] = []
    index: dict[str, int] = {}
    row = table.header_row
    for position, raw in enumerate(table.headers):
        if not raw:
            continue
        found = lookup.get(normalize_word(raw))
        if found is None:
            problems.append(Problem("unknown_column", row, raw, {"value": raw, "kind": kind}))
        elif found in index:
            other = table.headers[index[found]]
            problems.append(Problem("duplicate_column", row, raw, {"other": other}))
        else:
            index[found] = position
    for name in required:
        if name not in index:
            problems.append(Problem("missing_column", row, None, {"field": name, "kind": kind}))
    # Values under a column without a header would be silently lost.
    headerless = {position for position, raw in enumerate(table.headers) if not raw}
    width = len(table.headers)
    reported: set[int] = set()
    for number, values in table.rows:
        for position in range(len(values)):
            if position in reported or _blank(values[position]):
                continue
            if position >= width or position in headerless:
                reported.add(position)
                problems.append(
                    Problem(
                        "value_without_header",
                        number,
                        get_column_letter(position + 1),
                        {"value": _short(as_text(values[position]))},
                    )
                )
    return Columns(index), problems


def _short(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def cell_problems(table: Table) -> list[Problem]:
    """Formulas without a stored value and cells showing an Excel error."""
    problems = [
        Problem(
            "formula_without_value",
            row,
            table.column_name(column),
            {"cell": f"{get_column_letter(column + 1)}{row}"},
        )
        for row, column in table.formulas_without_value
    ]
    for number, values in table.rows:
        for position, value in enumerate(values):
            if isinstance(value, str) and value in EXCEL_ERRORS:
                problems.append(
                    Problem("cell_error", number, table.column_name(position), {"value": value})
                )
    return problems


def short(value: str, limit: int = 60) -> str:
    """A value shortened for an error message."""
    return _short(value, limit)
