"""The catalogue commands in Teams, by command name (see `cards.commands.COMMANDS`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Final

from dialogs import groups, requirement_lookup, roster_sync
from dialogs.context import DialogContext
from dialogs.turns import Message, TurnInput

COMMAND_HANDLERS: Final[
    dict[str, Callable[[TurnInput, DialogContext, str], Awaitable[list[Message]]]]
] = {
    "link": groups.link,
    "groups": groups.list_groups,
    "sync_members": roster_sync.sync_members,
    "requirement": requirement_lookup.show,
    "requirement_search": requirement_lookup.search,
}
