"""The ROS register in Teams: `risiko` shows the matrix and the largest risks."""

from __future__ import annotations

from cards.risk_cards import risks_card
from cards.texts import text
from dialogs.kernel.access import sender_people
from dialogs.kernel.context import DialogContext
from dialogs.kernel.turns import Message, TurnInput
from dialogs.risks.service import risk_views
from storage.models import Person
from storage.uow import UnitOfWork
from vocabulary import GroupKind

# Risks are the project's internal assessment: the groups that run and steer it see them.
READERS = frozenset({GroupKind.PROJECT, GroupKind.STEERING, GroupKind.OWNER})


async def may_read(uow: UnitOfWork, people: list[Person]) -> bool:
    """The lead, administrators, and members of the project and steering groups."""
    if any(p.is_admin or p.is_project_lead for p in people):
        return True
    for person in people:
        if any(group.kind in READERS for group, _ in await uow.groups.groups_of(person)):
            return True
    return False


async def show_risks(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """`risiko`: the risk matrix, a chart of risks per level and the largest risks."""
    async with ctx.db.read() as uow:
        if not await may_read(uow, await sender_people(uow, turn)):
            return [Message(text=text(turn.language, "risks.not_allowed"))]
        views = await risk_views(uow)
    return [Message(card=risks_card(turn.language, views))]
