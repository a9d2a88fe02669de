"""Organisation administration: groups of every kind with codes, names and aliases, archiving,
which municipalities take part, and roles. The CLI and Teams call these; each step checks
everything first (raising `CatalogueError`, nothing written) and records group changes in the
decision log.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from dialogs.catalogue.errors import CatalogueError
from dialogs.decisions import DecisionDraft, record_decision
from dialogs.kernel.errors import Problem
from dialogs.kernel.reachability import Reach, reach_of
from storage.groups import fold
from storage.models import Group, Municipality, Person
from storage.uow import UnitOfWork
from vocabulary import DecisionKind, GroupKind, MemberRole, MunicipalityRole

CODE: Final = re.compile(r"^[A-ZÆØÅ][A-ZÆØÅ0-9-]{0,15}$")
MAX_NAME: Final = 128
# Roles in a group (the person must be a member) and roles for a municipality.
GROUP_ROLES: Final = (MemberRole.CHAIR, MemberRole.DEPUTY_CHAIR, MemberRole.MEMBER)
MUNICIPALITY_ROLES: Final = tuple(MunicipalityRole)
GROUP_SEAT_ROLES: Final = (MunicipalityRole.DELEGATE, MunicipalityRole.DEPUTY)


def _error(what: str, **values: object) -> Problem:
    return CatalogueError.problem(f"organisation.{what}", **values)


@dataclass(frozen=True, slots=True)
class AddGroup:
    """A new group: code (`HJT`), full name, kind, aliases; `by` is recorded in the log."""

    code: str
    name: str
    kind: str
    by: str
    aliases: Sequence[str] = field(default_factory=tuple)


async def _taken(uow: UnitOfWork, word: str, other_than: Group | None = None) -> str | None:
    """The code of the group already named `word` (code, name or alias), if another one."""
    found = await uow.groups.find(word)
    if found is None or (other_than is not None and found.id == other_than.id):
        return None
    return found.code


async def check_new_group(uow: UnitOfWork, command: AddGroup) -> list[Problem]:
    """Every problem with a new group: bad code, name or kind, a name already in use."""
    code = command.code.strip().upper()
    name = " ".join(command.name.split())
    problems: list[Problem] = []
    if not CODE.match(code):
        problems.append(_error("code", value=command.code.strip()[:40]))
    if not name or len(name) > MAX_NAME:
        problems.append(_error("name", limit=MAX_NAME))
    if command.kind not in tuple(GroupKind):
        problems.append(_error("kind", kind=command.kind[:40]))
    seen: set[str] = set()
    for index, word in enumerate([code, name, *command.aliases]):
        # A group may be named by its code alone (KS).
        if not word.strip() or (index == 1 and fold(word) == fold(code)):
            continue
        if len(word.strip()) > MAX_NAME:
            problems.append(_error("name", limit=MAX_NAME))
            continue
        taken = await _taken(uow, word)
        if taken is not None:
            problems.append(_error("taken", name=word.strip(), group=taken))
        elif fold(word) in seen:
            problems.append(_error("repeated", name=word.strip()))
        seen.add(fold(word))
    return problems


async def add_group(uow: UnitOfWork, command: AddGroup) -> Group:
    """Create the group with its aliases and log it; the caller commits."""
    problems = await check_new_group(uow, command)
    if problems:
        raise CatalogueError.of(problems)
    group = await uow.groups.add(command.code, " ".join(command.name.split()), command.kind)
    for alias in dict.fromkeys(a.strip() for a in command.aliases if a.strip()):
        await uow.groups.add_alias(group, alias)
    await _log(uow, group, command.by, "opprettet", {"kind": group.kind, "name": group.name})
    return group


async def _log(uow: UnitOfWork, group: Group, by: str, what: str, basis: dict[str, object]) -> None:
    """One decision-log entry for a change of the organisation (bokmål, as the log is)."""
    await record_decision(
        uow,
        DecisionDraft(
            kind=DecisionKind.ORGANISATION,
            title=f"Gruppe {group.code} {what}",
            text=f"{group.code} – {group.name}: {what}.",
            group_code=group.code,
            recorded_by=by,
            outcome="noted",
            basis={"group": group.code, "change": what, **basis},
        ),
    )


async def named_group(uow: UnitOfWork, wanted: str) -> Group:
    """The group by code, name or alias, or `CatalogueError` (404)."""
    group = await uow.groups.find(wanted)
    if group is None:
        raise CatalogueError("organisation.unknown_group", 404, group=wanted.strip()[:40])
    return group


async def rename_group(uow: UnitOfWork, wanted: str, name: str, by: str) -> Group:
    """Give a group a new full name (not one another group goes by) and log it."""
    group = await named_group(uow, wanted)
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME:
        raise CatalogueError("organisation.name", limit=MAX_NAME)
    taken = await _taken(uow, name, group)
    if taken is not None:
        raise CatalogueError("organisation.taken", name=name, group=taken)
    old = group.name
    await uow.groups.rename(group, name)
    await _log(uow, group, by, "fikk nytt navn", {"old": old, "new": name})
    return group


async def change_kind(uow: UnitOfWork, wanted: str, kind: str, by: str) -> Group:
    """Make a group another kind (e.g. working -> reference) and log it."""
    group = await named_group(uow, wanted)
    if kind not in tuple(GroupKind):
        raise CatalogueError("organisation.kind", kind=kind[:40])
    old = group.kind
    group.kind = kind
    await _log(uow, group, by, "fikk ny type", {"old": old, "new": kind})
    return group


async def alias_group(
    uow: UnitOfWork, wanted: str, alias: str, by: str, *, remove: bool = False
) -> Group:
    """Add (or remove) an alias of a group and log it; an alias another group uses is refused."""
    group = await named_group(uow, wanted)
    alias = " ".join(alias.split())
    if not alias or len(alias) > MAX_NAME:
        raise CatalogueError("organisation.name", limit=MAX_NAME)
    if remove:
        if (await uow.groups.aliases()).get(group.id, []) and await uow.groups.remove_alias(alias):
            await _log(uow, group, by, "mistet et alias", {"alias": alias})
            return group
        raise CatalogueError("organisation.no_alias", 404, name=alias, group=group.code)
    taken = await _taken(uow, alias)
    if taken is not None:
        raise CatalogueError("organisation.taken", name=alias, group=taken)
    await uow.groups.add_alias(group, alias)
    await _log(uow, group, by, "fikk et alias", {"alias": alias})
    return group


async def archive_group(uow: UnitOfWork, wanted: str, by: str) -> Group:
    """Archive a group; refused while it has an open review round or poll."""
    group = await named_group(uow, wanted)
    if group.archived_at is not None:
        return group
    rounds = [r.id for r in await uow.reviews.open_rounds() if r.group_id == group.id]
    polls = [p.id for p in await uow.polls.open_polls() if p.group_id == group.id]
    if rounds or polls:
        raise CatalogueError(
            "organisation.busy", 409, group=group.code, rounds=len(rounds), polls=len(polls)
        )
    await uow.groups.archive(group)
    await _log(uow, group, by, "arkivert", {})
    return group


async def set_participating(
    uow: UnitOfWork, names: Sequence[str], participating: bool
) -> list[Municipality]:
    """Mark municipalities (names or numbers) as taking part or not; all or none."""
    found: list[Municipality] = []
    unknown: list[str] = []
    for name in names:
        municipality = await uow.municipalities.find(name)
        if municipality is None:
            unknown.append(name.strip()[:40])
        else:
            found.append(municipality)
    if unknown or not found:
        raise CatalogueError("organisation.unknown_municipality", names=", ".join(unknown))
    for municipality in found:
        await uow.municipalities.set_participating(municipality.number, participating)
    return found


MAX_WEIGHT: Final = 100


async def set_vote_weight(uow: UnitOfWork, name: str, weight: int) -> Municipality:
    """Set how many votes a participating municipality has in per-municipality polls (the
    seats of polls already open keep the weight they opened with)."""
    municipality = await uow.municipalities.find(name)
    if municipality is None:
        raise CatalogueError("organisation.unknown_municipality", names=name[:80])
    if not 1 <= weight <= MAX_WEIGHT:
        raise CatalogueError("organisation.weight", limit=MAX_WEIGHT)
    await uow.municipalities.set_weight(municipality.number, weight)
    return municipality


@dataclass(frozen=True, slots=True)
class SetRole:
    """Give a person a role: `chair`/`deputy_chair`/`member` in `group`, or `contact` for their
    municipality (or `municipality`), optionally within `group`."""

    person: str
    role: str
    group: str | None = None
    municipality: str | None = None


async def find_person(uow: UnitOfWork, wanted: str) -> Person:
    """A person by e-mail, Entra id, Teams id or exact name (any case), or `CatalogueError`."""
    value = wanted.strip()
    person = await uow.people.by_email(value) if "@" in value else None
    person = person or await uow.people.by_aad(value) or await uow.people.by_teams_id(value)
    if person is None:
        named = [p for p in await uow.people.list() if fold(p.name) == fold(value)]
        person = named[0] if len(named) == 1 else None
    if person is None:
        raise CatalogueError("organisation.unknown_person", 404, person=value[:80])
    return person


async def set_role(uow: UnitOfWork, command: SetRole) -> Person:
    """Give the role; a group role needs a member, a contact role needs a municipality."""
    person = await find_person(uow, command.person)
    group = await named_group(uow, command.group) if command.group else None
    if command.role in GROUP_ROLES:
        if group is None:
            raise CatalogueError("organisation.role_needs_group", role=command.role)
        if await uow.groups.membership(group, person) is None:
            raise CatalogueError("organisation.not_member", person=person.name, group=group.code)
        await uow.groups.add_member(group, person, command.role)
        return person
    if command.role not in MUNICIPALITY_ROLES:
        raise CatalogueError("organisation.role", role=command.role[:40])
    if command.role in GROUP_SEAT_ROLES and group is None:
        # A delegate or deputy speaks for the municipality in one group's polls.
        raise CatalogueError("organisation.role_needs_group", role=command.role)
    place = person.municipality_number
    if command.municipality:
        municipality = await uow.municipalities.find(command.municipality)
        if municipality is None:
            raise CatalogueError("organisation.unknown_municipality", names=command.municipality)
        place = municipality.number
    if place is None:
        raise CatalogueError("organisation.no_municipality", person=person.name)
    if group is not None and await uow.groups.membership(group, person) is None:
        raise CatalogueError("organisation.not_member", person=person.name, group=group.code)
    await uow.municipalities.set_role(place, person, command.role, group)
    return person


async def unreachable(uow: UnitOfWork, group: str | None = None) -> list[Reach]:
    """Everyone (or the group's members) Kravbot cannot reach, by name, with the reason."""
    if group is not None:
        people = [person for person, _ in await uow.groups.members(await named_group(uow, group))]
    else:
        people = await uow.people.list()
    return [reach for reach in await reach_of(uow, people) if not reach.reachable]


__all__ = [
    "AddGroup",
    "SetRole",
    "add_group",
    "alias_group",
    "archive_group",
    "change_kind",
    "find_person",
    "named_group",
    "rename_group",
    "set_participating",
    "set_role",
    "set_vote_weight",
    "unreachable",
]
