"""Reachability: whether Kravbot can deliver a 1:1 message to a person, and if not, why.

Derived from what Kravbot knows (a personal chat, its blocked mark, the Teams and Entra ids,
and the reason the dispatcher recorded when Teams refused to create a chat), never guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from cards.reach import Missing, missing_words
from cards.texts import Language, text
from dialogs.kernel.delivery import send_to_person
from dialogs.kernel.language import person_language
from storage.models import Conversation, Person
from storage.uow import UnitOfWork
from vocabulary import UNREACHABLE, Reachability

# Outbox states of a message that will never arrive.
_FAILED: Final = {"dead": Reachability.UNDELIVERED, "blocked": Reachability.BLOCKED}


def reachability(
    *,
    has_chat: bool,
    chat_blocked: bool,
    has_teams_id: bool,
    has_entra_id: bool,
    refused: str | None,
) -> Reachability:
    """The person's reachability from the facts (`refused`: the dispatcher's recorded reason).

    A block or a departure from the tenant outranks an existing chat; a chat outranks an older
    "not installed" (it was created since); known ids mean a chat can be created.
    """
    if chat_blocked or refused == Reachability.BLOCKED:
        return Reachability.BLOCKED
    if refused == Reachability.LEFT_TENANT:
        return Reachability.LEFT_TENANT
    if has_chat:
        return Reachability.REACHABLE
    if refused == Reachability.NOT_INSTALLED:
        return Reachability.NOT_INSTALLED
    if has_teams_id or has_entra_id:
        return Reachability.CAN_CREATE
    return Reachability.NO_ACCOUNT


@dataclass(frozen=True, slots=True)
class Reach:
    """One person and whether Kravbot can reach them."""

    person_id: int
    name: str
    state: Reachability

    @property
    def reachable(self) -> bool:
        """Kravbot can deliver to them (now, or by creating the chat)."""
        return self.state not in UNREACHABLE


def person_reach(person: Person, chat: Conversation | None) -> Reach:
    """A stored person's reachability, given their personal chat (if any)."""
    state = reachability(
        has_chat=chat is not None,
        chat_blocked=chat is not None and chat.blocked_at is not None,
        has_teams_id=bool(person.teams_user_id),
        has_entra_id=bool(person.aad_object_id),
        refused=person.unreachable_reason,
    )
    return Reach(person.id, person.name, state)


async def reach_of(uow: UnitOfWork, people: Sequence[Person]) -> list[Reach]:
    """Every person's reachability, in the order given."""
    # One query for every chat: a poll card is redrawn on each of hundreds of votes.
    ids = [p.personal_conversation_id for p in people if p.personal_conversation_id]
    chats = await uow.dispatch.conversations(ids) if ids else {}
    return [
        person_reach(person, chats.get(person.personal_conversation_id or "")) for person in people
    ]


def missing_of(found: Sequence[Reach]) -> list[Missing]:
    """The people among `found` Kravbot cannot reach, as the cards name them."""
    return [Missing(reach.name, reach.state) for reach in found if not reach.reachable]


async def delivery_reach(
    uow: UnitOfWork, people: Sequence[Person], keys: Mapping[int, str]
) -> list[Reach]:
    """Each person's reachability, overruled by what happened to their message (`keys`: person
    id -> outbox key): a message that ended dead or blocked means they were not reached."""
    found = await reach_of(uow, people)
    rows = await uow.outbox.for_keys([keys[r.person_id] for r in found if r.person_id in keys])
    status = {row.key: row.status for row in rows}
    settled: list[Reach] = []
    for reach in found:
        failed = _FAILED.get(status.get(keys.get(reach.person_id, ""), ""))
        if reach.reachable and failed is not None:
            reach = Reach(reach.person_id, reach.name, failed)
        settled.append(reach)
    return settled


async def leads_of(uow: UnitOfWork, person_id: int | None) -> list[Person]:
    """Who is told about unreachable people: the person who opened the round or poll, or,
    when it was opened from the command line, every project lead."""
    if person_id is not None:
        person = await uow.people.get(person_id)
        return [person] if person is not None else []
    return [person for person in await uow.people.list() if person.is_project_lead]


async def tell_leads(
    uow: UnitOfWork,
    *,
    key: str,
    leads: Sequence[Person],
    default: Language,
    message: Callable[[Language], str],
) -> None:
    """One 1:1 message to each lead, in their language (`message` writes it)."""
    for lead in leads:
        language = person_language(lead, default)
        await send_to_person(uow, key=f"{key}:{lead.id}", person_id=lead.id, text=message(language))


async def report_undelivered(uow: UnitOfWork, message_id: int, default: Language) -> bool:
    """Tell the lead named on a 1:1 message that ended dead or blocked who was not reached
    and why (enqueued in the caller's unit of work); False when there is nobody to tell."""
    row = await uow.outbox.by_id(message_id)
    if row is None or row.report_to is None or row.person_id is None:
        return False
    if row.status not in _FAILED or row.report_to == row.person_id:
        return False
    person = await uow.people.get(row.person_id)
    lead = await uow.people.get(row.report_to)
    if person is None or lead is None:
        return False
    [reach] = await delivery_reach(uow, [person], {person.id: row.key})
    missing = missing_of([reach]) or [Missing(person.name, Reachability.UNDELIVERED)]
    await tell_leads(
        uow,
        key=f"{row.key}:undelivered",
        leads=[lead],
        default=default,
        message=lambda language: text(
            language, "catalogue.reach.lead_later", names=missing_words(language, missing)
        ),
    )
    return True
