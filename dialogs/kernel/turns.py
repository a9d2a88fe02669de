"""Plain data that flows between the bot edge and the workflows: what came in, what goes out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cards.base import Card
from cards.texts import Language
from storage.conversations import ConversationRecord
from storage.people import TeamsUser


@dataclass(frozen=True, slots=True)
class TurnInput:
    """Who said what, where, in which language."""

    conversation: ConversationRecord
    sender: TeamsUser | None
    language: Language
    text: str = ""
    # Data of an Action.Submit or Action.Execute (the card's inputs merged with the action's data).
    data: dict[str, Any] = field(default_factory=dict)
    verb: str | None = None


@dataclass(frozen=True, slots=True)
class Message:
    """A message to post in the conversation of the turn: text, a card, or both."""

    text: str | None = None
    card: Card | None = None


@dataclass(frozen=True, slots=True)
class CardResult:
    """The answer to a card action: a card that replaces the one clicked, or a short message."""

    card: Card | None = None
    message: str | None = None
    # A 4xx status when the action was refused (stale, forged, not allowed); the message says why.
    status: int = 200
