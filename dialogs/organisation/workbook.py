"""The organisation workbook: its template, and the row checks of its sheets `kommuner`,
`grupper` and `milepæler` (the sheet `personer` is checked by the people import's own rules).

Checks are pure: a table and what is already known go in, rows and `Problem`s come out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Final

from openpyxl import Workbook
from openpyxl.styles import Font

from cards.catalogue_cards import kind_words
from cards.catalogues.organisation import (
    KIND_WORDS,
    NO_WORDS,
    PRECISION_WORDS,
    WORKBOOK_EXAMPLES,
    WORKBOOK_HEADERS,
    WORKBOOK_PEOPLE_COLUMNS,
    WORKBOOK_SHEETS,
    YES_WORDS,
)
from cards.imports import normalize_word
from cards.milestone_cards import status_words
from cards.texts import LANGUAGES
from dialogs.catalogue.importing import Row, Sheet
from dialogs.catalogue.organisation import CODE, MAX_NAME
from dialogs.catalogue.spreadsheets import CellValue, Problem, Table, cell_problems, map_headers
from dialogs.catalogue.spreadsheets import short as shorten
from storage.groups import fold
from storage.models import Group, Municipality
from vocabulary import GroupKind, MilestoneStatus, Precision

__all__ = [
    "GROUPS",
    "MILESTONES",
    "MUNICIPALITIES",
    "PEOPLE",
    "WORKBOOK_HEADERS",
    "WORKBOOK_SHEETS",
    "GroupSheetRow",
    "MilestoneSheetRow",
    "PlaceRow",
    "in_sheet",
    "parse_groups",
    "parse_milestones",
    "parse_places",
    "write_template",
    "yes_no",
]

MUNICIPALITIES: Final = "kommuner"
GROUPS: Final = "grupper"
PEOPLE: Final = "personer"
MILESTONES: Final = "milepæler"
_ALIASES: Final = re.compile(r"[;\n]")
_MONTH: Final = re.compile(r"^\d{4}-\d{2}$")
MAX_TITLE: Final = 200


def write_template(path: Path) -> None:
    """Write the empty workbook: one sheet each, Norwegian headers, one filled example row."""
    workbook = Workbook()
    default = workbook.active
    if default is not None:
        workbook.remove(default)
    for name in WORKBOOK_SHEETS:
        sheet = workbook.create_sheet(name)
        headers = (
            WORKBOOK_PEOPLE_COLUMNS
            if name == PEOPLE
            else tuple(names[0] for names in WORKBOOK_HEADERS[name].values())
        )
        sheet.append(list(headers))
        sheet.append(list(WORKBOOK_EXAMPLES[name]))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for index, header in enumerate(headers):
            letter = sheet.cell(row=1, column=index + 1).column_letter
            sheet.column_dimensions[letter].width = max(14, len(header) + 4)
    workbook.save(path)


def in_sheet(sheet: str, problems: Sequence[Problem]) -> list[Problem]:
    """The problems of one sheet, each saying which sheet it is in."""
    return [
        Problem(p.code, p.row, p.column, p.values, sheet if p.sheet is None else p.sheet)
        for p in problems
    ]


def _rows(table: Table, sheet: str, required: Sequence[str]) -> tuple[Sheet, list[Problem]]:
    columns, problems = map_headers(table, WORKBOOK_HEADERS[sheet], required, sheet)
    return Sheet.of(table, columns), problems + cell_problems(table)


# ---------------------------------------------------------------- kommuner


@dataclass(frozen=True, slots=True)
class PlaceRow:
    """A municipality: whether it takes part (None: leave as is), and its contact person."""

    row: int
    number: str
    participating: bool | None
    contact: str | None


def parse_places(
    table: Table, municipalities: Sequence[Municipality]
) -> tuple[list[PlaceRow], list[Problem]]:
    """The `kommuner` sheet: known municipalities, each once, yes/no, a contact reference."""
    sheet, problems = _rows(table, MUNICIPALITIES, ("municipality",))
    numbers = {m.number for m in municipalities}
    names = {normalize_word(m.name): m.number for m in municipalities}
    seen: dict[str, int] = {}
    places: list[PlaceRow] = []
    for number, values in table.rows:
        row = sheet.row(number, values)
        raw = row.text("municipality")
        found = raw.zfill(4) if raw.isdigit() and raw.zfill(4) in numbers else None
        found = found or names.get(normalize_word(raw))
        if not raw:
            row.problem("municipality", "required")
        elif found is None:
            row.problem("municipality", "unknown_municipality", value=shorten(raw))
        elif found in seen:
            row.problem("municipality", "duplicate_name", value=raw, other_row=seen[found])
        else:
            seen[found] = number
        participating = yes_no(row, "participating")
        contact = row.text("contact") or None
        problems += row.problems
        if not row.problems and found is not None:
            places.append(PlaceRow(number, found, participating, contact))
    return places, problems


def yes_no(row: Row, name: str) -> bool | None:
    """`ja`/`nei` (or yes/no, x, 1/0); None when the column is missing."""
    if name not in row.sheet.index:
        return None
    word = normalize_word(row.text(name))
    if word in {normalize_word(w) for w in YES_WORDS}:
        return True
    if word in {normalize_word(w) for w in NO_WORDS}:
        return False
    row.problem(name, "unknown_value", value=shorten(row.text(name)), valid=["ja", "nei"])
    return None


# ---------------------------------------------------------------- grupper


@dataclass(frozen=True, slots=True)
class GroupSheetRow:
    """A group of the workbook: new, or changes to the stored group with that code."""

    row: int
    code: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    chair: str | None
    deputy_chair: str | None


def _kinds() -> dict[str, str]:
    words: dict[str, str] = {normalize_word(code): str(code) for code in GroupKind}
    for code, names in KIND_WORDS.items():
        for name in (*names, *(kind_words(language, code) for language in LANGUAGES)):
            words[normalize_word(name)] = code
    return words


@dataclass(slots=True)
class _Names:
    """Every word a group goes by, in the sheet and stored: which group (code) and which row."""

    stored: Mapping[str, Group]
    sheet: dict[str, tuple[str, int]] = field(default_factory=dict)

    def check(self, row: Row, column: str, word: str, code: str, *, is_code: bool) -> None:
        folded = fold(word)
        stored = self.stored.get(folded)
        claimed = self.sheet.get(folded)
        if claimed is not None and claimed[0] != code:
            row.problem(column, "name_taken", value=word, group=claimed[0])
        elif claimed is not None and claimed[1] != row.number and is_code:
            row.problem(column, "duplicate_name", value=word, other_row=claimed[1])
        elif stored is not None and stored.code != code:
            row.problem(column, "name_taken", value=word, group=stored.code)
        else:
            self.sheet.setdefault(folded, (code, row.number))


def parse_groups(
    table: Table, stored: Mapping[str, Group]
) -> tuple[list[GroupSheetRow], list[Problem]]:
    """The `grupper` sheet: codes, names and aliases unique across the sheet and against the
    stored groups (`stored`: every word -> group, `storage.groups.group_lookup`)."""
    sheet, problems = _rows(table, GROUPS, ("code", "name"))
    kinds = _kinds()
    names = _Names(stored)
    groups: list[GroupSheetRow] = []
    for number, values in table.rows:
        row = sheet.row(number, values)
        code = row.text("code").upper()
        if not CODE.match(code):
            row.problem("code", "invalid_code", value=shorten(row.text("code")))
        else:
            names.check(row, "code", code, code, is_code=True)
        name = " ".join(row.text("name").split())
        if not name:
            row.problem("name", "required")
        elif len(name) > MAX_NAME:
            row.problem("name", "too_long", length=len(name), limit=MAX_NAME)
        elif fold(name) != fold(code):
            names.check(row, "name", name, code, is_code=False)
        kind = kinds.get(normalize_word(row.text("kind") or GroupKind.WORKING))
        if kind is None:
            valid = [kind_words("nb", code) for code in GroupKind]
            row.problem("kind", "unknown_value", value=shorten(row.text("kind")), valid=valid)
        aliases = _aliases(row, names, code, name)
        problems += row.problems
        if not row.problems and kind is not None:
            chair, deputy = row.text("chair") or None, row.text("deputy_chair") or None
            groups.append(GroupSheetRow(number, code, name, kind, aliases, chair, deputy))
    return groups, problems


def _aliases(row: Row, names: _Names, code: str, name: str) -> tuple[str, ...]:
    """The row's aliases, without repeats of its own code or name."""
    own = {fold(code), fold(name)}
    aliases: list[str] = []
    for raw in _ALIASES.split(row.text("aliases")):
        alias = " ".join(raw.split())
        if not alias or fold(alias) in own:
            continue
        if len(alias) > MAX_NAME:
            row.problem("aliases", "too_long", length=len(alias), limit=MAX_NAME)
            continue
        own.add(fold(alias))
        names.check(row, "aliases", alias, code, is_code=False)
        aliases.append(alias)
    return tuple(aliases)


# ---------------------------------------------------------------- milepæler


@dataclass(frozen=True, slots=True)
class MilestoneSheetRow:
    """A milestone of the workbook, matched to a stored one by its title."""

    row: int
    title: str
    due: date
    precision: Precision
    phase: int
    owner: str | None
    group: str | None  # group code
    status: MilestoneStatus


def _words(codes: Mapping[str, Sequence[str]]) -> dict[str, str]:
    return {normalize_word(w): code for code, names in codes.items() for w in (code, *names)}


def parse_milestones(
    table: Table, groups: Mapping[str, str]
) -> tuple[list[MilestoneSheetRow], list[Problem]]:
    """The `milepæler` sheet; `groups` maps every word a group goes by (folded) to its code."""
    sheet, problems = _rows(table, MILESTONES, ("title", "due"))
    precisions = _words(PRECISION_WORDS)
    statuses = _words(
        {code: [status_words(language, code) for language in LANGUAGES] for code in MilestoneStatus}
    )
    seen: dict[str, int] = {}
    found: list[MilestoneSheetRow] = []
    for number, values in table.rows:
        row = sheet.row(number, values)
        title = " ".join(row.text("title").split())
        if not title:
            row.problem("title", "required")
        elif len(title) > MAX_TITLE:
            row.problem("title", "too_long", length=len(title), limit=MAX_TITLE)
        elif fold(title) in seen:
            row.problem("title", "duplicate_name", value=title, other_row=seen[fold(title)])
        else:
            seen[fold(title)] = number
        given = row.text("precision")
        precision = precisions.get(normalize_word(given)) if given else None
        if given and precision is None:
            row.problem("precision", "unknown_value", value=shorten(given), valid=["dag", "måned"])
        due, precision = _due(row, precision)
        phase = _phase(row)
        status = statuses.get(normalize_word(row.text("status") or MilestoneStatus.PLANNED))
        if status is None:
            valid = [status_words("nb", code) for code in MilestoneStatus]
            row.problem("status", "unknown_value", value=shorten(row.text("status")), valid=valid)
        group = row.text("group")
        code = groups.get(fold(group)) if group else None
        if group and code is None:
            row.problem(
                "group", "unknown_group", value=shorten(group), valid=sorted(groups.values())
            )
        problems += row.problems
        if not row.problems and due is not None and status is not None:
            owner = row.text("owner") or None
            precise = Precision(precision)
            found.append(
                MilestoneSheetRow(
                    number, title, due, precise, phase, owner, code, MilestoneStatus(status)
                )
            )
    return found, problems


def _due(row: Row, precision: str | None) -> tuple[date | None, str]:
    """The due date and its precision: a date cell, `2026-12-04`, or `2026-12` for a month."""
    cell: CellValue = row.cell("due")
    raw = row.text("due")
    if isinstance(cell, datetime):
        day: date | None = cell.date()
    elif isinstance(cell, date):
        day = cell
    elif _MONTH.match(raw):
        precision = precision or Precision.MONTH
        day = _iso(f"{raw}-01")
    else:
        day = _iso(raw[:10]) if raw else None
    if day is None:
        row.problem("due", "invalid_date" if raw else "required", value=shorten(raw))
        return None, precision or Precision.DAY
    precision = precision or Precision.DAY
    return (day.replace(day=1) if precision == Precision.MONTH else day), precision


def _iso(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def _phase(row: Row) -> int:
    raw = row.text("phase")
    if not raw:
        return 1
    if raw in ("1", "2", "3"):
        return int(raw)
    row.problem("phase", "unknown_value", value=shorten(raw), valid=["1", "2", "3"])
    return 1
