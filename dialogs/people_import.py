"""Import of people (municipality, groups, roles) from a spreadsheet: all rows or nothing.

People are matched by Entra object id, then by e-mail (case-insensitive). Empty optional cells
leave what is stored; a `Roller`/`Roles` column sets both roles exactly as listed. Memberships
listed are added (or their role changed); with `replace_memberships`, a listed person's
memberships in groups the row does not name end.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from sqlalchemy.exc import IntegrityError

from cards.catalogues.imports import CHAIR_WORDS, REQUIRED_PEOPLE_FIELDS
from cards.imports import (
    chair_aliases,
    header_aliases,
    normalize_word,
    role_aliases,
)
from dialogs.spreadsheets import (
    CellValue,
    Problem,
    SpreadsheetError,
    Table,
    as_text,
    cell_problems,
    map_headers,
    read_table,
    short,
)
from storage.database import Database
from storage.models import Group, Membership, Municipality, Person
from storage.uow import UnitOfWork

NAME_LIMIT: Final = 256
EMAIL_LIMIT: Final = 320
_EMAIL: Final = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_GUID: Final = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_LIST: Final = re.compile(r"[;,\n]")


@dataclass(frozen=True, slots=True)
class PersonRow:
    """A valid row of a people file; None means the file does not say."""

    row: int
    name: str
    email: str | None
    entra_id: str | None
    municipality: str | None
    groups: dict[str, str] | None  # group code -> member/chair
    roles: frozenset[str] | None


@dataclass(slots=True)
class PeopleResult:
    """Problems (nothing written), or what was (or, in a dry run, would be) done."""

    problems: list[Problem] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: list[tuple[str, list[str]]] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    memberships_added: int = 0
    memberships_changed: int = 0
    memberships_removed: int = 0
    applied: bool = False


def parse_people(
    table: Table, groups: Sequence[Group], municipalities: Sequence[Municipality]
) -> tuple[list[PersonRow], list[Problem]]:
    """Map columns and validate each row."""
    columns, problems = map_headers(
        table, header_aliases("people"), REQUIRED_PEOPLE_FIELDS, "people"
    )
    if "email" not in columns.index and "entra_id" not in columns.index:
        problems.append(Problem("missing_identity_column", table.header_row))
    problems += cell_problems(table)
    index = columns.index
    names = {name: table.column_name(position) for name, position in index.items()}
    group_codes: dict[str, str] = {normalize_word(group.name): group.code for group in groups}
    group_codes.update({normalize_word(group.code): group.code for group in groups})
    known_groups = sorted(group.code for group in groups)
    places = {normalize_word(item.name): item.number for item in municipalities}
    numbers = {item.number for item in municipalities}
    roles_by_word = role_aliases()
    chair = chair_aliases()
    seen: dict[str, int] = {}
    people: list[PersonRow] = []

    for number, values in table.rows:
        row_problems: list[Problem] = []

        def cell(name: str, values: tuple[CellValue, ...] = values) -> str:
            position = index.get(name)
            if position is None or position >= len(values):
                return ""
            return as_text(values[position])

        def problem(
            name: str,
            code: str,
            number: int = number,
            found_in: list[Problem] = row_problems,
            **found: object,
        ) -> None:
            found_in.append(Problem(code, number, names[name], found))

        name = cell("name")
        if not name:
            problem("name", "required")
        elif len(name) > NAME_LIMIT:
            problem("name", "too_long", length=len(name), limit=NAME_LIMIT)

        email = cell("email").lower() or None
        if email and (len(email) > EMAIL_LIMIT or not _EMAIL.match(email)):
            problem("email", "invalid_email", value=short(email))
            email = None
        entra = cell("entra_id").lower().strip("{}") or None
        if entra and not _GUID.match(entra):
            problem("entra_id", "invalid_entra_id", value=short(entra))
            entra = None
        identity_columns = [names[key] for key in ("email", "entra_id") if key in names]
        if not email and not entra and not row_problems and identity_columns:
            row_problems.append(Problem("missing_identity", number, identity_columns[0]))
        for identity in (email, entra):
            if identity is None:
                continue
            if identity in seen:
                problem(
                    "email" if identity == email else "entra_id",
                    "duplicate_person",
                    value=identity,
                    other_row=seen[identity],
                )
            else:
                seen[identity] = number

        municipality = None
        raw_place = cell("municipality")
        if raw_place:
            if raw_place.isdigit() and raw_place.zfill(4) in numbers:
                municipality = raw_place.zfill(4)
            else:
                municipality = places.get(normalize_word(raw_place))
            if municipality is None:
                problem("municipality", "unknown_municipality", value=short(raw_place))

        memberships: dict[str, str] | None = None
        if "groups" in index:
            memberships = {}
            for item in _LIST.split(cell("groups")):
                code_part, _, role_part = item.partition(":")
                if not code_part.strip():
                    continue
                code = group_codes.get(normalize_word(code_part))
                if code is None:
                    problem(
                        "groups",
                        "unknown_group",
                        value=short(code_part.strip()),
                        valid=known_groups,
                    )
                    continue
                role = "member"
                if role_part.strip():
                    if normalize_word(role_part) not in chair:
                        problem(
                            "groups",
                            "unknown_value",
                            value=short(role_part.strip()),
                            valid=list(CHAIR_WORDS[:3]),
                        )
                        continue
                    role = "chair"
                memberships[code] = role

        roles: frozenset[str] | None = None
        if "roles" in index:
            found: set[str] = set()
            for item in _LIST.split(cell("roles")):
                if not item.strip():
                    continue
                role_code = roles_by_word.get(normalize_word(item))
                if role_code is None:
                    problem("roles", "unknown_value", value=short(item.strip()), field="roles")
                else:
                    found.add(role_code)
            roles = frozenset(found)

        if row_problems:
            problems += row_problems
            continue
        people.append(PersonRow(number, name, email, entra, municipality, memberships, roles))
    return people, problems


async def import_people(
    db: Database,
    path: Path,
    *,
    sheet: str | None = None,
    dry_run: bool = False,
    replace_memberships: bool = False,
) -> PeopleResult:
    """Read, validate and (unless `dry_run` or anything is wrong) apply the file in one go."""
    try:
        table = read_table(path, sheet)
    except SpreadsheetError as exc:
        return PeopleResult(problems=[exc.problem])
    if not table.rows:
        return PeopleResult(problems=[Problem("no_rows", table.header_row)])
    async with db.uow() as uow:
        groups = await uow.groups.all()
        municipalities = await uow.municipalities.all()
        rows, problems = parse_people(table, groups, municipalities)
        if problems:
            return PeopleResult(problems=problems)
        everyone = await uow.people.list()
        by_aad = {person.aad_object_id: person for person in everyone if person.aad_object_id}
        by_email = {person.email: person for person in everyone if person.email}
        groups_by_code = {group.code: group for group in groups}
        groups_by_id = {group.id: group for group in groups}
        memberships: dict[int, dict[str, Membership]] = {}
        for membership in await uow.groups.all_memberships():
            code = groups_by_id[membership.group_id].code
            memberships.setdefault(membership.person_id, {})[code] = membership

        # First pass: match everyone, so a conflict stops the import before anything is written.
        matched: list[tuple[PersonRow, Person | None]] = []
        for row in rows:
            by_id = by_aad.get(row.entra_id) if row.entra_id else None
            by_mail = by_email.get(row.email) if row.email else None
            if by_id is not None and by_mail is not None and by_id is not by_mail:
                problems.append(
                    Problem(
                        "identity_conflict",
                        row.row,
                        None,
                        {"first": by_id.name, "second": by_mail.name},
                    )
                )
            matched.append((row, by_id or by_mail))
        if problems:
            return PeopleResult(problems=problems)

        result = PeopleResult()
        try:
            for row, person in matched:
                is_new = person is None
                fields: list[str] = []
                current: dict[str, Membership] = {}
                if person is None:
                    result.added.append(row.name)
                    if not dry_run:
                        person = await uow.people.add(_new_person(row))
                else:
                    fields = _update_person(person, row, apply=not dry_run)
                    current = memberships.get(person.id, {})
                if row.groups is not None:
                    added, changed, removed = await _memberships(
                        uow,
                        person,
                        row.groups,
                        current,
                        groups_by_code,
                        replace=replace_memberships,
                        apply=not dry_run,
                    )
                    result.memberships_added += added
                    result.memberships_changed += changed
                    result.memberships_removed += removed
                    if (added or changed or removed) and not is_new:
                        fields.append("groups")
                if is_new:
                    continue
                if fields:
                    result.changed.append((row.name, fields))
                else:
                    result.unchanged.append(row.name)
            if dry_run:
                return result
            await uow.session.flush()
            await uow.commit()
        except IntegrityError as exc:
            reason = str(exc.orig or exc).splitlines()[0]
            return PeopleResult(problems=[Problem("conflict", values={"reason": reason})])
    result.applied = True
    return result


def _new_person(row: PersonRow) -> Person:
    roles = row.roles or frozenset()
    return Person(
        name=row.name,
        email=row.email,
        aad_object_id=row.entra_id,
        municipality_number=row.municipality,
        is_admin="admin" in roles,
        is_project_lead="project_lead" in roles,
    )


def _update_person(person: Person, row: PersonRow, *, apply: bool) -> list[str]:
    """The changed fields (column names); set on `person` when `apply`."""
    wanted: dict[str, tuple[str, object]] = {"name": ("name", row.name)}
    if row.email:
        wanted["email"] = ("email", row.email)
    if row.entra_id:
        wanted["entra_id"] = ("aad_object_id", row.entra_id)
    if row.municipality:
        wanted["municipality"] = ("municipality_number", row.municipality)
    if row.roles is not None:
        wanted["roles"] = ("is_admin", "admin" in row.roles)
        wanted["roles_lead"] = ("is_project_lead", "project_lead" in row.roles)
    fields: list[str] = []
    for label, (attribute, value) in wanted.items():
        if getattr(person, attribute) == value:
            continue
        shown = "roles" if label == "roles_lead" else label
        if shown not in fields:
            fields.append(shown)
        if apply:
            setattr(person, attribute, value)
    return fields


async def _memberships(
    uow: UnitOfWork,
    person: Person | None,
    listed: dict[str, str],
    current: dict[str, Membership],
    groups: dict[str, Group],
    *,
    replace: bool,
    apply: bool,
) -> tuple[int, int, int]:
    """Add, change and (with `replace`) remove memberships; counts of each."""
    added = changed = removed = 0
    for code, role in listed.items():
        existing = current.get(code)
        if existing is None:
            added += 1
        elif existing.role != role:
            changed += 1
        else:
            continue
        if apply and person is not None:
            await uow.groups.add_member(groups[code], person, role)
    if replace:
        for code, membership in current.items():
            if code not in listed:
                removed += 1
                if apply:
                    await uow.groups.remove_member(membership)
    return added, changed, removed
