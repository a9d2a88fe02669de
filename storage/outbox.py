"""Repository of the outbox: proactive sends and card updates, each with an idempotency key."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import event, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from storage.models import OutboxMessage, utcnow
from storage.upsert import upsert_statement

STATUSES = ("pending", "sending", "sent", "superseded", "blocked", "dead")

# Key in `Session.info` of the `EnqueueSignal` of the database the session belongs to (set by
# `storage.database.Database` through its session makers).
SIGNAL_KEY = "kravbot.outbox.signal"
_ENQUEUED = "kravbot.outbox.enqueued"
_LISTENING = "kravbot.outbox.listening"


class EnqueueSignal:
    """Tells subscribers (the dispatcher of this process) that a commit enqueued messages.

    One per `Database`; nothing process-wide. Listeners are called with no arguments, after
    the commit, on the committing thread.
    """

    def __init__(self) -> None:
        self._listeners: list[Callable[[], None]] = []

    def subscribe(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call `listener` after every commit that enqueued messages; returns an unsubscriber."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def notify(self) -> None:
        for listener in list(self._listeners):
            listener()


def _watch(session: Session) -> None:
    """Notify the session's signal after its next commit that follows an enqueue."""
    if session.info.get(_LISTENING):
        return
    session.info[_LISTENING] = True

    def after_commit(committed: Session) -> None:
        if committed.info.pop(_ENQUEUED, False):
            signal = committed.info.get(SIGNAL_KEY)
            if isinstance(signal, EnqueueSignal):
                signal.notify()

    def after_rollback(rolled_back: Session) -> None:
        rolled_back.info.pop(_ENQUEUED, None)

    event.listen(session, "after_commit", after_commit)
    event.listen(session, "after_rollback", after_rollback)


class OutboxRepository:
    """Enqueue in a workflow's transaction; the dispatcher reads and settles rows."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def enqueue(
        self,
        *,
        key: str,
        activity: dict[str, Any],
        conversation_id: str | None = None,
        person_id: int | None = None,
        kind: str = "send",
        card_ref: str | None = None,
        not_before: datetime | None = None,
        report_to: int | None = None,
    ) -> None:
        """Add a message unless one with the same key exists (enqueueing twice is harmless).

        Give exactly one target: a conversation, or a person to reach 1:1. An update names the
        key of the send whose message it replaces in `card_ref`. `report_to`: the person told
        when a 1:1 message cannot be delivered.
        """
        if (conversation_id is None) == (person_id is None):
            raise ValueError("give exactly one of conversation_id and person_id")
        if kind not in ("send", "update"):
            raise ValueError(f"unknown outbox kind {kind!r}")
        if kind == "update" and not card_ref:
            raise ValueError("an update needs card_ref: the key of the message it replaces")
        now = utcnow()
        values = {
            "key": key,
            "kind": kind,
            "conversation_id": conversation_id,
            "person_id": person_id,
            "activity": activity,
            "card_ref": card_ref,
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": not_before or now,
            "created_at": now,
            "report_to": report_to,
        }
        await self._session.execute(
            upsert_statement(self._session, OutboxMessage, values, conflict=["key"], update=[])
        )
        self._session.info[_ENQUEUED] = True
        _watch(self._session.sync_session)

    async def by_id(self, message_id: int) -> OutboxMessage | None:
        """The message with this id, or None."""
        return await self._session.get(OutboxMessage, message_id)

    async def by_key(self, key: str) -> OutboxMessage | None:
        """The message with this key, or None."""
        return await self._session.scalar(select(OutboxMessage).where(OutboxMessage.key == key))

    async def due(self, now: datetime, *, limit: int = 200) -> list[OutboxMessage]:
        """Pending messages whose time has come, oldest first."""
        rows = await self._session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
        return list(rows.all())

    async def counts(self) -> dict[str, int]:
        """How many messages are in each status."""
        rows = await self._session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        )
        return {status: int(count) for status, count in rows.all()}

    async def oldest_pending(self) -> datetime | None:
        """When the oldest pending message was enqueued, or None."""
        return await self._session.scalar(
            select(func.min(OutboxMessage.created_at)).where(OutboxMessage.status == "pending")
        )

    async def failing(self) -> tuple[int, datetime | None, str | None]:
        """Pending messages waiting after transient failures: how many, since when (the
        oldest run of failures), and the newest error."""
        waiting = OutboxMessage.status == "pending", OutboxMessage.failing_since.is_not(None)
        row = (
            await self._session.execute(
                select(func.count(), func.min(OutboxMessage.failing_since)).where(*waiting)
            )
        ).one()
        error = await self._session.scalar(
            select(OutboxMessage.last_error)
            .where(*waiting)
            .order_by(OutboxMessage.failing_since.desc())
            .limit(1)
        )
        return int(row[0] or 0), row[1], error

    async def requeue_dead(self) -> int:
        """Give dead messages another round of attempts; returns how many."""
        result = await self._session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.status == "dead")
            .values(
                status="pending",
                attempts=0,
                next_attempt_at=utcnow(),
                last_error=None,
                failing_since=None,
                claim_epoch=None,
            )
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def for_keys(self, keys: Sequence[str]) -> list[OutboxMessage]:
        """The messages with these keys."""
        if not keys:
            return []
        rows = await self._session.scalars(
            select(OutboxMessage).where(OutboxMessage.key.in_(list(keys)))
        )
        return list(rows.all())
