"""Help: the command overview, as an answer to `hjelp` and to the welcome card's button."""

from __future__ import annotations

from typing import Final

from cards.help import help_card
from dialogs.kernel.context import DialogContext
from dialogs.kernel.registry import Workflow
from dialogs.kernel.turns import CardResult, Message, TurnInput


async def show_help(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """The help card, in the person's language."""
    return [Message(card=help_card(turn.language))]


async def help_button(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """The help card, replacing the card whose button was pressed."""
    return CardResult(card=help_card(turn.language))


WORKFLOW: Final = Workflow("help", commands={"help": show_help}, card_verbs={"help": help_button})
