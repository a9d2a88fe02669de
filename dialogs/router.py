"""What Kravbot does with a message, a card action, or being added to a conversation."""

from __future__ import annotations

from cards.commands import parse_command
from cards.help import help_card, welcome_card
from cards.texts import text
from dialogs.turns import CardResult, Message, TurnInput

# Longer messages are not commands; answering them politely costs nothing and stores nothing.
MAX_COMMAND_LENGTH = 4000


async def on_message(turn: TurnInput) -> list[Message]:
    """Answer a text message (or an Action.Submit, which arrives as a message with data)."""
    if turn.verb is not None:
        result = await on_card_action(turn)
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
    if command.name == "help":
        return [Message(card=help_card(turn.language))]
    return [Message(text=text(turn.language, "unknown.text"))]


async def on_card_action(turn: TurnInput) -> CardResult:
    """Answer a card button (Action.Execute invoke, or Action.Submit fallback)."""
    if turn.verb == "help":
        return CardResult(card=help_card(turn.language))
    return CardResult(message=text(turn.language, "unknown.card_action"), status=400)


async def on_installed(turn: TurnInput) -> list[Message]:
    """Kravbot was added to a chat, group chat or team."""
    return [Message(card=welcome_card(turn.language))]
