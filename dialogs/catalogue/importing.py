"""What the requirement and the people imports share: reading the sheet, checking a row's cells,
and reporting a database conflict, so both report problems the same way."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dialogs.catalogue.spreadsheets import (
    CellValue,
    Columns,
    Problem,
    SpreadsheetError,
    Table,
    as_text,
    read_table,
)


def read_rows(path: Path, sheet: str | None) -> Table:
    """The sheet as a table; a file with a header but no rows is refused like an unreadable one."""
    table = read_table(path, sheet)
    if not table.rows:
        raise SpreadsheetError(Problem("no_rows", table.header_row))
    return table


def conflict(exc: Exception) -> Problem:
    """A write the database refused (e.g. a unique index another writer got to first)."""
    reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
    return Problem("conflict", values={"reason": reason})


@dataclass(frozen=True, slots=True)
class Sheet:
    """Where each field stands in a table, and which cells hold a formula without a value."""

    index: Mapping[str, int]
    names: Mapping[str, str]
    skip: frozenset[tuple[int, int]]

    @classmethod
    def of(cls, table: Table, columns: Columns) -> Sheet:
        """The layout of `table` once its headers are mapped to `columns`."""
        names = {name: table.column_name(position) for name, position in columns.index.items()}
        return cls(columns.index, names, frozenset(table.formulas_without_value))

    def row(self, number: int, values: tuple[CellValue, ...]) -> Row:
        """One row of the table, to read and check."""
        return Row(self, number, values)


@dataclass(slots=True)
class Row:
    """One row being checked: its cells by field, and the problems found in it so far."""

    sheet: Sheet
    number: int
    values: tuple[CellValue, ...]
    problems: list[Problem] = field(default_factory=list)

    def given(self, name: str) -> bool:
        """Whether the file has a column for `name` with a readable cell in this row."""
        position = self.sheet.index.get(name)
        return position is not None and (self.number, position) not in self.sheet.skip

    def cell(self, name: str) -> CellValue:
        """The cell of field `name`, or None when the file does not give it."""
        position = self.sheet.index.get(name)
        if not self.given(name) or position is None or position >= len(self.values):
            return None
        return self.values[position]

    def text(self, name: str) -> str:
        """The cell of field `name` as text ("" when not given)."""
        return as_text(self.cell(name))

    def problem(self, name: str, code: str, **values: object) -> None:
        """Note a problem in the cell of field `name`."""
        self.problems.append(Problem(code, self.number, self.sheet.names[name], values))
