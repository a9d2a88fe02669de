"""How workflows send proactively: they put messages in the outbox, in their own transaction.

Nothing here talks to Teams. The dispatcher in `bot/` sends what is enqueued, respecting Teams'
limits, retrying, creating 1:1 conversations on first contact, and coalescing card updates.
"""

from __future__ import annotations

from typing import Any

from cards.base import Card, attachment
from storage.uow import UnitOfWork


def message_activity(*, card: Card | None = None, text: str | None = None) -> dict[str, Any]:
    """A message activity body with a card, a text, or both."""
    activity: dict[str, Any] = {"type": "message"}
    if text:
        activity["text"] = text
    if card is not None:
        activity["attachments"] = [attachment(card)]
        # Shown in notifications and by clients that cannot render the card.
        activity.setdefault("summary", card.get("fallbackText", ""))
    return activity


async def send_to_person(
    uow: UnitOfWork,
    *,
    key: str,
    person_id: int,
    card: Card | None = None,
    text: str | None = None,
    report_to: int | None = None,
) -> None:
    """Enqueue a 1:1 message to a person (a personal chat is created on first contact);
    `report_to` is told if it cannot be delivered."""
    await uow.outbox.enqueue(
        key=key,
        person_id=person_id,
        activity=message_activity(card=card, text=text),
        report_to=report_to,
    )


async def send_to_conversation(
    uow: UnitOfWork,
    *,
    key: str,
    conversation_id: str,
    card: Card | None = None,
    text: str | None = None,
) -> None:
    """Enqueue a message to a channel, group chat or known 1:1 chat."""
    await uow.outbox.enqueue(
        key=key, conversation_id=conversation_id, activity=message_activity(card=card, text=text)
    )


async def update_card(
    uow: UnitOfWork, *, key: str, replaces: str, conversation_id: str, card: Card
) -> None:
    """Enqueue a replacement of the card sent under key `replaces`.

    Use a fresh `key` per change (e.g. with a version number); pending updates of the same card
    are coalesced by the dispatcher so only the newest is sent.
    """
    await uow.outbox.enqueue(
        key=key,
        kind="update",
        card_ref=replaces,
        conversation_id=conversation_id,
        activity=message_activity(card=card),
    )
