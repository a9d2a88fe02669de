"""Load the DigiTV demo organisation and requirements; running it again changes nothing.

Only demo rows are touched: groups by code, people by Entra id, Teams id or e-mail, requirements
by key, the playground's conversations by id. Other data in the database stays as it is.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from typing import Final

from dialogs.demo.living import load_activity
from dialogs.demo.milestones import load_milestones
from dialogs.demo.organisation import (
    CONVERSATIONS,
    DEMO_CHANGED_BY,
    DEMO_REASON,
    GROUPS,
    PEOPLE,
    PLAYGROUND_BOT_ID,
    PLAYGROUND_BOT_NAME,
    PLAYGROUND_SERVICE_URL,
    PLAYGROUND_TENANT_ID,
    SEATS,
    DemoConversation,
    DemoPerson,
)
from dialogs.demo.risks import load_risks
from dialogs.kernel.context import DialogContext
from storage.conversations import ConversationRecord
from storage.database import Database
from storage.models import Group, Person
from storage.requirements import Change, RequirementData
from storage.uow import UnitOfWork
from vocabulary import MunicipalityRole, RequirementStatus, RequirementType

REQUIREMENTS_FILE: Final = "requirements.csv"
COLUMNS: Final = (
    "key",
    "group",
    "category",
    "type",
    "weight",
    "status",
    "source",
    "text",
    "rationale",
)
_TYPES: Final = frozenset(RequirementType)
_STATUSES: Final = frozenset(RequirementStatus)


class DemoError(Exception):
    """The demo data cannot be loaded as it stands; the message says why."""


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What `load_demo` did: demo rows in total, and how many were new or changed."""

    groups: int
    people: int
    municipalities: int
    conversations: int
    requirements: int
    requirements_created: int
    requirements_changed: int
    people_created: int


def demo_requirements() -> list[RequirementData]:
    """The demo requirements, read from the CSV file shipped next to this module."""
    content = (
        resources.files("dialogs.demo").joinpath(REQUIREMENTS_FILE).read_text(encoding="utf-8")
    )
    reader = csv.reader(io.StringIO(content), delimiter=";")
    header = next(reader)
    if tuple(header) != COLUMNS:
        raise DemoError(f"{REQUIREMENTS_FILE}: unexpected columns {header}")
    items: list[RequirementData] = []
    for line, row in enumerate(reader, start=2):
        if len(row) != len(COLUMNS):
            raise DemoError(f"{REQUIREMENTS_FILE} line {line}: {len(row)} fields")
        values = dict(zip(COLUMNS, row, strict=True))
        if values["type"] not in _TYPES or values["status"] not in _STATUSES:
            raise DemoError(f"{REQUIREMENTS_FILE} line {line}: bad type or status")
        items.append(
            RequirementData(
                key=values["key"],
                group_code=values["group"],
                text=values["text"],
                type=values["type"],
                category=values["category"],
                weight=int(values["weight"]) if values["weight"] else None,
                source=values["source"],
                rationale=values["rationale"],
                status=values["status"],
            )
        )
    return items


async def load_demo(
    db: Database, *, ctx: DialogContext | None = None, today: date | None = None
) -> DemoSummary:
    """Add or refresh the demo organisation and requirements, in one unit of work; the
    milestones, the open round and poll are dated relative to `today` (default: today)."""
    requirements = demo_requirements()
    ctx = ctx or DialogContext(db=db)
    today = today or datetime.now(ctx.timezone).date()
    async with db.uow() as uow:
        groups = await _groups(uow)
        await _conversations(uow, groups)
        people_created = 0
        contacts: list[tuple[DemoPerson, Person]] = []
        for demo in PEOPLE:
            person, is_new = await _person(uow, demo)
            people_created += int(is_new)
            for code, role in demo.groups:
                await uow.groups.add_member(groups[code], person, role)
            contacts.append((demo, person))
        numbers = sorted({demo.municipality for demo in PEOPLE})
        for number in numbers:
            await uow.municipalities.set_participating(number, True)
        # The playground's people answer endorsements for their municipalities (Kari for
        # Tønsberg), so an endorsement can be tried end to end in the playground.
        for demo, person in contacts:
            if demo.teams_user_id is not None:
                await uow.municipalities.set_role(
                    demo.municipality, person, MunicipalityRole.CONTACT
                )
        await _seats(uow, groups)
        created, changed = await _requirements(uow, requirements, groups)
        await load_milestones(uow, today)
        await load_risks(uow)
        await load_activity(uow, ctx, today)
        await uow.commit()
    return DemoSummary(
        groups=len(groups),
        people=len(PEOPLE),
        municipalities=len(numbers),
        conversations=len(CONVERSATIONS),
        requirements=len(requirements),
        requirements_created=created,
        requirements_changed=changed,
        people_created=people_created,
    )


async def _groups(uow: UnitOfWork) -> dict[str, Group]:
    groups: dict[str, Group] = {}
    for demo in GROUPS:
        group = await uow.groups.by_code(demo.code)
        if group is None:
            group = await uow.groups.add(demo.code, demo.name, demo.kind)
        else:
            group.name = demo.name
            group.kind = demo.kind
        groups[demo.code] = group
    return groups


def _record(demo: DemoConversation) -> ConversationRecord:
    conversation = {
        "id": demo.id,
        "conversationType": demo.kind,
        "isGroup": True,
        "tenantId": PLAYGROUND_TENANT_ID,
    }
    return ConversationRecord(
        id=demo.id,
        kind=demo.kind,
        channel_id="msteams",
        tenant_id=PLAYGROUND_TENANT_ID,
        team_id=demo.team_id,
        teams_channel_id=demo.teams_channel_id,
        name=demo.name,
        service_url=PLAYGROUND_SERVICE_URL,
        bot_id=PLAYGROUND_BOT_ID,
        reference={
            "bot": {"id": PLAYGROUND_BOT_ID, "name": PLAYGROUND_BOT_NAME},
            "conversation": conversation,
            "channelId": "msteams",
            "serviceUrl": PLAYGROUND_SERVICE_URL,
            "locale": None,
        },
    )


async def _conversations(uow: UnitOfWork, groups: dict[str, Group]) -> None:
    for demo in CONVERSATIONS:
        # A conversation the bot has already seen keeps its real service URL and reference.
        if await uow.conversations.get(demo.id) is None:
            await uow.conversations.save(_record(demo))
        group = groups[demo.group_code]
        if group.conversation_id != demo.id:
            await uow.groups.link(group, demo.id)


async def _seats(uow: UnitOfWork, groups: dict[str, Group]) -> None:
    """The demo's delegates and deputies for per-municipality polls (idempotent)."""
    by_name = {person.name: person for person in await uow.people.list()}
    for code, name, role in SEATS:
        person = by_name[name]
        if person.municipality_number is not None:
            await uow.municipalities.set_role(
                person.municipality_number, person, role, groups[code]
            )


async def _person(uow: UnitOfWork, demo: DemoPerson) -> tuple[Person, bool]:
    email = demo.email.lower()
    aad = demo.aad_object_id.lower() if demo.aad_object_id else None
    found: dict[int, Person] = {}
    if aad:
        by_aad = await uow.people.by_aad(aad)
        if by_aad is not None:
            found[by_aad.id] = by_aad
    if demo.teams_user_id:
        by_teams = await uow.people.by_teams_id(demo.teams_user_id)
        if by_teams is not None:
            found[by_teams.id] = by_teams
    by_email = await uow.people.by_email(email)
    if by_email is not None:
        found[by_email.id] = by_email
    if len(found) > 1:
        raise DemoError(
            f"{demo.name}: the Entra id, Teams id and e-mail of this demo person belong to "
            f"different people in the database (ids {sorted(found)})"
        )
    tenant = PLAYGROUND_TENANT_ID if demo.teams_user_id else None
    if not found:
        person = Person(
            teams_user_id=demo.teams_user_id,
            aad_object_id=aad,
            name=demo.name,
            tenant_id=tenant,
            email=email,
            municipality_number=demo.municipality,
            language=demo.language,
            is_admin=demo.is_admin,
            is_project_lead=demo.is_project_lead,
        )
        return await uow.people.add(person), True
    person = next(iter(found.values()))
    person.name = demo.name
    person.email = email
    person.municipality_number = demo.municipality
    person.language = demo.language
    person.is_admin = demo.is_admin
    person.is_project_lead = demo.is_project_lead
    if demo.teams_user_id:
        person.teams_user_id = demo.teams_user_id
        person.aad_object_id = aad
        person.tenant_id = person.tenant_id or tenant
    return person, False


def _fields(status: str, item: RequirementData) -> dict[str, object]:
    """The demo's fields; a requirement under review keeps its status (the open round's)."""
    fields = item.fields()
    if status == RequirementStatus.IN_REVIEW:
        fields.pop("status", None)
    return fields


async def _requirements(
    uow: UnitOfWork, items: list[RequirementData], groups: dict[str, Group]
) -> tuple[int, int]:
    existing = await uow.requirements.by_keys([item.key for item in items])
    change = Change(by=DEMO_CHANGED_BY, reason=DEMO_REASON)
    created = changed = 0
    for item in items:
        requirement = existing.get(item.key.upper())
        if requirement is None:
            await uow.requirements.create(item, groups[item.group_code], change)
            created += 1
        elif await uow.requirements.update(
            requirement, _fields(requirement.status, item), change, groups=groups
        ):
            changed += 1
    return created, changed
