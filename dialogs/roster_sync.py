"""`synk medlemmer`: match the Teams roster to the people in the catalogue (admins only).

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

from cards.catalogue_cards import PersonLine, SyncReport, group_label, sync_card
from cards.texts import text
from dialogs.kernel.access import sender_is_admin
from dialogs.kernel.context import DialogContext, Directory, RosterMember
from dialogs.kernel.turns import Message, TurnInput
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


async def sync_members(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """Read the roster of this team (or group chat) and bring the catalogue up to date."""
    language = turn.language
    conversation = turn.conversation
    async with ctx.db.uow() as uow:
        if not await sender_is_admin(uow, turn):
            return [Message(text=text(language, "catalogue.sync.not_admin"))]
        if conversation.kind == "personal":
            return [Message(text=text(language, "catalogue.sync.personal"))]
        stored = await uow.conversations.get(conversation.id)
    roster_id = conversation.id
    if conversation.kind == "channel":
        # Teams lists a channel's members through its team.
        team_id = (stored.team_id if stored is not None else None) or conversation.team_id
        if not team_id:
            return [Message(text=text(language, "catalogue.sync.no_team"))]
        roster_id = team_id
    if ctx.roster is None:
        return [Message(text=text(language, "catalogue.sync.roster_failed"))]
    try:
        members = await ctx.roster.members(conversation.service_url, roster_id)
    except Exception:  # whatever Teams did, the admin gets an answer
        log.warning("could not read the roster of %s", roster_id, exc_info=True)
        return [Message(text=text(language, "catalogue.sync.roster_failed"))]

    async with ctx.db.uow() as uow:
        plan = await _match(uow, members, conversation.id)
        municipalities = [(m.number, m.name) for m in await uow.municipalities.all()]
        await uow.commit()

    report = plan.report
    if plan.lookups and ctx.directory is not None:
        found, failed = await _look_up(ctx.directory, plan.lookups, municipalities)
        report.directory_failures = len(failed)
        if found:
            async with ctx.db.uow() as uow:
                for person_id, number in found.items():
                    person = await uow.people.get(person_id)
                    if person is not None and person.municipality_number is None:
                        person.municipality_number = number
                        report.municipality_found += 1
                await uow.commit()
        report.no_municipality = [line for pid, _aad, line in plan.lookups if pid not in found]
    else:
        report.no_municipality = [line for _pid, _aad, line in plan.lookups]
    report.no_municipality += plan.no_lookup
    return [Message(card=sync_card(language, report))]


async def _match(uow: UnitOfWork, members: Sequence[RosterMember], here: str) -> _Plan:
    """Match the roster to people, fill in ids, add members to the home group(s)."""
    people = await uow.people.list()
    by_aad = {p.aad_object_id.lower(): p for p in people if p.aad_object_id}
    by_teams = {p.teams_user_id: p for p in people if p.teams_user_id}
    by_email = {p.email.lower(): p for p in people if p.email}
    groups = await uow.groups.by_conversation(here)
    group_members = {group.id: await uow.groups.members(group) for group in groups}
    report = SyncReport(
        group=", ".join(group_label(g.code, g.name) for g in groups) if groups else None
    )
    plan = _Plan(report=report)

    unique: dict[str, RosterMember] = {}
    for member in members:
        if member.teams_user_id and member.teams_user_id not in unique:
            unique[member.teams_user_id] = member
    report.in_teams = len(unique)
    present: set[int] = set()
    for member in unique.values():
        aad = (member.aad_object_id or "").strip().lower()
        addresses = [
            value.strip().lower()
            for value in (member.email, member.user_principal_name)
            if value and value.strip()
        ]
        person = (
            (by_aad.get(aad) if aad else None)
            or by_teams.get(member.teams_user_id)
            or next((by_email[a] for a in addresses if a in by_email), None)
        )
        if person is None:
            report.unmatched.append(_line(member))
            continue
        if aad and person.aad_object_id and person.aad_object_id.lower() != aad:
            # Same address or Teams id, another Entra account: a person to sort out by hand.
            report.conflicts.append(_line(member))
            continue
        holder = by_teams.get(member.teams_user_id)
        if holder is not None and holder.id != person.id:
            report.conflicts.append(_line(member))
            continue
        present.add(person.id)
        report.matched += 1
        changed = False
        if person.teams_user_id != member.teams_user_id:
            if person.teams_user_id is not None:
                by_teams.pop(person.teams_user_id, None)
            person.teams_user_id = member.teams_user_id
            by_teams[member.teams_user_id] = person
            changed = True
        if aad and not person.aad_object_id and aad not in by_aad:
            person.aad_object_id = aad
            by_aad[aad] = person
            changed = True
        report.updated += int(changed)
        # Quiet fills: what Teams knows and the catalogue lacks.
        if not person.email:
            free = next((a for a in addresses if a not in by_email), None)
            if free is not None:
                person.email = free
                by_email[free] = person
        if not person.name and member.name:
            person.name = member.name
        if not person.tenant_id and member.tenant_id:
            person.tenant_id = member.tenant_id
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
