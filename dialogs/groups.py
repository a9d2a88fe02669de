"""Groups in Teams: list them, and link a group to its home channel or group chat."""

from __future__ import annotations

from cards.catalogue_cards import (
    GroupRow,
    group_label,
    groups_card,
    link_card,
    unknown_group_message,
)
from cards.texts import text
from dialogs.kernel.access import sender_is_admin
from dialogs.kernel.context import DialogContext
from dialogs.kernel.turns import Message, TurnInput
from storage.models import Group
from storage.uow import UnitOfWork


async def find_group(uow: UnitOfWork, wanted: str) -> Group | None:
    """The group with this code (`HJT`) or name (`Hjemmetjeneste`), any case."""
    wanted = " ".join(wanted.split())
    if not wanted:
        return None
    if len(wanted) <= 16:
        group = await uow.groups.by_code(wanted)
        if group is not None:
            return group
    folded = wanted.casefold()
    return next((g for g in await uow.groups.all() if g.name.casefold() == folded), None)


async def link(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """`koble HJT`: make this channel or group chat the group's home conversation (admins)."""
    language = turn.language
    async with ctx.db.uow() as uow:
        if not await sender_is_admin(uow, turn):
            return [Message(text=text(language, "catalogue.link.not_admin"))]
        if turn.conversation.kind == "personal":
            return [Message(text=text(language, "catalogue.link.personal"))]
        if not argument.strip():
            return [Message(text=text(language, "catalogue.link.usage"))]
        group = await find_group(uow, argument)
        if group is None:
            return [Message(text=unknown_group_message(language, argument))]
        here = turn.conversation.id
        previous: str | None = None
        unchanged = group.conversation_id == here
        if group.conversation_id is not None and not unchanged:
            before = await uow.conversations.get(group.conversation_id)
            previous = (before.name or "") if before is not None else ""
        if not unchanged:
            if await uow.conversations.get(here) is None:
                # The recorder stores every conversation first; this only guards the foreign key.
                await uow.conversations.save(turn.conversation)
            await uow.groups.link(group, here)
            await uow.commit()
        label = group_label(group.code, group.name)
    card = link_card(
        language,
        group=label,
        conversation=turn.conversation.name or "",
        previous=previous,
        unchanged=unchanged,
    )
    return [Message(card=card)]


async def list_groups(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """`grupper`: every group with kind, member count and linked conversation."""
    async with ctx.db.uow() as uow:
        summaries = await uow.groups.summaries()
        names: dict[str, str] = {}
        for summary in summaries:
            conversation_id = summary.group.conversation_id
            if conversation_id is not None and conversation_id not in names:
                conversation = await uow.conversations.get(conversation_id)
                names[conversation_id] = (conversation.name or "") if conversation else ""
    rows = [
        GroupRow(
            code=summary.group.code,
            name=summary.group.name,
            kind=summary.group.kind,
            members=summary.members,
            conversation=(
                None
                if summary.group.conversation_id is None
                else names.get(summary.group.conversation_id, "")
            ),
        )
        for summary in summaries
    ]
    return [Message(card=groups_card(turn.language, rows))]
