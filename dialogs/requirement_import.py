"""Import of requirements from a spreadsheet: all rows valid and written together, or nothing.

`parse_requirements` maps and validates rows (pure); `plan_import` compares them with what is
stored (pure); `import_requirements` reads the file, loads the catalogue in one query, and
applies the plan in one unit of work.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from sqlalchemy.exc import IntegrityError

from cards.catalogues.imports import REQUIRED_REQUIREMENT_FIELDS
from cards.imports import header_aliases, normalize_word, status_aliases, type_aliases
from dialogs.spreadsheets import (
    CellValue,
    Problem,
    SpreadsheetError,
    Table,
    as_text,
    cell_problems,
    is_date,
    map_headers,
    read_table,
    short,
)
from storage.database import Database
from storage.models import Group
from storage.requirements import Change, RequirementData

KEY_LIMIT: Final = 32
TEXT_LIMIT: Final = 4000
# Column sizes of `requirements` (storage.models), checked here so a bad row gives a message.
LIMITS: Final[dict[str, int]] = {
    "text": TEXT_LIMIT,
    "rationale": TEXT_LIMIT,
    "category": 200,
    "source": 500,
}
_KEY: Final = re.compile(r"^[0-9A-ZÆØÅ][0-9A-ZÆØÅ._/-]*$")
# File column -> RequirementData field.
_FIELD: Final = {"group": "group_code"}
_OPTIONAL_TEXT: Final = ("category", "source", "rationale")


@dataclass(frozen=True, slots=True)
class ParsedRequirement:
    """A valid row: its number, its content, and which fields the file gives for it."""

    row: int
    data: RequirementData
    given: frozenset[str]


@dataclass(frozen=True, slots=True)
class PlannedChange:
    """An existing requirement the import changes: field -> [old, new]."""

    key: str
    row: int
    data: RequirementData
    changes: dict[str, list[Any]]


@dataclass(slots=True)
class ImportPlan:
    """What an import adds, changes and leaves as it is."""

    added: list[ParsedRequirement] = field(default_factory=list)
    changed: list[PlannedChange] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ImportResult:
    """The outcome: problems (then nothing was written), or the plan and whether it was applied."""

    problems: list[Problem] = field(default_factory=list)
    plan: ImportPlan = field(default_factory=ImportPlan)
    applied: bool = False


def _groups_lookup(groups: Sequence[Group]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for group in groups:
        lookup[normalize_word(group.name)] = group.code
    for group in groups:  # codes win over names
        lookup[normalize_word(group.code)] = group.code
    return lookup


def parse_requirements(
    table: Table, groups: Sequence[Group]
) -> tuple[list[ParsedRequirement], list[Problem]]:
    """Map the table's columns and validate every row; problems list each bad cell."""
    columns, problems = map_headers(
        table, header_aliases("requirements"), REQUIRED_REQUIREMENT_FIELDS, "requirements"
    )
    # Header problems do not stop the rows being checked: every problem is reported at once.
    problems += cell_problems(table)
    index = columns.index
    names = {name: table.column_name(position) for name, position in index.items()}
    skip = {(row, column) for row, column in table.formulas_without_value}
    types = type_aliases()
    statuses = status_aliases()
    group_codes = _groups_lookup(groups)
    known_groups = sorted(group.code for group in groups)
    first_row: dict[str, int] = {}
    parsed: list[ParsedRequirement] = []

    for number, values in table.rows:
        row_problems: list[Problem] = []

        def cell(
            name: str, values: tuple[CellValue, ...] = values, number: int = number
        ) -> CellValue:
            position = index.get(name)
            if position is None or position >= len(values) or (number, position) in skip:
                return None
            return values[position]

        def problem(
            name: str,
            code: str,
            number: int = number,
            found_in: list[Problem] = row_problems,
            **found: object,
        ) -> None:
            found_in.append(Problem(code, number, names[name], found))

        def given(name: str, number: int = number) -> bool:
            position = index.get(name)
            return position is not None and (number, position) not in skip

        key = as_text(cell("key")).upper()
        if not key:
            if given("key"):
                problem("key", "required")
        elif len(key) > KEY_LIMIT or not _KEY.match(key):
            problem("key", "invalid_key", value=short(key), limit=KEY_LIMIT)
        elif key in first_row:
            problem("key", "duplicate_key", value=key, other_row=first_row[key])
        else:
            first_row[key] = number

        texts: dict[str, str] = {}
        for name in ("text", *_OPTIONAL_TEXT):
            value = as_text(cell(name))
            limit = LIMITS[name]
            if len(value) > limit:
                problem(name, "too_long", length=len(value), limit=limit)
            texts[name] = value
        if not texts["text"] and given("text"):
            problem("text", "required")

        kind = ""
        raw_type = as_text(cell("type"))
        if not raw_type:
            if given("type"):
                problem("type", "required")
        else:
            kind = types.get(normalize_word(raw_type), "")
            if not kind:
                problem("type", "unknown_value", value=short(raw_type), field="type")

        group_code = ""
        raw_group = as_text(cell("group"))
        if not raw_group:
            if given("group"):
                problem("group", "required")
        else:
            group_code = group_codes.get(normalize_word(raw_group), "")
            if not group_code:
                problem("group", "unknown_group", value=short(raw_group), valid=known_groups)

        weight: int | None = None
        raw_weight = cell("weight")
        if is_date(raw_weight):
            problem("weight", "date_not_number", value=as_text(raw_weight))
        elif as_text(raw_weight):
            weight = _whole_number(raw_weight)
            if weight is None:
                problem("weight", "not_integer", value=short(as_text(raw_weight)))

        status = "draft"
        raw_status = as_text(cell("status"))
        if raw_status:
            status = statuses.get(normalize_word(raw_status), "")
            if not status:
                problem("status", "unknown_value", value=short(raw_status), field="status")

        if row_problems:
            problems += row_problems
            continue
        present = {"key", "text", "type", "group_code"}
        present.update(
            name for name in ("category", "source", "rationale", "weight") if given(name)
        )
        if raw_status:
            present.add("status")
        data = RequirementData(
            key=key,
            group_code=group_code,
            text=texts["text"],
            type=kind,
            category=texts["category"],
            weight=weight,
            source=texts["source"],
            rationale=texts["rationale"],
            status=status,
        )
        parsed.append(ParsedRequirement(number, data, frozenset(present)))
    return parsed, problems


def _whole_number(value: CellValue) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            return None
        number = int(value)
    else:
        raw = as_text(value).replace("\u00a0", "").replace(" ", "")
        if raw.endswith(",0") or raw.endswith(".0"):
            raw = raw[:-2]
        if not raw.isdigit():
            return None
        number = int(raw)
    return number if 0 <= number <= 2_147_483_647 else None


def plan_import(
    parsed: Sequence[ParsedRequirement], existing: Mapping[str, Mapping[str, Any]]
) -> ImportPlan:
    """Compare valid rows with the stored requirements (key -> versioned fields)."""
    plan = ImportPlan()
    for item in parsed:
        stored = existing.get(item.data.key)
        if stored is None:
            plan.added.append(item)
            continue
        new = item.data.fields()
        changes = {
            name: [stored[name], new[name]]
            for name in new
            if name in item.given and stored[name] != new[name]
        }
        if changes:
            plan.changed.append(PlannedChange(item.data.key, item.row, item.data, changes))
        else:
            plan.unchanged.append(item.data.key)
    return plan


async def import_requirements(
    db: Database,
    path: Path,
    *,
    sheet: str | None = None,
    dry_run: bool = False,
    by: str = "import",
    reason: str = "",
) -> ImportResult:
    """Read, validate and (unless `dry_run` or anything is wrong) apply the file in one go."""
    try:
        table = read_table(path, sheet)
    except SpreadsheetError as exc:
        return ImportResult(problems=[exc.problem])
    if not table.rows:
        return ImportResult(problems=[Problem("no_rows", table.header_row)])
    async with db.uow() as uow:
        groups = await uow.groups.all()
        parsed, problems = parse_requirements(table, groups)
        if problems:
            return ImportResult(problems=problems)
        stored = await uow.requirements.all_with_groups()
        by_key = {requirement.key: requirement for requirement, _code in stored}
        existing = {
            requirement.key: {
                "group_code": code,
                "category": requirement.category,
                "text": requirement.text,
                "type": requirement.type,
                "weight": requirement.weight,
                "source": requirement.source,
                "rationale": requirement.rationale,
                "status": requirement.status,
            }
            for requirement, code in stored
        }
        plan = plan_import(parsed, existing)
        if dry_run or not (plan.added or plan.changed):
            return ImportResult(plan=plan)
        change = Change(by=by, reason=reason)
        groups_by_code = {group.code: group for group in groups}
        try:
            await uow.requirements.create_many(
                [(item.data, groups_by_code[item.data.group_code]) for item in plan.added],
                change,
            )
            for planned in plan.changed:
                await uow.requirements.update(
                    by_key[planned.key],
                    {name: new for name, (_old, new) in planned.changes.items()},
                    change,
                    groups=groups_by_code,
                )
            await uow.commit()
        except IntegrityError as exc:
            reason_text = str(exc.orig or exc).splitlines()[0]
            return ImportResult(problems=[Problem("conflict", values={"reason": reason_text})])
    return ImportResult(plan=plan, applied=True)
