"""Helpers for delivery tests: known conversations, a broadcast in the outbox, waiting for it."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from bot.connector import ConnectorClient
from bot.credentials import NoToken
from bot.dispatcher import Dispatcher, DispatcherConfig
from bot.leader import Term
from bot.throttle import TEAMS_CONVERSATION_WINDOWS, Window
from storage.conversations import ConversationRecord
from storage.database import Database
from storage.models import OutboxMessage, utcnow
from tests.emulator import DEFAULT_TENANT_ID
from tests.support.cardgate import assert_card_ok

BOT_ID = "28:kravbot-test-app"


def conversation_ids(n: int, prefix: str = "a:conv") -> list[str]:
    return [f"{prefix}-{i:04d}" for i in range(n)]


async def add_conversations(
    db: Database, ids: Iterable[str], service_url: str, *, tenant: str = DEFAULT_TENANT_ID
) -> None:
    """Known 1:1 conversations with the emulator as their service URL."""
    async with db.uow() as uow:
        for conversation_id in ids:
            await uow.conversations.save(
                ConversationRecord(
                    id=conversation_id,
                    kind="personal",
                    channel_id="msteams",
                    tenant_id=tenant,
                    team_id=None,
                    teams_channel_id=None,
                    name=None,
                    service_url=service_url,
                    bot_id=BOT_ID,
                    reference={},
                )
            )
        await uow.commit()


async def enqueue_texts(
    db: Database, targets: Sequence[tuple[str, str]], *, chunk: int = 500
) -> None:
    """Enqueue one text message per (key, conversation id); the text is the key."""
    for start in range(0, len(targets), chunk):
        async with db.uow() as uow:
            for key, conversation_id in targets[start : start + chunk]:
                await uow.outbox.enqueue(
                    key=key,
                    conversation_id=conversation_id,
                    activity={"type": "message", "text": key},
                )
            await uow.commit()


async def wait_settled(db: Database, *, timeout: float) -> dict[str, int]:
    """Wait until nothing is pending or being sent; returns the counts by status."""
    deadline = time.monotonic() + timeout
    while True:
        async with db.uow() as uow:
            counts = await uow.outbox.counts()
        if not counts.get("pending") and not counts.get("sending"):
            return counts
        if time.monotonic() > deadline:
            raise TimeoutError(f"outbox not settled after {timeout}s: {counts}")
        await asyncio.sleep(0.1)


async def statuses(db: Database, keys: Sequence[str]) -> dict[str, str]:
    async with db.uow() as uow:
        return await uow.dispatch.statuses(keys)


def delivered(sent: Iterable[dict[str, Any]]) -> Counter[str]:
    """How many times each text reached Teams."""
    return Counter(str(activity.get("text")) for activity in sent)


def dispatcher_for(
    db: Database,
    *,
    windows: Sequence[Window] = TEAMS_CONVERSATION_WINDOWS,
    tenant_rate: int = 30,
    timeout: float = 15.0,
    **config: Any,
) -> tuple[Dispatcher, ConnectorClient]:
    """A dispatcher sending through a real connector client (no token) to the emulator."""
    connector = ConnectorClient(NoToken(), timeout=timeout)
    dispatcher = Dispatcher(
        db,
        connector,
        DispatcherConfig(conversation_windows=tuple(windows), tenant_rate=tenant_rate, **config),
    )
    return dispatcher, connector


async def new_term(db: Database, *, lease: float = 120.0, holder: str = "test") -> Term:
    """Begin a leader's term in the database (fencing every older one), as a leader does."""
    started = time.monotonic()
    async with db.uow() as uow:
        epoch = await uow.dispatch.begin_term(holder, utcnow(), lease)
        await uow.commit()
    return Term(epoch, lease, started, time.monotonic)


async def queued(db: Database, prefix: str) -> list[OutboxMessage]:
    """The outbox rows whose key starts with `prefix`, sent or not."""
    async with db.uow() as uow:
        rows = await uow.outbox.due(datetime(2100, 1, 1, tzinfo=UTC), limit=10_000)
    return [row for row in rows if row.key.startswith(prefix)]


def card_of(activity: dict[str, Any]) -> dict[str, Any]:
    """The one Adaptive Card an activity carries, checked by the card gate."""
    [attachment] = activity["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card: dict[str, Any] = attachment["content"]
    assert_card_ok(card)
    return card
