"""What Kravbot does with a message, a card action, or being added to a conversation."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from cards.commands import parse_command
from cards.help import help_card, welcome_card
from cards.texts import text
from dialogs import catalogue, decision_log, milestones, reviews
from dialogs import polls as poll_workflow
from dialogs.context import DialogContext
from dialogs.turns import CardResult, Message, TurnInput

# Longer messages are not commands; answering them politely costs nothing and stores nothing.
MAX_COMMAND_LENGTH = 4000


CommandHandler = Callable[[TurnInput, DialogContext, str], Awaitable[list[Message]]]
CardHandler = Callable[[TurnInput, DialogContext], Awaitable[CardResult]]


async def _help(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    return [Message(card=help_card(turn.language))]


async def _help_card(turn: TurnInput, ctx: DialogContext) -> CardResult:
    return CardResult(card=help_card(turn.language))


# Command name (see `cards.commands.COMMANDS`) -> the step that answers it.
COMMAND_HANDLERS: dict[str, CommandHandler] = {"help": _help, **catalogue.COMMAND_HANDLERS}
COMMAND_HANDLERS.update(decision_log.COMMAND_HANDLERS)
COMMAND_HANDLERS.update(poll_workflow.COMMAND_HANDLERS)
COMMAND_HANDLERS.update(milestones.COMMAND_HANDLERS)
COMMAND_HANDLERS.update(reviews.COMMAND_HANDLERS)
# Card action verb -> the step that answers it.
CARD_HANDLERS: dict[str, CardHandler] = {"help": _help_card}
CARD_HANDLERS.update(decision_log.CARD_HANDLERS)
CARD_HANDLERS.update(poll_workflow.CARD_HANDLERS)
CARD_HANDLERS.update(milestones.CARD_HANDLERS)
CARD_HANDLERS.update(reviews.CARD_HANDLERS)


async def on_message(turn: TurnInput, ctx: DialogContext) -> list[Message]:
    """Answer a text message (or an Action.Submit, which arrives as a message with data)."""
    if turn.verb is not None:
        result = await on_card_action(turn, ctx)
        if result.card is not None:
            return [Message(card=result.card)]
        return [Message(text=result.message)]
    if len(turn.text) > MAX_COMMAND_LENGTH:
        return [
            Message(
                text=text(
                    turn.language, "error.too_long", length=len(turn.text), limit=MAX_COMMAND_LENGTH
                )
            )
        ]
    command = parse_command(turn.text)
    if command is None:
        return [Message(text=text(turn.language, "unknown.text"))]
    handler = COMMAND_HANDLERS.get(command.name)
    if handler is None:
        return [Message(text=text(turn.language, "unknown.text"))]
    return await handler(turn, ctx, command.argument)


async def on_card_action(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """Answer a card button (Action.Execute invoke, or Action.Submit fallback)."""
    handler = CARD_HANDLERS.get(turn.verb or "")
    if handler is None:
        return CardResult(message=text(turn.language, "unknown.card_action"), status=400)
    return await handler(turn, ctx)


async def on_installed(turn: TurnInput, ctx: DialogContext) -> list[Message]:
    """Kravbot was added to a chat, group chat or team."""
    return [Message(card=welcome_card(turn.language))]
