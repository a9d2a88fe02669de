"""The dispatcher's side of the outbox: terms, claiming, settling, coalescing, blocking.

Every state change of a message is its own short committed transaction, made by the caller's
unit of work (`uow.dispatch`). A message is marked `sending` and committed *before* it goes to
Teams, so a second dispatcher (or a restart) never sends it again, except for the one
documented case: rows left `sending` by a crash are sent again once their term is over.

**Terms (fencing).** Each leader's time of delivery is a row of `delivery_terms` with an
increasing `epoch`. A new term fences every older one (`fenced_at`); a claim first reads its
own term row `FOR SHARE` and claims nothing once it is fenced, so after the fencing commit an
old leader claims nothing more (on PostgreSQL the fencing UPDATE waits for claims in progress).
Rows keep the epoch that claimed them. A term is *over* when its holder ended it (`ended_at`:
nothing of it was left on the wire) or its lease ran out (`lease_until`: its holder puts
nothing on the wire unless its lease covers the whole request). `recover` resets only rows of
terms that are over: never a row an old leader may still be sending.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from storage.models import Conversation, DeliveryTerm, OutboxMessage, Person

Claim = Literal["claimed", "gone", "fenced"]

# Where a message goes: a conversation id, or a person reached 1:1 (exactly one is set).
Target = tuple[str | None, int | None]


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A message as the dispatcher needs it, detached from any session."""

    id: int
    key: str
    kind: str
    conversation_id: str | None
    person_id: int | None
    activity: dict[str, Any]
    card_ref: str | None
    attempts: int
    failing_since: datetime | None = None
    # When the row was enqueued: the start of its delivery latency (metrics).
    created_at: datetime | None = None


def _outgoing(row: OutboxMessage) -> Outgoing:
    return Outgoing(
        row.id,
        row.key,
        row.kind,
        row.conversation_id,
        row.person_id,
        dict(row.activity),
        row.card_ref,
        row.attempts,
        row.failing_since,
        row.created_at,
    )


class DispatchRepository:
    """Queries and state changes of the dispatcher; no commit here (the unit of work commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    # ------------------------------------------------------------------ terms

    async def begin_term(self, holder: str, now: datetime, lease: float) -> int:
        """Start a new term (the next epoch) and fence every older one; returns the epoch."""
        result = await self._session.execute(
            insert(DeliveryTerm)
            .values(
                holder=holder[:200],
                started_at=now,
                lease_until=now + timedelta(seconds=lease),
            )
            .returning(DeliveryTerm.epoch)
        )
        epoch = int(result.scalar_one())
        await self._session.execute(
            update(DeliveryTerm)
            .where(DeliveryTerm.epoch < epoch, DeliveryTerm.fenced_at.is_(None))
            .values(fenced_at=now)
        )
        return epoch

    async def renew_term(self, epoch: int, until: datetime) -> bool:
        """Extend the lease of a term that is neither fenced nor ended; False if it is."""
        result = await self._session.execute(
            update(DeliveryTerm)
            .where(
                DeliveryTerm.epoch == epoch,
                DeliveryTerm.fenced_at.is_(None),
                DeliveryTerm.ended_at.is_(None),
            )
            .values(lease_until=until)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def end_term(self, epoch: int, now: datetime) -> None:
        """The holder stopped with nothing on the wire: its rows may be sent again at once."""
        await self._session.execute(
            update(DeliveryTerm)
            .where(DeliveryTerm.epoch == epoch, DeliveryTerm.ended_at.is_(None))
            .values(ended_at=now, fenced_at=func.coalesce(DeliveryTerm.fenced_at, now))
        )

    async def recover(self, epoch: int, now: datetime) -> int:
        """Put rows left `sending` by terms that are over back to `pending`; returns how many.

        Over: ended by its holder, or its lease ran out before `now`. Rows of live terms
        (another leader still finishing what it has on the wire) are left alone.
        """
        over = select(DeliveryTerm.epoch).where(
            DeliveryTerm.epoch != epoch,
            or_(DeliveryTerm.ended_at.is_not(None), DeliveryTerm.lease_until < now),
        )
        result = await self._session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.status == "sending",
                or_(OutboxMessage.claim_epoch.is_(None), OutboxMessage.claim_epoch.in_(over)),
            )
            .values(
                status="pending",
                claim_epoch=None,
                last_error="interrupted while sending (crash or stop)",
            )
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def sending_of_live_terms(self, epoch: int, now: datetime) -> int:
        """Rows other terms still have `sending` whose lease has not run out (for tests, logs)."""
        live = select(DeliveryTerm.epoch).where(
            DeliveryTerm.epoch != epoch,
            DeliveryTerm.ended_at.is_(None),
            DeliveryTerm.lease_until >= now,
        )
        count = await self._session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.status == "sending", OutboxMessage.claim_epoch.in_(live))
        )
        return int(count or 0)

    # ------------------------------------------------------------------ messages

    async def due_targets(self, now: datetime, *, limit: int) -> list[tuple[Target, int]]:
        """Targets with due pending messages and how many, the one waiting longest first."""
        oldest = func.min(OutboxMessage.id)
        rows = await self._session.execute(
            select(OutboxMessage.conversation_id, OutboxMessage.person_id, func.count())
            .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
            .group_by(OutboxMessage.conversation_id, OutboxMessage.person_id)
            .order_by(oldest)
            .limit(limit)
        )
        # A message to a person that was retried carries its conversation by now: its target is
        # that conversation (so one lane serves it, whatever the row's origin).
        merged: dict[Target, int] = {}
        for conversation, person, count in rows.all():
            target = (conversation, None if conversation is not None else person)
            merged[target] = merged.get(target, 0) + int(count)
        return list(merged.items())

    async def due_for_targets(
        self, targets: Sequence[Target], now: datetime, *, limit: int
    ) -> dict[Target, list[Outgoing]]:
        """Due pending messages of several targets at once (oldest first), grouped by target."""
        conversations = [c for c, _ in targets if c is not None]
        people = [p for c, p in targets if c is None and p is not None]
        if not conversations and not people:
            return {}
        wanted: list[ColumnElement[bool]] = []
        if conversations:
            wanted.append(OutboxMessage.conversation_id.in_(conversations))
        if people:
            wanted.append(
                OutboxMessage.conversation_id.is_(None) & OutboxMessage.person_id.in_(people)
            )
        rows = await self._session.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.status == "pending",
                OutboxMessage.next_attempt_at <= now,
                or_(*wanted),
            )
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
        grouped: dict[Target, list[Outgoing]] = {}
        for row in rows.all():
            target = (row.conversation_id, None if row.conversation_id else row.person_id)
            grouped.setdefault(target, []).append(_outgoing(row))
        return grouped

    async def next_due(self) -> datetime | None:
        """When the next pending message is due, or None."""
        return await self._session.scalar(
            select(func.min(OutboxMessage.next_attempt_at)).where(OutboxMessage.status == "pending")
        )

    async def due_for(self, target: Target, now: datetime, *, limit: int) -> list[Outgoing]:
        """Due pending messages of one target, in the order they were enqueued."""
        conversation_id, person_id = target
        statement = select(OutboxMessage).where(
            OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now
        )
        if conversation_id is not None:
            statement = statement.where(OutboxMessage.conversation_id == conversation_id)
        else:
            statement = statement.where(
                OutboxMessage.conversation_id.is_(None), OutboxMessage.person_id == person_id
            )
        rows = await self._session.scalars(statement.order_by(OutboxMessage.id).limit(limit))
        return [_outgoing(row) for row in rows.all()]

    async def claim(
        self,
        message_id: int,
        now: datetime,
        *,
        epoch: int,
        conversation_id: str | None = None,
    ) -> Claim:
        """Mark a pending message `sending` for term `epoch` (one more attempt).

        `gone` when it is no longer pending, `fenced` when the term may claim nothing more.
        """
        term = (
            await self._session.execute(
                select(DeliveryTerm.fenced_at, DeliveryTerm.ended_at)
                .where(DeliveryTerm.epoch == epoch)
                .with_for_update(read=True)
            )
        ).first()
        if term is None or term.fenced_at is not None or term.ended_at is not None:
            return "fenced"
        values: dict[str, Any] = {
            "status": "sending",
            "attempts": OutboxMessage.attempts + 1,
            "next_attempt_at": now,
            "claim_epoch": epoch,
        }
        if conversation_id is not None:
            values["conversation_id"] = conversation_id
        result = await self._session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.status == "pending")
            .values(**values)
        )
        return "claimed" if result.rowcount else "gone"  # type: ignore[attr-defined]

    async def release(self, message_ids: Sequence[int], epoch: int) -> int:
        """Undo claims of messages that never went on the wire (a stop while waiting)."""
        if not message_ids:
            return 0
        result = await self._session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id.in_(list(message_ids)),
                OutboxMessage.status == "sending",
                OutboxMessage.claim_epoch == epoch,
            )
            .values(status="pending", attempts=OutboxMessage.attempts - 1, claim_epoch=None)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def newest_update(self, card_ref: str) -> Outgoing | None:
        """The newest pending update of a card."""
        row = await self._session.scalar(
            select(OutboxMessage)
            .where(
                OutboxMessage.kind == "update",
                OutboxMessage.card_ref == card_ref,
                OutboxMessage.status == "pending",
            )
            .order_by(OutboxMessage.id.desc())
            .limit(1)
        )
        return None if row is None else _outgoing(row)

    async def supersede_older(self, card_ref: str, newest_id: int) -> int:
        """Mark pending updates of a card older than `newest_id` superseded; returns how many."""
        result = await self._session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.kind == "update",
                OutboxMessage.card_ref == card_ref,
                OutboxMessage.status == "pending",
                OutboxMessage.id < newest_id,
            )
            .values(status="superseded", last_error=f"superseded by message {newest_id}")
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def original(self, key: str) -> OutboxMessage | None:
        """The message sent under `key` (what an update replaces)."""
        return await self._session.scalar(select(OutboxMessage).where(OutboxMessage.key == key))

    async def postpone(self, message_id: int, until: datetime, reason: str) -> None:
        """Leave a pending message for later without counting an attempt."""
        await self._session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.status == "pending")
            .values(next_attempt_at=until, last_error=reason[:1000])
        )

    async def sent(self, message_id: int, activity_id: str, now: datetime, *, epoch: int) -> bool:
        """Teams accepted the message (claimed by `epoch`); False if the claim was lost."""
        result = await self._session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.claim_epoch == epoch)
            .values(
                status="sent",
                activity_id=activity_id,
                sent_at=now,
                last_error=None,
                failing_since=None,
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def retry(
        self, message_id: int, at: datetime, error: str, *, attempts: int, failing_since: datetime
    ) -> None:
        """Try again at `at`; `attempts` made so far, failing since `failing_since`."""
        await self._session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .values(
                status="pending",
                next_attempt_at=at,
                last_error=error[:1000],
                attempts=attempts,
                failing_since=failing_since,
                claim_epoch=None,
            )
        )

    async def settle(
        self, message_id: int, status: str, reason: str, *, attempts: int | None = None
    ) -> None:
        """End a message without sending it: `dead`, `blocked` or `superseded`."""
        values: dict[str, Any] = {"status": status, "last_error": reason[:1000]}
        if attempts is not None:
            values["attempts"] = attempts
        await self._session.execute(
            update(OutboxMessage).where(OutboxMessage.id == message_id).values(**values)
        )

    async def hasten_failing(self, now: datetime) -> int:
        """Teams answers again: make every message waiting after transient failures due now."""
        result = await self._session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.status == "pending",
                OutboxMessage.failing_since.is_not(None),
                OutboxMessage.next_attempt_at > now,
            )
            .values(next_attempt_at=now)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def block_conversation(self, conversation_id: str, now: datetime, reason: str) -> int:
        """Mark a conversation blocked and every unsent message to it `blocked`."""
        await self._session.execute(
            update(Conversation)
            .where(Conversation.id == conversation_id)
            .values(blocked_at=now, updated_at=now)
        )
        people = select(Person.id).where(Person.personal_conversation_id == conversation_id)
        result = await self._session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.status.in_(("pending", "sending")),
                or_(
                    OutboxMessage.conversation_id == conversation_id,
                    (OutboxMessage.conversation_id.is_(None)) & OutboxMessage.person_id.in_(people),
                ),
            )
            .values(status="blocked", last_error=reason[:1000])
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def conversations(self, conversation_ids: Sequence[str]) -> dict[str, Conversation]:
        """Known conversations by id (the missing ones are left out)."""
        if not conversation_ids:
            return {}
        rows = await self._session.scalars(
            select(Conversation).where(Conversation.id.in_(list(conversation_ids)))
        )
        return {row.id: row for row in rows.all()}

    async def conversation(self, conversation_id: str) -> Conversation | None:
        """A known conversation, or None."""
        return await self._session.get(Conversation, conversation_id)

    async def person(self, person_id: int) -> Person | None:
        """A person, or None."""
        return await self._session.get(Person, person_id)

    async def conversation_in_tenant(self, tenant_id: str | None) -> Conversation | None:
        """The most recently refreshed conversation of a tenant (for its service URL and bot id)."""
        statement = select(Conversation).where(Conversation.service_url != "")
        if tenant_id is not None:
            statement = statement.where(Conversation.tenant_id == tenant_id)
        return await self._session.scalar(
            statement.order_by(Conversation.updated_at.desc()).limit(1)
        )

    async def link_personal(self, person_id: int, conversation_id: str) -> None:
        """Remember a person's 1:1 conversation."""
        await self._session.execute(
            update(Person)
            .where(Person.id == person_id)
            .values(
                personal_conversation_id=conversation_id,
                unreachable_reason=None,
                unreachable_at=None,
            )
        )

    async def mark_unreachable(self, person_id: int, reason: str, now: datetime) -> None:
        """Remember why Teams refused a 1:1 chat with the person (`Reachability`)."""
        await self._session.execute(
            update(Person)
            .where(Person.id == person_id)
            .values(unreachable_reason=reason, unreachable_at=now)
        )

    async def pending_count(self) -> int:
        """How many messages wait to be sent (pending or sending)."""
        count = await self._session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.status.in_(("pending", "sending")))
        )
        return int(count or 0)

    async def statuses(self, keys: Sequence[str]) -> dict[str, str]:
        """Status per key (for tests and tools)."""
        rows = await self._session.execute(
            select(OutboxMessage.key, OutboxMessage.status).where(OutboxMessage.key.in_(keys))
        )
        return {key: status for key, status in rows.all()}
