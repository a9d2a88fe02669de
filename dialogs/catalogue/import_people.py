"""Import of people (municipality, groups, roles) from a spreadsheet: all rows or nothing.

People are matched by Entra object id, then by e-mail (case-insensitive). Empty optional cells
leave what is stored; a `Roller`/`Roles` column sets both roles exactly as listed. Memberships
listed are added (or their role changed); with `replace_memberships`, a listed person's
memberships in groups the row does not name end.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
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
from dialogs.catalogue.importing import Row, Sheet, conflict, read_rows
from dialogs.catalogue.spreadsheets import (
    Problem,
    SpreadsheetError,
    Table,
    cell_problems,
    map_headers,
    short,
)
from storage.database import Database
from storage.groups import group_lookup
from storage.models import Group, Membership, Municipality, Person
from storage.uow import UnitOfWork
from vocabulary import MemberRole, PersonRole

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


@dataclass(frozen=True, slots=True)
class _Known:
    """What the cells of a people file are matched against."""

    group_codes: dict[str, str]
    known_groups: list[str]
    places: dict[str, str]
    numbers: frozenset[str]
    roles: dict[str, str]
    chair: set[str]

    @classmethod
    def of(
        cls,
        groups: Sequence[Group],
        municipalities: Sequence[Municipality],
        aliases: Mapping[int, Sequence[str]],
    ) -> _Known:
        found = group_lookup(groups, aliases, normalize_word)
        group_codes = {word: group.code for word, group in found.items()}
        return cls(
            group_codes=group_codes,
            known_groups=sorted(group.code for group in groups),
            places={normalize_word(item.name): item.number for item in municipalities},
            numbers=frozenset(item.number for item in municipalities),
            roles=role_aliases(),
            chair=chair_aliases(),
        )


def parse_people(
    table: Table,
    groups: Sequence[Group],
    municipalities: Sequence[Municipality],
    aliases: Mapping[int, Sequence[str]] | None = None,
) -> tuple[list[PersonRow], list[Problem]]:
    """Map columns and validate each row."""
    columns, problems = map_headers(
        table, header_aliases("people"), REQUIRED_PEOPLE_FIELDS, "people"
    )
    if "email" not in columns.index and "entra_id" not in columns.index:
        problems.append(Problem("missing_identity_column", table.header_row))
    problems += cell_problems(table)
    sheet = Sheet.of(table, columns)
    known = _Known.of(groups, municipalities, aliases or {})
    seen: dict[str, int] = {}
    people: list[PersonRow] = []
    for number, values in table.rows:
        row = sheet.row(number, values)
        person = _parse_row(row, known, seen)
        if row.problems:
            problems += row.problems
        else:
            people.append(person)
    return people, problems


def _parse_row(row: Row, known: _Known, seen: dict[str, int]) -> PersonRow:
    """One row as a person; check `row.problems` before using it."""
    name = row.text("name")
    if not name:
        row.problem("name", "required")
    elif len(name) > NAME_LIMIT:
        row.problem("name", "too_long", length=len(name), limit=NAME_LIMIT)
    email, entra = _identity(row, seen)
    municipality = _municipality(row, known)
    memberships = _memberships_of(row, known) if "groups" in row.sheet.index else None
    roles = _roles(row, known) if "roles" in row.sheet.index else None
    return PersonRow(row.number, name, email, entra, municipality, memberships, roles)


def _identity(row: Row, seen: dict[str, int]) -> tuple[str | None, str | None]:
    """The row's e-mail and Entra id (None when missing or bad); each may appear only once."""
    email = row.text("email").lower() or None
    if email and (len(email) > EMAIL_LIMIT or not _EMAIL.match(email)):
        row.problem("email", "invalid_email", value=short(email))
        email = None
    entra = row.text("entra_id").lower().strip("{}") or None
    if entra and not _GUID.match(entra):
        row.problem("entra_id", "invalid_entra_id", value=short(entra))
        entra = None
    names = row.sheet.names
    identity_columns = [names[key] for key in ("email", "entra_id") if key in names]
    if not email and not entra and not row.problems and identity_columns:
        row.problems.append(Problem("missing_identity", row.number, identity_columns[0]))
    for identity in (email, entra):
        if identity is None:
            continue
        if identity in seen:
            row.problem(
                "email" if identity == email else "entra_id",
                "duplicate_person",
                value=identity,
                other_row=seen[identity],
            )
        else:
            seen[identity] = row.number
    return email, entra


def _municipality(row: Row, known: _Known) -> str | None:
    raw = row.text("municipality")
    if not raw:
        return None
    if raw.isdigit() and raw.zfill(4) in known.numbers:
        return raw.zfill(4)
    number = known.places.get(normalize_word(raw))
    if number is None:
        row.problem("municipality", "unknown_municipality", value=short(raw))
    return number


def _memberships_of(row: Row, known: _Known) -> dict[str, str]:
    """Group code -> member/chair, from `HJT; STY:leder`."""
    memberships: dict[str, str] = {}
    for item in _LIST.split(row.text("groups")):
        code_part, _, role_part = item.partition(":")
        if not code_part.strip():
            continue
        code = known.group_codes.get(normalize_word(code_part))
        if code is None:
            row.problem(
                "groups", "unknown_group", value=short(code_part.strip()), valid=known.known_groups
            )
            continue
        role = MemberRole.MEMBER
        if role_part.strip():
            if normalize_word(role_part) not in known.chair:
                row.problem(
                    "groups",
                    "unknown_value",
                    value=short(role_part.strip()),
                    valid=list(CHAIR_WORDS[:3]),
                )
                continue
            role = MemberRole.CHAIR
        memberships[code] = role
    return memberships


def _roles(row: Row, known: _Known) -> frozenset[str]:
    found: set[str] = set()
    for item in _LIST.split(row.text("roles")):
        if not item.strip():
            continue
        role_code = known.roles.get(normalize_word(item))
        if role_code is None:
            row.problem("roles", "unknown_value", value=short(item.strip()), field="roles")
        else:
            found.add(role_code)
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class ImportPeople:
    """Import the people in `path`; with `replace_memberships`, listed groups are all they have."""

    path: Path
    sheet: str | None = None
    dry_run: bool = False
    replace_memberships: bool = False


async def import_people(db: Database, command: ImportPeople) -> PeopleResult:
    """Read, validate and (unless a dry run or anything is wrong) apply the file in one go."""
    try:
        table = read_rows(command.path, command.sheet)
    except SpreadsheetError as exc:
        return PeopleResult(problems=[exc.problem])
    async with db.uow() as uow:
        groups = await uow.groups.all()
        rows, problems = parse_people(
            table, groups, await uow.municipalities.all(), await uow.groups.aliases()
        )
        if problems:
            return PeopleResult(problems=problems)
        try:
            result = await write_people(
                uow,
                rows,
                groups,
                replace=command.replace_memberships,
                apply=not command.dry_run,
            )
            if result.problems or command.dry_run:
                return result
            await uow.commit()
        except IntegrityError as exc:
            return PeopleResult(problems=[conflict(exc)])
    result.applied = True
    return result


async def write_people(
    uow: UnitOfWork,
    rows: Sequence[PersonRow],
    groups: Sequence[Group],
    *,
    replace: bool = False,
    apply: bool = True,
) -> PeopleResult:
    """Match checked rows to stored people and write them (or, without `apply`, count what
    would change) in the caller's unit of work; problems mean nothing was written."""
    # Everyone is matched first, so a conflict stops the import before anything is written.
    matched, problems = _match(rows, await uow.people.list())
    if problems:
        return PeopleResult(problems=problems)
    writer = _Writer(
        uow,
        {group.code: group for group in groups},
        await _memberships_by_person(uow, groups),
        replace=replace,
        apply=apply,
    )
    for row, person in matched:
        await writer.write(row, person)
    return writer.result


def _match(
    rows: Sequence[PersonRow], everyone: Sequence[Person]
) -> tuple[list[tuple[PersonRow, Person | None]], list[Problem]]:
    """Each row with the stored person it names (by Entra id, else e-mail), or None if new."""
    by_aad = {person.aad_object_id: person for person in everyone if person.aad_object_id}
    by_email = {person.email: person for person in everyone if person.email}
    matched: list[tuple[PersonRow, Person | None]] = []
    problems: list[Problem] = []
    for row in rows:
        by_id = by_aad.get(row.entra_id) if row.entra_id else None
        by_mail = by_email.get(row.email) if row.email else None
        if by_id is not None and by_mail is not None and by_id is not by_mail:
            values = {"first": by_id.name, "second": by_mail.name}
            problems.append(Problem("identity_conflict", row.row, None, values))
        matched.append((row, by_id or by_mail))
    return matched, problems


async def _memberships_by_person(
    uow: UnitOfWork, groups: Sequence[Group]
) -> dict[int, dict[str, Membership]]:
    """Person id -> group code -> membership, for everyone (one query)."""
    codes = {group.id: group.code for group in groups}
    memberships: dict[int, dict[str, Membership]] = {}
    for membership in await uow.groups.all_memberships():
        memberships.setdefault(membership.person_id, {})[codes[membership.group_id]] = membership
    return memberships


@dataclass(slots=True)
class _Writer:
    """Writes the matched rows (or, without `apply`, only counts what it would write)."""

    uow: UnitOfWork
    groups: dict[str, Group]
    memberships: dict[int, dict[str, Membership]]
    replace: bool
    apply: bool
    result: PeopleResult = field(default_factory=PeopleResult)

    async def write(self, row: PersonRow, person: Person | None) -> None:
        """Add or update one person and their memberships; note it in `result`."""
        result = self.result
        is_new = person is None
        fields: list[str] = []
        current: dict[str, Membership] = {}
        if person is None:
            result.added.append(row.name)
            if self.apply:
                person = await self.uow.people.add(_new_person(row))
        else:
            fields = _update_person(person, row, apply=self.apply)
            current = self.memberships.get(person.id, {})
        if row.groups is not None:
            added, changed, removed = await _memberships(
                self.uow,
                person,
                row.groups,
                current,
                self.groups,
                replace=self.replace,
                apply=self.apply,
            )
            result.memberships_added += added
            result.memberships_changed += changed
            result.memberships_removed += removed
            if (added or changed or removed) and not is_new:
                fields.append("groups")
        if is_new:
            return
        if fields:
            result.changed.append((row.name, fields))
        else:
            result.unchanged.append(row.name)


def _new_person(row: PersonRow) -> Person:
    roles = row.roles or frozenset()
    return Person(
        name=row.name,
        email=row.email,
        aad_object_id=row.entra_id,
        municipality_number=row.municipality,
        is_admin=PersonRole.ADMIN in roles,
        is_project_lead=PersonRole.PROJECT_LEAD in roles,
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
        wanted["roles"] = ("is_admin", PersonRole.ADMIN in row.roles)
        wanted["roles_lead"] = ("is_project_lead", PersonRole.PROJECT_LEAD in row.roles)
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
