"""Who sent a turn, as a person in the catalogue, and whether they may administer it."""

from __future__ import annotations

from dialogs.kernel.turns import TurnInput
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


async def sender_is_admin(uow: UnitOfWork, turn: TurnInput) -> bool:
    """True when the sender is a Kravbot administrator."""
    return any(person.is_admin for person in await sender_people(uow, turn))
