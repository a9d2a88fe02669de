"""Who sent a turn, as a person in the catalogue, and whether they may administer it."""

from __future__ import annotations

import time
from collections.abc import Callable

from dialogs.kernel.memory import Memory
from dialogs.kernel.turns import TurnInput
from storage.database import Database
from storage.models import Person
from storage.uow import UnitOfWork


async def sender_people(uow: UnitOfWork, turn: TurnInput) -> list[Person]:
    """The catalogue rows of the sender: by Teams user id, and by Entra object id.

    People imported from a file may have only an e-mail address and an Entra id, so the
    `aadObjectId` Teams sends with every activity finds them before their Teams id is known.
    """
    if turn.sender is None:
        return []
    found: list[Person] = []
    by_teams = await uow.people.by_teams_id(turn.sender.teams_user_id)
    if by_teams is not None:
        found.append(by_teams)
    if turn.sender.aad_object_id:
        by_aad = await uow.people.by_aad(turn.sender.aad_object_id)
        if by_aad is not None and all(person.id != by_aad.id for person in found):
            found.append(by_aad)
    return found


async def split_identity(db: Database, turn: TurnInput) -> set[int]:
    """The two (or more) people a sender would be when their Teams id and Entra id belong to
    different people; empty when the sender is one person (or unknown)."""
    if turn.sender is None or not turn.sender.aad_object_id:
        return set()
    async with db.read() as uow:
        found = await uow.people.identities(turn.sender.teams_user_id, turn.sender.aad_object_id)
    return found if len(found) > 1 else set()


class IdentityCheck:
    """`split_identity` for every turn, with each answer remembered for `ttl` seconds per
    Teams id and Entra id: people's ids change only by an import or an administrator, and a
    read per turn was the largest part of answering one (bench.turns)."""

    def __init__(
        self, db: Database, *, ttl: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._db = db
        self._known: Memory[tuple[str, str], frozenset[int]] = Memory(ttl=ttl, clock=clock)

    async def split(self, turn: TurnInput) -> set[int]:
        """As `split_identity`, as of at most `ttl` seconds ago."""
        sender = turn.sender
        if sender is None or not sender.aad_object_id:
            return set()
        key = (sender.teams_user_id, sender.aad_object_id.strip().lower())
        if (remembered := self._known.get(key)) is not None:
            return set(remembered[0])
        found = await split_identity(self._db, turn)
        self._known.put(key, frozenset(found))
        return found


async def sender_is_admin(uow: UnitOfWork, turn: TurnInput) -> bool:
    """True when the sender is a Kravbot administrator."""
    return any(person.is_admin for person in await sender_people(uow, turn))


async def sender_lead(uow: UnitOfWork, turn: TurnInput) -> Person | None:
    """The sender when they are the project lead or an administrator, else None."""
    return next(
        (p for p in await sender_people(uow, turn) if p.is_project_lead or p.is_admin), None
    )
