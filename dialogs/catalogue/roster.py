"""Roster sync (`synk medlemmer`): match the Teams roster to the people in the catalogue.

People are matched by Entra object id, then Teams user id, then e-mail or UPN (any case).
Matched people get their Teams and Entra ids filled in; in a group's home conversation they
become members of the group. Nobody is ever removed: the card lists who is in the group but not
in the roster, who in the roster is not in the catalogue, and whose ids clash with another
person. With Microsoft Graph configured, people without a municipality get the one named in
their Entra `companyName` or `department`.

Network reads (roster, Graph) happen outside database transactions, so a slow Teams or Graph
never holds a database lock.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from cards.catalogue_cards import PersonLine, SyncReport, group_label
from dialogs.catalogue.errors import CatalogueError
from dialogs.kernel.context import DialogContext, Directory, RosterMember
from storage.conversations import ConversationRecord
from storage.models import Person
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

# Concurrent Graph look-ups during one sync (Graph throttles per app and tenant).
DIRECTORY_CONCURRENCY = 8
# After this many failed look-ups the directory is taken to be down for the rest of the sync.
DIRECTORY_GIVE_UP = 3

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", "ä": "a", "ö": "o"})
_NUMBER = re.compile(r"(?<!\d)\d{4}(?!\d)")


def _fold(value: str) -> str:
    return " ".join(value.casefold().translate(_FOLD).split())


def match_municipality(
    values: Iterable[str | None], municipalities: Sequence[tuple[str, str]]
) -> str | None:
    """The kommunenummer named in the first value that names exactly one municipality.

    `values` are e.g. (companyName, department); `municipalities` are (number, name) pairs.
    "Skien kommune", "Tonsberg kommune", "4003" and "Helse og omsorg, Bamble kommune" match;
    "Vestfold og Telemark fylkeskommune" or a text naming two municipalities does not.
    """
    numbers = {number for number, _name in municipalities}
    patterns = [
        (number, re.compile(rf"(?<![\w-]){re.escape(_fold(name))}(?![\w-])"))
        for number, name in municipalities
    ]
    for value in values:
        if not value:
            continue
        folded = _fold(value)
        by_number: set[str] = set(_NUMBER.findall(folded)) & numbers
        if len(by_number) == 1:
            return by_number.pop()
        by_name = {number for number, pattern in patterns if pattern.search(folded)}
        if len(by_name) == 1:
            return by_name.pop()
    return None


@dataclass
class _Plan:
    """What the database pass found, and what is left for the directory."""

    report: SyncReport
    # (person id, Entra object id, how to list them) of matched people without a municipality.
    lookups: list[tuple[int, str, PersonLine]] = field(default_factory=list)
    # Matched people without a municipality and without an Entra id to look it up by.
    no_lookup: list[PersonLine] = field(default_factory=list)


def _line(member: RosterMember) -> PersonLine:
    return PersonLine(member.name, member.email or member.user_principal_name)


def _person_line(person: Person) -> PersonLine:
    return PersonLine(person.name, person.email)


@dataclass(frozen=True, slots=True)
class SyncRoster:
    """Bring the catalogue up to date with the roster of `conversation` (a channel or chat)."""

    conversation: ConversationRecord


async def sync_roster(ctx: DialogContext, command: SyncRoster) -> SyncReport:
    """Read the roster, match it to the catalogue, then fill municipalities from Entra ID.

    Raises `CatalogueError` (`sync.no_team`, `sync.roster_failed`) when there is no roster.
    """
    members = await _roster(ctx, command.conversation)
    async with ctx.db.uow() as uow:
        plan = await _match(uow, members, command.conversation.id)
        municipalities = [(m.number, m.name) for m in await uow.municipalities.all()]
        await uow.commit()
    report = plan.report
    if plan.lookups and ctx.directory is not None:
        found, failed = await _look_up(ctx.directory, plan.lookups, municipalities)
        report.directory_failures = len(failed)
        if found:
            report.municipality_found = await _set_municipalities(ctx, found)
        report.no_municipality = [line for pid, _aad, line in plan.lookups if pid not in found]
    else:
        report.no_municipality = [line for _pid, _aad, line in plan.lookups]
    report.no_municipality += plan.no_lookup
    return report


async def _roster(ctx: DialogContext, conversation: ConversationRecord) -> list[RosterMember]:
    async with ctx.db.read() as uow:
        stored = await uow.conversations.get(conversation.id)
    roster_id = conversation.id
    if conversation.kind == "channel":
        # Teams lists a channel's members through its team.
        team_id = (stored.team_id if stored is not None else None) or conversation.team_id
        if not team_id:
            raise CatalogueError("sync.no_team")
        roster_id = team_id
    if ctx.roster is None:
        raise CatalogueError("sync.roster_failed")
    try:
        return await ctx.roster.members(conversation.service_url, roster_id)
    except Exception as exc:  # whatever Teams did, the admin gets an answer
        log.warning("could not read the roster of %s", roster_id, exc_info=True)
        raise CatalogueError("sync.roster_failed", status=502) from exc


async def _set_municipalities(ctx: DialogContext, found: dict[int, str]) -> int:
    """Give people still without a municipality the one found for them; how many got one."""
    given = 0
    async with ctx.db.uow() as uow:
        for person_id, number in found.items():
            person = await uow.people.get(person_id)
            if person is not None and person.municipality_number is None:
                person.municipality_number = number
                given += 1
        await uow.commit()
    return given


class _People:
    """The catalogue's people by Entra id, Teams id and address, kept up to date while matching."""

    def __init__(self, people: Sequence[Person]) -> None:
        self.by_aad = {p.aad_object_id.lower(): p for p in people if p.aad_object_id}
        self.by_teams = {p.teams_user_id: p for p in people if p.teams_user_id}
        self.by_email = {p.email.lower(): p for p in people if p.email}

    def find(self, member: RosterMember, aad: str, addresses: Sequence[str]) -> Person | None:
        """The person by Entra object id, then Teams user id, then e-mail or UPN."""
        return (
            (self.by_aad.get(aad) if aad else None)
            or self.by_teams.get(member.teams_user_id)
            or next((self.by_email[a] for a in addresses if a in self.by_email), None)
        )

    def clashes(self, person: Person, member: RosterMember, aad: str) -> bool:
        """Whether the member's ids belong to someone else than `person`."""
        if aad and person.aad_object_id and person.aad_object_id.lower() != aad:
            # Same address or Teams id, another Entra account: a person to sort out by hand.
            return True
        holder = self.by_teams.get(member.teams_user_id)
        return holder is not None and holder.id != person.id

    def fill(self, person: Person, member: RosterMember, aad: str, addresses: list[str]) -> bool:
        """Give `person` the member's Teams and Entra ids; whether either changed.

        Also fills, quietly, what Teams knows and the catalogue lacks (address, name, tenant).
        """
        changed = False
        if person.teams_user_id != member.teams_user_id:
            if person.teams_user_id is not None:
                self.by_teams.pop(person.teams_user_id, None)
            person.teams_user_id = member.teams_user_id
            self.by_teams[member.teams_user_id] = person
            changed = True
        if aad and not person.aad_object_id and aad not in self.by_aad:
            person.aad_object_id = aad
            self.by_aad[aad] = person
            changed = True
        if not person.email:
            free = next((a for a in addresses if a not in self.by_email), None)
            if free is not None:
                person.email = free
                self.by_email[free] = person
        if not person.name and member.name:
            person.name = member.name
        if not person.tenant_id and member.tenant_id:
            person.tenant_id = member.tenant_id
        return changed


def _unique(members: Sequence[RosterMember]) -> list[RosterMember]:
    """The members once each (by Teams user id), in roster order."""
    unique: dict[str, RosterMember] = {}
    for member in members:
        if member.teams_user_id and member.teams_user_id not in unique:
            unique[member.teams_user_id] = member
    return list(unique.values())


async def _match(uow: UnitOfWork, members: Sequence[RosterMember], here: str) -> _Plan:
    """Match the roster to people, fill in ids, add members to the home group(s)."""
    people = _People(await uow.people.list())
    groups = await uow.groups.by_conversation(here)
    group_members = {group.id: await uow.groups.members(group) for group in groups}
    report = SyncReport(
        group=", ".join(group_label(g.code, g.name) for g in groups) if groups else None
    )
    plan = _Plan(report=report)
    unique = _unique(members)
    report.in_teams = len(unique)
    present: set[int] = set()
    for member in unique:
        aad = (member.aad_object_id or "").strip().lower()
        addresses = [
            value.strip().lower()
            for value in (member.email, member.user_principal_name)
            if value and value.strip()
        ]
        person = people.find(member, aad, addresses)
        if person is None:
            report.unmatched.append(_line(member))
            continue
        if people.clashes(person, member, aad):
            report.conflicts.append(_line(member))
            continue
        present.add(person.id)
        report.matched += 1
        report.updated += int(people.fill(person, member, aad, addresses))
        for group in groups:
            if all(existing.id != person.id for existing, _m in group_members[group.id]):
                await uow.groups.add_member(group, person)
                report.added_to_group += 1
        if person.municipality_number is None:
            if person.aad_object_id:
                plan.lookups.append((person.id, person.aad_object_id, _person_line(person)))
            else:
                plan.no_lookup.append(_person_line(person))
    for group in groups:
        for existing, _membership in group_members[group.id]:
            if existing.id not in present:
                report.not_in_roster.append(_person_line(existing))
    return plan


async def _look_up(
    directory: Directory,
    lookups: Sequence[tuple[int, str, PersonLine]],
    municipalities: Sequence[tuple[str, str]],
) -> tuple[dict[int, str], list[int]]:
    """Municipality numbers found in Entra ID by person id, and the ids whose look-up failed."""
    found: dict[int, str] = {}
    failed: list[int] = []
    gate = asyncio.Semaphore(DIRECTORY_CONCURRENCY)

    async def one(person_id: int, aad: str) -> None:
        async with gate:
            if len(failed) >= DIRECTORY_GIVE_UP:
                failed.append(person_id)
                return
            try:
                company, department = await directory.organisation(aad)
            except Exception as exc:  # noqa: BLE001 - a failed look-up changes nobody
                log.warning("directory look-up failed: %s", exc)
                failed.append(person_id)
                return
        number = match_municipality((company, department), municipalities)
        if number is not None:
            found[person_id] = number

    await asyncio.gather(*(one(person_id, aad) for person_id, aad, _line in lookups))
    return found, failed
