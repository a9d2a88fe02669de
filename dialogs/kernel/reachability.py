"""Reachability: whether Kravbot can deliver a 1:1 message to a person, and if not, why.

Derived from what Kravbot knows (a personal chat, its blocked mark, the Teams and Entra ids,
and the reason the dispatcher recorded when Teams refused to create a chat), never guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storage.models import Conversation, Person
from storage.uow import UnitOfWork
from vocabulary import UNREACHABLE, Reachability


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
    found: list[Reach] = []
    for person in people:
        chat = None
        if person.personal_conversation_id:
            chat = await uow.conversations.get(person.personal_conversation_id)
        found.append(person_reach(person, chat))
    return found
