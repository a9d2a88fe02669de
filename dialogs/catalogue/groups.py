"""Groups: find one by code or name, link it to its home conversation, list them all."""

from __future__ import annotations

from dataclasses import dataclass

from cards.catalogue_cards import GroupRow, group_label
from storage.conversations import ConversationRecord
from storage.groups import GroupSummary
from storage.models import Group
from storage.uow import UnitOfWork
from vocabulary import MemberRole


@dataclass(frozen=True, slots=True)
class LinkGroup:
    """Make `conversation` the home of the group named `group` (its code or name)."""

    group: str
    conversation: ConversationRecord


@dataclass(frozen=True, slots=True)
class Linked:
    """A group linked (or found already linked) to a conversation."""

    group: str  # `HJT – Hjemmetjeneste`
    # The name of the conversation it was linked to before ("" if unnamed), or None.
    previous: str | None
    unchanged: bool


async def find_group(uow: UnitOfWork, wanted: str) -> Group | None:
    """The group with this code (`HJT`), name (`Hjemmetjeneste`) or alias (`TMNFE`), any case:
    how every CLI option and Teams form names a group (`storage.groups.group_lookup`)."""
    return await uow.groups.find(wanted)


async def link_group(uow: UnitOfWork, command: LinkGroup) -> Linked | None:
    """Link the group to the conversation and commit; None when there is no such group."""
    group = await find_group(uow, command.group)
    if group is None:
        return None
    here = command.conversation.id
    previous: str | None = None
    unchanged = group.conversation_id == here
    if group.conversation_id is not None and not unchanged:
        previous = await _conversation_name(uow, group.conversation_id)
    if not unchanged:
        if await uow.conversations.get(here) is None:
            # The recorder stores every conversation first; this only guards the foreign key.
            await uow.conversations.save(command.conversation)
        await uow.groups.link(group, here)
        await uow.commit()
    return Linked(group_label(group.code, group.name), previous, unchanged)


async def group_rows(uow: UnitOfWork) -> list[GroupRow]:
    """Every group with kind, member count and the name of its linked conversation."""
    summaries = await uow.groups.summaries()
    chairs = await _chairs(uow, summaries)
    names: dict[str, str] = {}
    for summary in summaries:
        conversation_id = summary.group.conversation_id
        if conversation_id is not None and conversation_id not in names:
            names[conversation_id] = await _conversation_name(uow, conversation_id)
    return [
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
            chair=chairs.get((summary.group.id, MemberRole.CHAIR)),
            deputy_chair=chairs.get((summary.group.id, MemberRole.DEPUTY_CHAIR)),
        )
        for summary in summaries
    ]


async def _chairs(uow: UnitOfWork, summaries: list[GroupSummary]) -> dict[tuple[int, str], str]:
    """(group id, chair or deputy_chair) -> the names of who holds it."""
    held: dict[tuple[int, str], list[str]] = {}
    for summary in summaries:
        for person, membership in await uow.groups.members(summary.group):
            if membership.role != MemberRole.MEMBER:
                held.setdefault((summary.group.id, membership.role), []).append(person.name)
    return {key: ", ".join(names) for key, names in held.items()}


async def _conversation_name(uow: UnitOfWork, conversation_id: str) -> str:
    conversation = await uow.conversations.get(conversation_id)
    return (conversation.name or "") if conversation is not None else ""
