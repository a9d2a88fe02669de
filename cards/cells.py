"""Spreadsheet cells that stay data: the one rule every csv and xlsx export applies.

OWASP's CSV-injection rule: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return may run as a formula (or DDE command) when the file is opened in a spreadsheet program,
so it gets a leading apostrophe, which the program shows as text. Importers undo exactly that.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Final, TypeVar

DANGEROUS: Final = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")


def safe_cell(value: T) -> T | str:
    """The value, or a text that starts with a dangerous character prefixed with `'`."""
    if isinstance(value, str) and value[:1] in DANGEROUS:
        return "'" + value
    return value


def unquote_cell(value: str) -> str:
    """The text `safe_cell` was given, for importers reading an export back."""
    if value[:1] == "'" and value[1:2] in DANGEROUS:
        return value[1:]
    return value


def xlsx_sheet(title: str, rows: Sequence[Sequence[str]], footer: Sequence[str] = ()) -> bytes:
    """A workbook of one sheet `title`: the rows, a blank row and the footer lines, each cell
    made safe."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.create_sheet(title[:31])
    for other in workbook.worksheets[:-1]:
        workbook.remove(other)
    for row in rows:
        sheet.append([safe_cell(cell) for cell in row])
    if footer:
        sheet.append([])
        for line in footer:
            sheet.append([safe_cell(line)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def md_cell(cell: str) -> str:
    """A Markdown table cell: pipes and backslashes escaped, line breaks as <br>."""
    return cell.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def md_table(rows: Sequence[Sequence[str]]) -> list[str]:
    """A Markdown table (the first row is the header) as lines."""
    header, *body = rows
    lines = ["| " + " | ".join(md_cell(c) for c in header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in body]
