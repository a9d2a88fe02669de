"""Import of the organisation workbook (`kravbot template organisation`): municipalities, groups,
people with roles and memberships, milestones. All of it or nothing; every problem is reported
by sheet, row and column; importing the same workbook again changes nothing.

Groups are created, renamed, re-kinded and given aliases through the organisation service (so
each change is in the decision log); aliases not in the sheet are kept. People are written by
the people import; chairs and contact persons must be people of the workbook or stored ones,
and a chair must be a member of the group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from cards.texts import Language
from dialogs.catalogue.import_people import PersonRow, parse_people, write_people
from dialogs.catalogue.importing import conflict
from dialogs.catalogue.organisation import (
    AddGroup,
    add_group,
    alias_group,
    change_kind,
    rename_group,
)
from dialogs.catalogue.spreadsheets import Problem, SpreadsheetError, Table, read_table
from dialogs.kernel.context import DialogContext
from dialogs.kernel.errors import WorkflowError
from dialogs.milestones import AddMilestone, ChangeMilestone, add_milestone, change_milestone
from dialogs.organisation import workbook as sheets
from dialogs.organisation.workbook import GroupSheetRow, MilestoneSheetRow, PlaceRow, in_sheet
from storage.groups import fold, group_lookup
from storage.models import Group, Person, utcnow
from storage.uow import UnitOfWork
from vocabulary import MemberRole, MunicipalityRole


@dataclass(frozen=True, slots=True)
class ImportOrganisation:
    """Import the workbook at `path`; `by` is recorded in the decision log."""

    path: Path
    by: str
    language: Language = "nb"
    dry_run: bool = False


@dataclass(slots=True)
class OrganisationResult:
    """Problems (nothing written), or per sheet what was (or would be) added and changed."""

    problems: list[Problem] = field(default_factory=list)
    # sheet -> [added, changed, unchanged]
    counts: dict[str, list[int]] = field(default_factory=dict)
    applied: bool = False

    def count(self, sheet: str, index: int) -> None:
        """Count one row of `sheet` as added (0), changed (1) or unchanged (2)."""
        self.counts.setdefault(sheet, [0, 0, 0])[index] += 1


@dataclass(frozen=True, slots=True)
class _Checked:
    """The workbook, every row checked."""

    places: list[PlaceRow]
    groups: list[GroupSheetRow]
    people: list[PersonRow]
    milestones: list[MilestoneSheetRow]


def _read(path: Path) -> tuple[dict[str, Table], list[Problem]]:
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    valid = list(sheets.WORKBOOK_SHEETS)
    for name in sheets.WORKBOOK_SHEETS:
        try:
            tables[name] = read_table(path, name)
        except SpreadsheetError as exc:
            if exc.problem.code != "unknown_sheet":
                return {}, [exc.problem]
            problems.append(Problem("missing_sheet", None, None, {"valid": valid}, name))
    return tables, problems


async def import_organisation(
    ctx: DialogContext, command: ImportOrganisation
) -> OrganisationResult:
    """Check the whole workbook, then write it in one transaction (rolled back in a dry run)."""
    tables, problems = _read(command.path)
    if problems:
        return OrganisationResult(problems=problems)
    async with ctx.db.uow() as uow:
        checked, problems = await _check(uow, tables)
        if problems or checked is None:
            return OrganisationResult(problems=problems)
        try:
            result = await _apply(uow, ctx, command, checked)
        except WorkflowError as exc:
            reason = "; ".join(problem.message(command.language) for problem in exc.problems)
            return OrganisationResult(problems=[Problem("refused", values={"reason": reason})])
        except IntegrityError as exc:
            return OrganisationResult(problems=[conflict(exc)])
        if result.problems or command.dry_run:
            return result  # leaving the unit of work rolls everything back
        await uow.commit()
    result.applied = True
    return result


async def _check(
    uow: UnitOfWork, tables: dict[str, Table]
) -> tuple[_Checked | None, list[Problem]]:
    """Every row of every sheet checked against the workbook and the database."""
    stored = await uow.groups.all()
    aliases = await uow.groups.aliases()
    municipalities = await uow.municipalities.all()
    places, problems = sheets.parse_places(tables[sheets.MUNICIPALITIES], municipalities)
    problems = in_sheet(sheets.MUNICIPALITIES, problems)
    groups, found = sheets.parse_groups(tables[sheets.GROUPS], group_lookup(stored, aliases))
    problems += in_sheet(sheets.GROUPS, found)
    # The workbook's new groups, unsaved, so that people and milestones may name them.
    known = {group.code: group for group in stored}
    every_alias = dict(aliases)
    for index, row in enumerate(groups, start=1):
        if row.code not in known:
            known[row.code] = Group(id=-index, code=row.code, name=row.name, kind=row.kind)
        every_alias.setdefault(known[row.code].id, []).extend(row.aliases)
    people, found = parse_people(
        tables[sheets.PEOPLE], list(known.values()), municipalities, every_alias
    )
    problems += in_sheet(sheets.PEOPLE, found)
    words = {
        word: group.code for word, group in group_lookup(list(known.values()), every_alias).items()
    }
    milestones, found = sheets.parse_milestones(tables[sheets.MILESTONES], words)
    problems += in_sheet(sheets.MILESTONES, found)
    if problems:
        return None, problems
    everyone = _People(people, await uow.people.list())
    people, problems = await _roles(uow, everyone, groups, places, milestones)
    return _Checked(places, groups, people, milestones), problems


def _column(sheet: str, name: str) -> str:
    """The template's header of a column, to say where a problem is."""
    return sheets.WORKBOOK_HEADERS[sheet][name][0]


class _People:
    """People named in role and owner cells: by e-mail, or by a name only one person has."""

    def __init__(self, rows: Sequence[PersonRow], stored: Sequence[Person]) -> None:
        self.by_key: dict[str, PersonRow | Person] = {}
        names: dict[str, list[PersonRow | Person]] = {}
        people: list[PersonRow | Person] = [*stored, *rows]
        for person in people:  # a row of the workbook wins over the stored person
            for key in _keys(person):
                self.by_key[key] = person
        for person in self.by_key.values():
            names.setdefault(fold(person.name), [])
            if person not in names[fold(person.name)]:
                names[fold(person.name)].append(person)
        self.by_name = {name: found[0] for name, found in names.items() if len(found) == 1}

    def find(self, wanted: str) -> PersonRow | Person | None:
        """The person `wanted` names, or None."""
        return self.by_key.get(wanted.strip().lower()) or self.by_name.get(fold(wanted))


def _keys(person: PersonRow | Person) -> list[str]:
    if isinstance(person, PersonRow):
        return [key for key in (person.email, person.entra_id) if key]
    return [key.lower() for key in (person.email, person.aad_object_id) if key]


async def _roles(
    uow: UnitOfWork,
    everyone: _People,
    groups: Sequence[GroupSheetRow],
    places: Sequence[PlaceRow],
    milestones: Sequence[MilestoneSheetRow],
) -> tuple[list[PersonRow], list[Problem]]:
    """Check every person named in a cell; chairs join their group's rows with their role."""
    problems: list[Problem] = []

    def unknown(sheet: str, row: int, column: str, wanted: str) -> None:
        values = {"value": wanted[:60], "sheet": sheets.PEOPLE}
        problems.append(Problem("unknown_person", row, column, values, sheet))

    rows = {id(p): p for p in everyone.by_key.values() if isinstance(p, PersonRow)}
    for group in groups:
        for column, wanted, role in (
            (_column(sheets.GROUPS, "chair"), group.chair, MemberRole.CHAIR),
            (_column(sheets.GROUPS, "deputy_chair"), group.deputy_chair, MemberRole.DEPUTY_CHAIR),
        ):
            if wanted is None:
                continue
            person = everyone.find(wanted)
            if person is None:
                unknown(sheets.GROUPS, group.row, column, wanted)
            elif isinstance(person, PersonRow) and group.code in (person.groups or {}):
                listed = dict(rows[id(person)].groups or {})
                listed[group.code] = role
                rows[id(person)] = replace(rows[id(person)], groups=listed)
            elif not await _stored_member(uow, everyone, person, group.code):
                values = {"value": person.name, "group": group.code, "sheet": sheets.PEOPLE}
                problems.append(Problem("not_member", group.row, column, values, sheets.GROUPS))
    named = [(sheets.MUNICIPALITIES, "contact", p.row, p.contact) for p in places]
    named += [(sheets.MILESTONES, "owner", m.row, m.owner) for m in milestones]
    for sheet, name, row, cell in named:
        if cell is not None and everyone.find(cell) is None:
            unknown(sheet, row, _column(sheet, name), cell)
    return sorted(rows.values(), key=lambda row: row.row), problems


async def _stored_member(
    uow: UnitOfWork, everyone: _People, person: PersonRow | Person, code: str
) -> bool:
    """Whether the stored person behind `person` is already a member of the stored group."""
    stored = person if isinstance(person, Person) else None
    if stored is None:
        for key in _keys(person):
            found = await uow.people.by_email(key) or await uow.people.by_aad(key)
            stored = stored or found
    group = await uow.groups.by_code(code)
    if stored is None or group is None:
        return False
    return await uow.groups.membership(group, stored) is not None


async def _apply(
    uow: UnitOfWork, ctx: DialogContext, command: ImportOrganisation, checked: _Checked
) -> OrganisationResult:
    """Write every sheet in the caller's unit of work."""
    result = OrganisationResult()
    for row in checked.groups:
        result.count(sheets.GROUPS, await _group(uow, row, command.by))
    groups = await uow.groups.all()
    people = await write_people(uow, checked.people, groups)
    if people.problems:
        return OrganisationResult(problems=in_sheet(sheets.PEOPLE, people.problems))
    result.counts[sheets.PEOPLE] = [len(people.added), len(people.changed), len(people.unchanged)]
    everyone = _People([], await uow.people.list())
    for row in checked.groups:
        await _chairs(uow, everyone, row)
    for place in checked.places:
        result.count(sheets.MUNICIPALITIES, await _place(uow, everyone, place))
    now = utcnow()
    for milestone in checked.milestones:
        found = await _milestone(uow, ctx, everyone, milestone, command, now)
        result.count(sheets.MILESTONES, found)
    return result


async def _group(uow: UnitOfWork, row: GroupSheetRow, by: str) -> int:
    """Create the group or bring the stored one in line; 0 added, 1 changed, 2 unchanged."""
    group = await uow.groups.by_code(row.code)
    if group is None:
        await add_group(uow, AddGroup(row.code, row.name, row.kind, by, row.aliases))
        return 0
    changed = False
    if group.name != row.name:
        await rename_group(uow, group.code, row.name, by)
        changed = True
    if group.kind != row.kind:
        await change_kind(uow, group.code, row.kind, by)
        changed = True
    have = {fold(alias) for alias in (await uow.groups.aliases()).get(group.id, [])}
    for alias in row.aliases:
        if fold(alias) not in have:
            await alias_group(uow, group.code, alias, by)
            changed = True
    return 1 if changed else 2


async def _chairs(uow: UnitOfWork, everyone: _People, row: GroupSheetRow) -> None:
    """Chairs named in the sheet who are stored members only (not on a people row)."""
    group = await uow.groups.by_code(row.code)
    for wanted, role in (
        (row.chair, MemberRole.CHAIR),
        (row.deputy_chair, MemberRole.DEPUTY_CHAIR),
    ):
        person = everyone.find(wanted) if wanted else None
        if group is None or not isinstance(person, Person):
            continue
        membership = await uow.groups.membership(group, person)
        if membership is not None and membership.role != role:
            await uow.groups.add_member(group, person, role)


async def _place(uow: UnitOfWork, everyone: _People, place: PlaceRow) -> int:
    """Participation and contact person of one municipality; 1 changed, 2 unchanged."""
    changed = False
    municipality = await uow.municipalities.find(place.number)
    if municipality is None:
        return 2
    if place.participating is not None and municipality.participating != place.participating:
        await uow.municipalities.set_participating(place.number, place.participating)
        changed = True
    person = everyone.find(place.contact) if place.contact else None
    if isinstance(person, Person):
        changed |= await uow.municipalities.set_role(place.number, person, MunicipalityRole.CONTACT)
    return 1 if changed else 2


async def _milestone(
    uow: UnitOfWork,
    ctx: DialogContext,
    everyone: _People,
    row: MilestoneSheetRow,
    command: ImportOrganisation,
    now: datetime,
) -> int:
    """Add the milestone or change the stored one of that title; 0, 1 or 2."""
    owner = everyone.find(row.owner) if row.owner else None
    owner_id = owner.id if isinstance(owner, Person) else None
    group = await uow.groups.by_code(row.group) if row.group else None
    group_id = group.id if group is not None else None
    existing = await uow.milestones.by_title(row.title)
    if existing is None:
        add = AddMilestone(
            row.title, row.phase, row.due, row.precision, owner_id, group_id, command.by, row.status
        )
        await add_milestone(uow, ctx, add, now)
        return 0
    moved = (existing.owner_id, existing.group_id, existing.phase) != (
        owner_id,
        group_id,
        row.phase,
    )
    existing.owner_id, existing.group_id, existing.phase = owner_id, group_id, row.phase
    change = ChangeMilestone(
        by=command.by,
        due=row.due,
        precision=row.precision,
        status=row.status,
        reason=f"import {command.path.name}",
    )
    outcome = await change_milestone(uow, ctx, existing, change, now)
    return 1 if outcome.changed or moved else 2
