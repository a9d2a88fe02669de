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
from cards.quality_cards import FindingView
from dialogs import quality
from dialogs.catalogue.importing import Row, Sheet, conflict, read_rows
from dialogs.catalogue.spreadsheets import (
    CellValue,
    Problem,
    SpreadsheetError,
    Table,
    as_text,
    cell_problems,
    is_date,
    map_headers,
    short,
)
from dialogs.kernel.changes import requirements_changed
from storage.database import Database
from storage.groups import group_lookup
from storage.models import Group
from storage.requirements import Change, RequirementData
from vocabulary import RequirementStatus

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
    # Added and changed requirements with quality findings (key, score, findings), weakest
    # first: reported, never a reason to refuse the file.
    quality: list[tuple[str, int, tuple[FindingView, ...]]] = field(default_factory=list)


def _groups_lookup(groups: Sequence[Group], aliases: Mapping[int, Sequence[str]]) -> dict[str, str]:
    found = group_lookup(groups, aliases, normalize_word)
    return {word: group.code for word, group in found.items()}


@dataclass(frozen=True, slots=True)
class _Words:
    """What cells are matched against: the accepted words of each coded field, and the groups."""

    types: dict[str, str]
    statuses: dict[str, str]
    groups: dict[str, str]
    known_groups: list[str]

    @classmethod
    def of(cls, groups: Sequence[Group], aliases: Mapping[int, Sequence[str]]) -> _Words:
        return cls(
            type_aliases(),
            status_aliases(),
            _groups_lookup(groups, aliases),
            sorted(group.code for group in groups),
        )


def parse_requirements(
    table: Table, groups: Sequence[Group], aliases: Mapping[int, Sequence[str]] | None = None
) -> tuple[list[ParsedRequirement], list[Problem]]:
    """Map the table's columns and validate every row; problems list each bad cell."""
    columns, problems = map_headers(
        table, header_aliases("requirements"), REQUIRED_REQUIREMENT_FIELDS, "requirements"
    )
    # Header problems do not stop the rows being checked: every problem is reported at once.
    problems += cell_problems(table)
    sheet = Sheet.of(table, columns)
    words = _Words.of(groups, aliases or {})
    first_row: dict[str, int] = {}
    parsed: list[ParsedRequirement] = []
    for number, values in table.rows:
        row = sheet.row(number, values)
        item = _parse_row(row, words, first_row)
        if row.problems:
            problems += row.problems
        elif item is not None:
            parsed.append(item)
    return parsed, problems


def _parse_row(row: Row, words: _Words, first_row: dict[str, int]) -> ParsedRequirement | None:
    """One row as a requirement; None (with `row.problems`) when anything is wrong."""
    key = _key(row, first_row)
    texts = _texts(row)
    kind = _coded(row, "type", words.types)
    group_code = _group(row, words)
    weight = _weight(row)
    status: str = RequirementStatus.DRAFT
    raw_status = row.text("status")
    if raw_status:
        status = words.statuses.get(normalize_word(raw_status), "")
        if not status:
            row.problem("status", "unknown_value", value=short(raw_status), field="status")
    if row.problems:
        return None
    present = {"key", "text", "type", "group_code"}
    present.update(name for name in (*_OPTIONAL_TEXT, "weight") if row.given(name))
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
    return ParsedRequirement(row.number, data, frozenset(present))


def _key(row: Row, first_row: dict[str, int]) -> str:
    key = row.text("key").upper()
    if not key:
        if row.given("key"):
            row.problem("key", "required")
    elif len(key) > KEY_LIMIT or not _KEY.match(key):
        row.problem("key", "invalid_key", value=short(key), limit=KEY_LIMIT)
    elif key in first_row:
        row.problem("key", "duplicate_key", value=key, other_row=first_row[key])
    else:
        first_row[key] = row.number
    return key


def _texts(row: Row) -> dict[str, str]:
    texts: dict[str, str] = {}
    for name in ("text", *_OPTIONAL_TEXT):
        value = row.text(name)
        limit = LIMITS[name]
        if len(value) > limit:
            row.problem(name, "too_long", length=len(value), limit=limit)
        texts[name] = value
    if not texts["text"] and row.given("text"):
        row.problem("text", "required")
    return texts


def _coded(row: Row, name: str, accepted: dict[str, str]) -> str:
    """The code of a required coded cell (type), or "" with a problem noted."""
    raw = row.text(name)
    if not raw:
        if row.given(name):
            row.problem(name, "required")
        return ""
    code = accepted.get(normalize_word(raw), "")
    if not code:
        row.problem(name, "unknown_value", value=short(raw), field=name)
    return code


def _group(row: Row, words: _Words) -> str:
    raw = row.text("group")
    if not raw:
        if row.given("group"):
            row.problem("group", "required")
        return ""
    code = words.groups.get(normalize_word(raw), "")
    if not code:
        row.problem("group", "unknown_group", value=short(raw), valid=words.known_groups)
    return code


def _weight(row: Row) -> int | None:
    raw = row.cell("weight")
    if is_date(raw):
        row.problem("weight", "date_not_number", value=as_text(raw))
        return None
    if not as_text(raw):
        return None
    weight = _whole_number(raw)
    if weight is None:
        row.problem("weight", "not_integer", value=short(as_text(raw)))
    return weight


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


@dataclass(frozen=True, slots=True)
class ImportRequirements:
    """Import the requirements in `path` (its first sheet, or `sheet`), as `by`, for `reason`."""

    path: Path
    sheet: str | None = None
    dry_run: bool = False
    by: str = "import"
    reason: str = ""
    # Extra quality word lists and rules (`KRAVBOT_QUALITY_DIR`).
    quality_dir: Path | None = None


async def import_requirements(db: Database, command: ImportRequirements) -> ImportResult:
    """Read, validate and (unless a dry run or anything is wrong) apply the file in one go."""
    try:
        table = read_rows(command.path, command.sheet)
    except SpreadsheetError as exc:
        return ImportResult(problems=[exc.problem])
    async with db.uow() as uow:
        groups = await uow.groups.all()
        parsed, problems = parse_requirements(table, groups, await uow.groups.aliases())
        if problems:
            return ImportResult(problems=problems)
        stored = await uow.requirements.snapshots()
        by_key = {requirement.key: requirement for requirement, _fields in stored}
        existing = {requirement.key: fields for requirement, fields in stored}
        plan = plan_import(parsed, existing)
        book = quality.load_book(command.quality_dir)
        if command.dry_run or not (plan.added or plan.changed):
            return ImportResult(plan=plan, quality=_planned_quality(book, plan))
        change = Change(by=command.by, reason=command.reason)
        groups_by_code = {group.code: group for group in groups}
        try:
            ids = await uow.requirements.create_many(
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
                ids[planned.key] = by_key[planned.key].id
            # Members who answered the old text in an open round are asked to re-confirm.
            await requirements_changed(uow, [by_key[planned.key] for planned in plan.changed])
            found = await quality.refresh_ids(uow, book, list(ids.values()))
            await uow.commit()
        except IntegrityError as exc:
            return ImportResult(problems=[conflict(exc)])
    keys = {number: key for key, number in ids.items()}
    report = [(keys[number], a.score, a.findings) for number, a in found.items() if a.findings]
    return ImportResult(plan=plan, applied=True, quality=_weakest_first(report))


def _weakest_first(
    found: Sequence[tuple[str, int, Sequence[quality.Finding]]],
) -> list[tuple[str, int, tuple[FindingView, ...]]]:
    rows = [(key, score, quality.finding_views(findings)) for key, score, findings in found]
    return sorted(rows, key=lambda row: (row[1], row[0]))


def _planned_quality(
    book: quality.RuleBook, plan: ImportPlan
) -> list[tuple[str, int, tuple[FindingView, ...]]]:
    """Findings of what a dry run would add or change (dismissals are not looked up)."""
    data = [item.data for item in plan.added] + [item.data for item in plan.changed]
    found = []
    for item in data:
        fields = quality.Fields(item.text, item.type, item.source, item.rationale)
        assessment = quality.assess(book, fields)
        if assessment.findings:
            found.append((item.key, assessment.score, assessment.findings))
    return _weakest_first(found)
