"""The dispatcher: sends what workflows put in the outbox, within Teams' limits, exactly once.

One asyncio task (the loop) looks for targets (a conversation, or a person reached 1:1) with
due messages and starts one *lane* per target, at most `max_lanes` at once. A lane sends its
target's messages in order:

1. wait until the conversation's windows have room (no resources held);
2. take one of `concurrency` send slots, then **claim** the row: `sending`, committed;
3. pass the tenant-wide gate (a FIFO lock per tenant; the holder sleeps until the tenant's
   window has room, so waiting lanes never spin), record the send in both pacers;
4. call Teams; record `sent` (with the activity id), a retry with backoff, `dead`, or `blocked`.

A row is `sending` in the database before its HTTP request starts, so no other dispatcher and
no later pass sends it again. A crash between Teams accepting and us recording `sent` leaves
the row `sending`; at the next start it goes back to `pending` and is sent again: the only
duplicate window. A send slot is held from the claim until the outcome is committed, so at most
`concurrency` rows are ever `sending`: a crash duplicates at most that many messages, each at
most once (with the default of 1: at most one duplicate per crash).

Card updates (`kind == update`) replace the message sent under `card_ref`: they wait until that
message has an activity id, and of several pending updates of one card only the newest is sent
(the older ones become `superseded`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Literal, Protocol

from bot.config import Settings
from bot.connector import ConnectorError
from bot.retry import backoff_delay
from bot.throttle import Pacer, Window, parse_windows
from storage.conversations import ConversationRecord
from storage.database import Database
from storage.models import utcnow
from storage.outbox import on_enqueued
from storage.outbox_dispatch import DispatchRepository, Outgoing, Target

log = logging.getLogger(__name__)

Clock = Callable[[], float]
_DEFAULT_TENANT = "-"


class Sender(Protocol):
    """The Bot Connector calls the dispatcher makes (`bot.connector.ConnectorClient`)."""

    async def send(
        self, service_url: str, conversation_id: str, activity: dict[str, Any]
    ) -> str: ...

    async def update(
        self, service_url: str, conversation_id: str, activity_id: str, activity: dict[str, Any]
    ) -> None: ...

    async def create_conversation(
        self, service_url: str, parameters: dict[str, Any]
    ) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class DispatcherConfig:
    """Limits and knobs; `from_settings` reads them from the environment's settings."""

    conversation_windows: tuple[Window, ...]
    tenant_rate: int = 30
    tenant_seconds: float = 1.0
    max_attempts: int = 8
    retry_base: float = 1.0
    retry_cap: float = 300.0
    concurrency: int = 1
    poll_interval: float = 0.5
    max_lanes: int = 256
    batch: int = 20
    # Added to every window: absorbs the spread between our clock and when Teams counts.
    margin: float = 0.02

    @classmethod
    def from_settings(cls, settings: Settings) -> DispatcherConfig:
        return cls(
            conversation_windows=parse_windows(settings.conversation_limits),
            tenant_rate=settings.tenant_rate,
            max_attempts=settings.outbox_max_attempts,
            retry_base=settings.outbox_retry_base,
            retry_cap=settings.outbox_retry_cap,
            concurrency=settings.outbox_concurrency,
            poll_interval=settings.outbox_poll_interval,
            margin=settings.pacing_margin,
        )


@dataclass(slots=True)
class _Route:
    conversation_id: str
    service_url: str
    tenant: str


class _NoRoute(Exception):
    """The message cannot be delivered: settle it with this status and reason."""

    def __init__(self, status: Literal["dead", "blocked"], reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(slots=True)
class DispatcherStats:
    """Counters since start (for /readyz, logs and tests)."""

    sent: int = 0
    updated: int = 0
    retried: int = 0
    dead: int = 0
    blocked: int = 0
    superseded: int = 0
    created_conversations: int = 0
    throttled: int = 0
    by_status: dict[int, int] = field(default_factory=dict)


class Dispatcher:
    """Sends the outbox; `start()` once this process leads, `stop()` to let in-flight sends end."""

    def __init__(
        self,
        db: Database,
        sender: Sender,
        config: DispatcherConfig,
        *,
        clock: Clock = time.monotonic,
    ) -> None:
        self._db = db
        self._sender = sender
        self.config = config
        self._clock = clock
        self._conversations = Pacer(config.conversation_windows, margin=config.margin)
        self._tenants = Pacer(
            (Window(config.tenant_rate, config.tenant_seconds),), margin=config.margin
        )
        self._tenant_gates: dict[str, asyncio.Lock] = {}
        self._conversation_locks: dict[str, asyncio.Lock] = {}
        self._slots = asyncio.Semaphore(config.concurrency)
        self._wake = asyncio.Event()
        self._lanes: dict[Target, asyncio.Task[None]] = {}
        self._in_flight: set[asyncio.Task[None]] = set()
        self._claimed: set[int] = set()
        self._loop_task: asyncio.Task[None] | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._stopping = False
        # Counts in-process enqueue notifications; a lane that ends after one arrived during
        # its life wakes the loop (the loop skipped that target while the lane was running).
        self._generation = 0
        self._started_at: dict[asyncio.Task[None], int] = {}
        self.stats = DispatcherStats()

    # ------------------------------------------------------------------ lifecycle

    @property
    def running(self) -> bool:
        return self._loop_task is not None and not self._loop_task.done()

    async def start(self) -> None:
        """Recover rows a crash left `sending`, then run the loop in the background."""
        if self.running:
            return
        self._stopping = False
        async with self._db.uow() as uow:
            recovered = await DispatchRepository(uow.session).reset_sending()
            await uow.commit()
        if recovered:
            log.warning(
                "outbox: %d message(s) were being sent when the last dispatcher stopped; "
                "sending them again (Teams may show a duplicate of each at most once)",
                recovered,
            )
        loop = asyncio.get_running_loop()

        def wake() -> None:
            loop.call_soon_threadsafe(self._enqueued)

        self._unsubscribe = on_enqueued(wake)
        self._loop_task = asyncio.create_task(self._run(), name="outbox-dispatcher")

    def _enqueued(self) -> None:
        self._generation += 1
        self._wake.set()

    def poke(self) -> None:
        """Look at the outbox now rather than at the next poll."""
        self._wake.set()

    async def stop(self, timeout: float = 10.0) -> None:
        """Stop taking messages; sends already on the wire get `timeout` seconds to finish."""
        self._stopping = True
        self._wake.set()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._loop_task is not None:
            self._loop_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop_task
            self._loop_task = None
        lanes = list(self._lanes.values())
        for lane in lanes:
            if lane not in self._in_flight:
                lane.cancel()
        if lanes:
            _, late = await asyncio.wait(lanes, timeout=timeout)
            for lane in late:
                lane.cancel()
            await asyncio.gather(*lanes, return_exceptions=True)
        self._lanes.clear()
        if self._claimed:
            ids, self._claimed = sorted(self._claimed), set()
            async with self._db.uow() as uow:
                await DispatchRepository(uow.session).release(ids)
                await uow.commit()

    async def pending(self) -> int:
        """Messages waiting (pending or being sent)."""
        async with self._db.uow() as uow:
            return await DispatchRepository(uow.session).pending_count()

    # ------------------------------------------------------------------ the loop

    async def _run(self) -> None:
        last_prune = self._clock()
        while not self._stopping:
            self._wake.clear()
            try:
                await self._start_lanes()
            except Exception:
                log.exception("outbox: could not read due messages; trying again")
            now = self._clock()
            if now - last_prune > 60:
                self._conversations.prune(now)
                self._tenants.prune(now)
                last_prune = now
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.config.poll_interval)

    async def _start_lanes(self) -> None:
        room = self.config.max_lanes - len(self._lanes)
        if room <= 0:
            return
        now = utcnow()
        async with self._db.uow() as uow:
            repo = DispatchRepository(uow.session)
            due = await repo.due_targets(now, limit=self.config.max_lanes + len(self._lanes))
            new = [(target, count) for target, count in due if target not in self._lanes][:room]
            if not new:
                return
            # One query for the first messages of every new lane, not one per lane.
            limit = sum(min(count, self.config.batch) for _, count in new)
            first = await repo.due_for_targets([t for t, _ in new], now, limit=limit)
            known = await repo.conversations([c for (c, _), _ in new if c is not None])
            routes = {
                c.id: _Route(c.id, c.service_url, c.tenant_id or _DEFAULT_TENANT)
                for c in known.values()
                if c.blocked_at is None
            }
        for target, count in new:
            messages = first.get(target, [])
            route = routes.get(target[0]) if target[0] is not None else None
            task = asyncio.create_task(
                self._lane(target, messages, more=count > len(messages), route=route),
                name=f"outbox-lane-{target}",
            )
            self._lanes[target] = task
            self._started_at[task] = self._generation
            task.add_done_callback(self._lane_done)

    def _lane_done(self, task: asyncio.Task[None]) -> None:
        for target, lane in list(self._lanes.items()):
            if lane is task:
                del self._lanes[target]
        failed = not task.cancelled() and task.exception() is not None
        if failed:
            log.error("outbox lane failed", exc_info=task.exception())
        missed = self._started_at.pop(task, self._generation) != self._generation
        # Room for a lane the loop could not start before, or news it skipped: look again now.
        full = len(self._lanes) >= self.config.max_lanes - 1
        if not self._stopping and (failed or missed or full):
            self._wake.set()

    async def _lane(
        self, target: Target, first: list[Outgoing], *, more: bool, route: _Route | None = None
    ) -> None:
        messages = first
        while not self._stopping:
            for message in messages:
                if self._stopping:
                    return
                try:
                    if route is None:
                        route = await self._route(message)
                    if not await self._deliver(message, route):
                        return
                except _NoRoute as no_route:
                    await self._settle(message.id, no_route.status, no_route.reason)
                except ConnectorError as exc:
                    # Creating the 1:1 conversation failed: that counts as an attempt to send.
                    await self._after_failure(message, message.attempts + 1, exc, None)
                    return
            if not more and messages:
                return  # everything that was due when the lane started is done
            async with self._db.uow() as uow:
                messages = await DispatchRepository(uow.session).due_for(
                    target, utcnow(), limit=self.config.batch
                )
            if not messages:
                return
            more = True

    # ------------------------------------------------------------------ routes

    async def _route(self, message: Outgoing) -> _Route:
        async with self._db.uow() as uow:
            repo = DispatchRepository(uow.session)
            if message.conversation_id is not None:
                conversation = await repo.conversation(message.conversation_id)
                if conversation is None:
                    raise _NoRoute("dead", f"unknown conversation {message.conversation_id}")
                if conversation.blocked_at is not None:
                    raise _NoRoute("blocked", "the conversation blocked the bot")
                return _Route(
                    conversation.id,
                    conversation.service_url,
                    conversation.tenant_id or _DEFAULT_TENANT,
                )
            assert message.person_id is not None
            person = await repo.person(message.person_id)
            if person is None:
                raise _NoRoute("dead", f"unknown person {message.person_id}")
            if person.personal_conversation_id:
                conversation = await repo.conversation(person.personal_conversation_id)
                if conversation is not None:
                    if conversation.blocked_at is not None:
                        raise _NoRoute("blocked", "the person blocked the bot")
                    return _Route(
                        conversation.id,
                        conversation.service_url,
                        conversation.tenant_id or _DEFAULT_TENANT,
                    )
            member = person.teams_user_id or person.aad_object_id
            if not member:
                raise _NoRoute("dead", f"person {person.id} has no Teams or Entra id")
            known = await repo.conversation_in_tenant(person.tenant_id)
            if known is None:
                raise _NoRoute("dead", f"no known conversation in the tenant of person {person.id}")
            tenant = person.tenant_id or known.tenant_id
            service_url, bot_id, person_id = known.service_url, known.bot_id, person.id
        if not tenant:
            raise _NoRoute("dead", f"no tenant known for person {person_id}")
        parameters = {
            "bot": {"id": bot_id},
            "members": [{"id": member}],
            "channelData": {"tenant": {"id": tenant}},
            "isGroup": False,
        }
        await self._pass_tenant_gate(tenant, None)
        created = await self._sender.create_conversation(service_url, parameters)
        conversation_id = str(created.get("id") or "")
        if not conversation_id:
            raise ConnectorError(0, "NoConversationId", "createConversation gave no id")
        async with self._db.uow() as uow:
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
                    bot_id=bot_id,
                    reference={
                        "bot": {"id": bot_id},
                        "user": {"id": member},
                        "conversation": {
                            "id": conversation_id,
                            "conversationType": "personal",
                            "tenantId": tenant,
                        },
                        "channelId": "msteams",
                        "serviceUrl": service_url,
                    },
                )
            )
            await DispatchRepository(uow.session).link_personal(person_id, conversation_id)
            await uow.commit()
        self.stats.created_conversations += 1
        log.info("outbox: created the 1:1 conversation of person %s", person_id)
        return _Route(conversation_id, service_url, tenant)

    # ------------------------------------------------------------------ one message

    async def _deliver(self, message: Outgoing, route: _Route) -> bool:
        """Send one message; False when the lane should stop (blocked, stopping)."""
        replaces: str | None = None
        if message.kind == "update":
            replaces = await self._prepare_update(message)
            if replaces is None:
                return True
        key = route.conversation_id
        # 1. the conversation's own windows, holding nothing.
        wait = self._conversations.wait(key, self._clock())
        while wait > 0:  # a computed deadline, not a condition to poll
            await asyncio.sleep(wait)
            wait = self._conversations.wait(key, self._clock())
        lock = self._conversation_locks.setdefault(key, asyncio.Lock())
        # A send slot is held from the claim until the outcome is committed: the rows that a
        # crash can leave `sending` are exactly those holding a slot, so `concurrency` bounds
        # the duplicates a crash can cause (1, the default: at most one per crash).
        async with lock, self._slots:
            # 2. claim: committed before anything goes to Teams.
            async with self._db.uow() as uow:
                claimed = await DispatchRepository(uow.session).claim(
                    message.id, utcnow(), conversation_id=route.conversation_id
                )
                await uow.commit()
            if not claimed:
                return True
            self._claimed.add(message.id)
            # 3. the tenant-wide gate (and the conversation again, to the same instant).
            await self._pass_tenant_gate(route.tenant, key)
            if self._stopping:
                return False
            # 4. on the wire: from here a stop waits for the answer and its record.
            current = asyncio.current_task()
            assert current is not None
            self._in_flight.add(current)
            self._claimed.discard(message.id)
            try:
                try:
                    activity_id = await self._call(message, route, replaces)
                except ConnectorError as exc:
                    self._count(exc.status)
                    return await self._after_failure(message, message.attempts + 1, exc, route)
                except Exception as exc:  # a bug must not kill the lane silently
                    log.exception("outbox: unexpected failure sending %s", message.key)
                    failure = ConnectorError(0, type(exc).__name__, str(exc))
                    return await self._after_failure(message, message.attempts + 1, failure, route)
                self._count(200)
                async with self._db.uow() as uow:
                    await DispatchRepository(uow.session).sent(message.id, activity_id, utcnow())
                    await uow.commit()
                if replaces is None:
                    self.stats.sent += 1
                else:
                    self.stats.updated += 1
                return not self._stopping
            finally:
                self._in_flight.discard(current)

    async def _call(self, message: Outgoing, route: _Route, replaces: str | None) -> str:
        if replaces is None:
            return await self._sender.send(
                route.service_url, route.conversation_id, message.activity
            )
        await self._sender.update(
            route.service_url, route.conversation_id, replaces, message.activity
        )
        return replaces

    async def _prepare_update(self, message: Outgoing) -> str | None:
        """The activity id an update replaces, or None when it is not to be sent now."""
        assert message.card_ref is not None
        async with self._db.uow() as uow:
            repo = DispatchRepository(uow.session)
            original = await repo.original(message.card_ref)
            if original is None:
                await repo.settle(message.id, "dead", f"no message with key {message.card_ref}")
                await uow.commit()
                self.stats.dead += 1
                return None
            if original.status in ("dead", "blocked", "superseded"):
                await repo.settle(
                    message.id, original.status, f"the original message is {original.status}"
                )
                await uow.commit()
                return None
            if original.activity_id is None:
                until = max(original.next_attempt_at, utcnow() + timedelta(seconds=1))
                await repo.postpone(message.id, until, "waiting for the original to be sent")
                await uow.commit()
                return None
            newest = await repo.newest_update(message.card_ref)
            superseded = 0
            if newest is not None:
                superseded = await repo.supersede_older(message.card_ref, newest.id)
            await uow.commit()
            self.stats.superseded += superseded
            if newest is not None and newest.id != message.id:
                return None  # this one is superseded; the newest comes later in the lane
            return original.activity_id

    async def _pass_tenant_gate(self, tenant: str, conversation: str | None) -> None:
        gate = self._tenant_gates.setdefault(tenant, asyncio.Lock())
        async with gate:
            while True:
                now = self._clock()
                wait = self._tenants.wait(tenant, now)
                if conversation is not None:
                    wait = max(wait, self._conversations.wait(conversation, now))
                if wait <= 0:
                    break
                await asyncio.sleep(wait)
            self._tenants.record(tenant, now)
            if conversation is not None:
                self._conversations.record(conversation, now)

    async def _after_failure(
        self, message: Outgoing, attempt: int, exc: ConnectorError, route: _Route | None
    ) -> bool:
        """Record a failed attempt; False when the lane should stop."""
        reason = f"attempt {attempt}: {exc}"
        async with self._db.uow() as uow:
            repo = DispatchRepository(uow.session)
            if exc.blocked and route is not None:
                count = await repo.block_conversation(route.conversation_id, utcnow(), reason)
                await uow.commit()
                self.stats.blocked += count
                log.warning(
                    "outbox: conversation %s blocked the bot; %d message(s) not sent",
                    route.conversation_id,
                    count,
                )
                return False
            if exc.status == 429:
                self.stats.throttled += 1
                if route is not None:
                    hold = exc.retry_after if exc.retry_after is not None else 1.0
                    self._conversations.hold(route.conversation_id, self._clock() + hold)
            if not exc.retryable or attempt >= self.config.max_attempts:
                why = "not retryable" if not exc.retryable else "too many attempts"
                await repo.settle(message.id, "dead", f"{why}; {reason}", attempts=attempt)
                await uow.commit()
                self.stats.dead += 1
                log.error("outbox: gave up on %s (%s)", message.key, reason)
                return True
            delay = backoff_delay(
                attempt,
                retry_after=exc.retry_after,
                base=self.config.retry_base,
                cap=self.config.retry_cap,
            )
            await repo.retry(
                message.id, utcnow() + timedelta(seconds=delay), reason, attempts=attempt
            )
            await uow.commit()
        self.stats.retried += 1
        log.info("outbox: %s failed (%s); retry in %.2fs", message.key, exc, delay)
        return True

    async def _settle(self, message_id: int, status: str, reason: str) -> None:
        async with self._db.uow() as uow:
            await DispatchRepository(uow.session).settle(message_id, status, reason)
            await uow.commit()
        if status == "dead":
            self.stats.dead += 1
            log.error("outbox: message %s is dead: %s", message_id, reason)
        elif status == "blocked":
            self.stats.blocked += 1

    def _count(self, status: int) -> None:
        self.stats.by_status[status] = self.stats.by_status.get(status, 0) + 1
