"""What Kravbot does with a message, a card action, or being added to a conversation.

The registry built at start-up names the step for each command and card verb; the router only
parses, refuses what is malformed, and hands over.
"""

from __future__ import annotations

import logging

from cards.commands import parse_command
from cards.help import welcome_card
from cards.texts import text
from dialogs.kernel.access import split_identity
from dialogs.kernel.context import DialogContext
from dialogs.kernel.registry import Registry
from dialogs.kernel.turns import CardResult, Message, TurnInput

# Longer messages are not commands; answering them politely costs nothing and stores nothing.
MAX_COMMAND_LENGTH = 4000

log = logging.getLogger(__name__)


async def _two_people(turn: TurnInput, ctx: DialogContext) -> bool:
    """One identity per turn: a sender whose Teams id and Entra id are two people is neither."""
    check = ctx.identities
    people = await check.split(turn) if check is not None else await split_identity(ctx.db, turn)
    if people:
        # Catalogue row numbers only: the ids Teams sent are personal data.
        log.warning("turn refused: its Teams and Entra ids are people %s", sorted(people))
    return bool(people)


async def on_message(turn: TurnInput, ctx: DialogContext, registry: Registry) -> list[Message]:
    """Answer a text message (or an Action.Submit, which arrives as a message with data)."""
    if turn.verb is not None:
        result = await on_card_action(turn, ctx, registry)
        if result.card is not None:
            return [Message(card=result.card)]
        return [Message(text=result.message)]
    if await _two_people(turn, ctx):
        return [Message(text=text(turn.language, "error.identity"))]
    if len(turn.text) > MAX_COMMAND_LENGTH:
        too_long = text(
            turn.language, "error.too_long", length=len(turn.text), limit=MAX_COMMAND_LENGTH
        )
        return [Message(text=too_long)]
    command = parse_command(turn.text)
    handler = registry.commands.get(command.name) if command is not None else None
    if command is None or handler is None:
        return [Message(text=text(turn.language, "unknown.text"))]
    return await handler(turn, ctx, command.argument)


async def on_card_action(turn: TurnInput, ctx: DialogContext, registry: Registry) -> CardResult:
    """Answer a card button (Action.Execute invoke, or Action.Submit fallback)."""
    if await _two_people(turn, ctx):
        return CardResult(message=text(turn.language, "error.identity"), status=403)
    handler = registry.card_verbs.get(turn.verb or "")
    if handler is None:
        return CardResult(message=text(turn.language, "unknown.card_action"), status=400)
    return await handler(turn, ctx)


async def on_installed(turn: TurnInput, ctx: DialogContext) -> list[Message]:
    """Kravbot was added to a chat, group chat or team."""
    return [Message(card=welcome_card(turn.language))]
