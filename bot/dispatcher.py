"""The dispatcher: sends what workflows put in the outbox, within Teams' limits, exactly once.

One asyncio task (the loop) looks for targets (a conversation, or a person reached 1:1) with
due messages and starts one *lane* per target, at most `max_lanes` at once. A lane sends its
target's messages in order:

1. wait until the conversation's windows have room (no resources held);
2. take one of `concurrency` send slots, then **claim** the row for this leader's term
   (`sending`, with the term's epoch), committed; a fenced term claims nothing;
3. pass the shared pacer (`bot.throttle.TeamsPacer`: replies to people go first, proactive
   sends of a tenant pass a FIFO gate);
4. only while the term's lease covers the whole request, call Teams (bounded by
   `send_timeout`); record `sent` (with the activity id), a retry with backoff, `dead`, or
   `blocked`.

A row is `sending` in the database before its HTTP request starts, so no other dispatcher and
no later pass sends it again. A crash between Teams accepting and us recording `sent` leaves
the row `sending`; once its term is over (ended, or its lease ran out) it goes back to
`pending` and is sent again: the only duplicate window. A send slot is held from the claim
until the outcome is committed, so at most `concurrency` rows of a term are ever `sending`: a
crash duplicates at most that many messages, each at most once.

Transient failures (429, 412, 5xx, timeouts, no connection) are retried for `retry_budget`
seconds from the first failure of a run, with backoff up to `retry_cap`; other failures end
the message at once. When nothing has succeeded for `outage_after` seconds, Teams is reported
as failing (one WARNING, `health()`); at the first success after it, every message waiting
after a transient failure is made due at once, so the backlog drains within the limits.

Card updates (`kind == update`) replace the message sent under `card_ref`: they wait until that
message has an activity id, and of several pending updates of one card only the newest is sent
(the older ones become `superseded`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Final, Literal, Protocol

from bot import metrics
from bot.config import Settings
from bot.connector import ConnectorError
from bot.leader import Term
from bot.logs import correlated
from bot.retry import backoff_delay
from bot.throttle import TeamsPacer, Window, parse_windows
from cards.texts import language_for
from dialogs.kernel.reachability import report_undelivered
from storage.conversations import ConversationRecord
from storage.database import Database
from storage.models import Conversation, utcnow
from storage.outbox_dispatch import Outgoing, Target
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

Clock = Callable[[], float]
_DEFAULT_TENANT = "-"
# Seconds between looks for rows of terms that are over (crashed or fenced leaders).
RECOVER_EVERY = 2.0
# A send starts only if the term's lease lasts this much longer than `send_timeout`.
LEASE_MARGIN = 2.0


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
    reply_reserve: int = 2
    # Transient failures are retried this long (seconds) from the first failure of a run.
    retry_budget: float = 48 * 3600.0
    retry_base: float = 1.0
    retry_cap: float = 300.0
    # Requests on the wire at once = the most duplicates one crash can cause.
    concurrency: int = 16
    send_timeout: float = 10.0
    # No success for this long (while sends fail) = Teams is failing: reported once.
    outage_after: float = 180.0
    poll_interval: float = 0.5
    max_lanes: int = 256
    batch: int = 20
    # Added to every window: absorbs the spread between our clock and when Teams counts.
    margin: float = 0.02
    # The language of a report to a lead who has chosen none (`KRAVBOT_LANGUAGE`).
    language: str = "nb"

    @classmethod
    def from_settings(cls, settings: Settings) -> DispatcherConfig:
        return cls(
            conversation_windows=parse_windows(settings.conversation_limits),
            tenant_rate=settings.tenant_rate,
            reply_reserve=settings.reply_reserve,
            retry_budget=settings.outbox_retry_budget,
            retry_base=settings.outbox_retry_base,
            retry_cap=settings.outbox_retry_cap,
            concurrency=settings.outbox_concurrency,
            send_timeout=settings.outbox_send_timeout,
            outage_after=settings.outbox_outage_after,
            poll_interval=settings.outbox_poll_interval,
            margin=settings.pacing_margin,
            language=settings.language,
        )

    def pacer(self) -> TeamsPacer:
        """A pacer with these limits (one per process, shared with the replies)."""
        return TeamsPacer(
            self.conversation_windows,
            tenant_rate=self.tenant_rate,
            tenant_seconds=self.tenant_seconds,
            reply_reserve=min(self.reply_reserve, self.tenant_rate - 1),
            margin=self.margin,
        )


@dataclass(slots=True)
class _Route:
    conversation_id: str
    service_url: str
    tenant: str
    # Set for a channel itself (not a thread in it): each post there starts a new thread.
    channel_bot: str | None = None

    @classmethod
    def of(cls, conversation: Conversation) -> _Route:
        channel = conversation.kind == "channel" and ";messageid=" not in conversation.id
        return cls(
            conversation.id,
            conversation.service_url,
            conversation.tenant_id or _DEFAULT_TENANT,
            conversation.bot_id if channel else None,
        )


# Installs Kravbot's Teams app for a user by Entra id; True when it is installed (bot.graph).
AppInstaller = Callable[[str], Awaitable[bool]]


@dataclass(frozen=True, slots=True)
class _NewChat:
    """What creating a person's 1:1 conversation needs."""

    person_id: int
    member: str
    tenant: str
    service_url: str
    bot_id: str
    aad_object_id: str | None = None


# What a refused createConversation says about the person (`vocabulary.Reachability`).
_REFUSALS: Final = {403: "not_installed", 404: "left_tenant"}


class _NoRoute(Exception):
    """The message cannot be delivered: settle it with this status and reason."""

    def __init__(self, status: Literal["dead", "blocked"], reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class _Fenced(Exception):
    """This term may claim nothing more (a newer leader, or the lease is too short)."""


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
    installed_apps: int = 0
    throttled: int = 0
    recovered: int = 0
    by_status: dict[int, int] = field(default_factory=dict)


@dataclass(slots=True)
class _Outage:
    """Whether Teams has been failing: since when nothing succeeded, and the last error."""

    since: float | None = None
    since_utc: datetime | None = None
    last_error: str = ""
    reported: bool = False


class Dispatcher:
    """Sends the outbox; `start(term)` once this process leads, `stop()` to let sends end."""

    def __init__(
        self,
        db: Database,
        sender: Sender,
        config: DispatcherConfig,
        *,
        pacer: TeamsPacer | None = None,
        clock: Clock = time.monotonic,
        installer: AppInstaller | None = None,
    ) -> None:
        self._db = db
        self._sender = sender
        self._installer = installer
        self.config = config
        self._clock = clock
        self.pacer = pacer or config.pacer()
        self._conversation_locks: dict[str, asyncio.Lock] = {}
        self._slots = asyncio.Semaphore(config.concurrency)
        self._wake = asyncio.Event()
        self._lanes: dict[Target, asyncio.Task[None]] = {}
        self._in_flight: set[asyncio.Task[None]] = set()
        self._claimed: set[int] = set()
        self._loop_task: asyncio.Task[None] | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._stopping = False
        self._term: Term | None = None
        self._outage = _Outage()
        # Counts in-process enqueue notifications; a lane that ends after one arrived during
        # its life wakes the loop (the loop skipped that target while the lane was running).
        self._generation = 0
        self._started_at: dict[asyncio.Task[None], int] = {}
        self.stats = DispatcherStats()

    # ------------------------------------------------------------------ lifecycle

    @property
    def running(self) -> bool:
        return self._loop_task is not None and not self._loop_task.done()

    async def start(self, term: Term) -> None:
        """Run the loop in the background for `term` (it recovers rows of ended terms)."""
        if self.running:
            return
        self._stopping = False
        self._term = term
        loop = asyncio.get_running_loop()

        def wake() -> None:
            loop.call_soon_threadsafe(self._enqueued)

        self._unsubscribe = self._db.enqueued.subscribe(wake)
        self._loop_task = asyncio.create_task(self._run(), name="outbox-dispatcher")

    def _enqueued(self) -> None:
        self._generation += 1
        self._wake.set()

    def poke(self) -> None:
        """Look at the outbox now rather than at the next poll."""
        self._wake.set()

    async def stop(self, timeout: float = 10.0) -> bool:
        """Stop taking messages; sends already on the wire get `timeout` seconds to finish.

        True when nothing of this term is left on the wire or claimed (the term may end now).
        """
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
        clean = await self._stop_lanes(timeout)
        if self._claimed and self._term is not None:
            ids, self._claimed = sorted(self._claimed), set()
            try:
                async with asyncio.timeout(timeout), self._db.uow() as uow:
                    await uow.dispatch.release(ids, self._term.epoch)
                    await uow.commit()
            except Exception as exc:  # noqa: BLE001 - the term's lease runs out instead
                log.warning("outbox: could not release %d claim(s): %s", len(ids), exc)
                clean = False
        return clean

    async def _stop_lanes(self, timeout: float) -> bool:
        lanes = list(self._lanes.values())
        for lane in lanes:
            if lane not in self._in_flight:
                lane.cancel()
        clean = True
        if lanes:
            _, late = await asyncio.wait(lanes, timeout=timeout)
            for lane in late:
                clean = False
                lane.cancel()
            await asyncio.gather(*lanes, return_exceptions=True)
        self._lanes.clear()
        return clean

    async def pending(self) -> int:
        """Messages waiting (pending or being sent)."""
        async with self._db.uow() as uow:
            return await uow.dispatch.pending_count()

    def health(self) -> dict[str, Any]:
        """For /readyz: whether Teams has been failing, since when, and the last error."""
        outage = self._outage
        if outage.since is None:
            return {"teams": "ok"}
        failing_for = self._clock() - outage.since
        state = "failing" if failing_for >= self.config.outage_after else "retrying"
        return {
            "teams": state,
            "failing_for": round(failing_for, 1),
            "since": outage.since_utc.isoformat() if outage.since_utc else None,
            "last_error": outage.last_error[:200],
        }

    # ------------------------------------------------------------------ the loop

    async def _run(self) -> None:
        last_prune = last_recover = float("-inf")
        while not self._stopping:
            self._wake.clear()
            now = self._clock()
            try:
                if now - last_recover >= RECOVER_EVERY:
                    last_recover = now
                    await self._recover()
                await self._start_lanes()
            except Exception as exc:  # noqa: BLE001 - the database may be away for a while
                log.warning("outbox: could not read due messages (%s); trying again", exc)
            self._check_outage()
            if now - last_prune > 60:
                self.pacer.prune()
                last_prune = now
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.config.poll_interval)

    async def _recover(self) -> None:
        """Rows left `sending` by terms that are over go back to `pending`."""
        if self._term is None:
            raise RuntimeError("self._term is not set: the caller broke an invariant")
        async with asyncio.timeout(self._db.statement_timeout), self._db.uow() as uow:
            recovered = await uow.dispatch.recover(self._term.epoch, utcnow())
            await uow.commit()
        if recovered:
            self.stats.recovered += recovered
            log.warning(
                "outbox: %d message(s) were being sent when an earlier leader stopped; "
                "sending them again (Teams may show a duplicate of each at most once)",
                recovered,
            )

    async def _start_lanes(self) -> None:
        room = self.config.max_lanes - len(self._lanes)
        if room <= 0:
            return
        now = utcnow()
        async with asyncio.timeout(self._db.statement_timeout), self._db.uow() as uow:
            due = await uow.dispatch.due_targets(
                now, limit=self.config.max_lanes + len(self._lanes)
            )
            new = [(target, count) for target, count in due if target not in self._lanes][:room]
            if not new:
                return
            # One query for the first messages of every new lane, not one per lane.
            limit = sum(min(count, self.config.batch) for _, count in new)
            first = await uow.dispatch.due_for_targets([t for t, _ in new], now, limit=limit)
            known = await uow.dispatch.conversations([c for (c, _), _ in new if c is not None])
            routes = {c.id: _Route.of(c) for c in known.values() if c.blocked_at is None}
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
                except _Fenced:
                    return
                except ConnectorError as exc:
                    # Creating the 1:1 conversation failed: that counts as an attempt to send.
                    await self._note_refusal(message, exc)
                    await self._after_failure(message, message.attempts + 1, exc, None)
                    return
            if not more and messages:
                return  # everything that was due when the lane started is done
            async with self._db.uow() as uow:
                messages = await uow.dispatch.due_for(target, utcnow(), limit=self.config.batch)
            if not messages:
                return
            more = True

    # ------------------------------------------------------------------ routes

    async def _route(self, message: Outgoing) -> _Route:
        """Where a message goes; a person without a 1:1 chat gets one created first."""
        async with self._db.uow() as uow:
            if message.conversation_id is not None:
                return await self._known_route(uow, message.conversation_id)
            if message.person_id is None:
                raise RuntimeError("message.person_id is not set: the caller broke an invariant")
            found = await self._person_route(uow, message.person_id)
        if isinstance(found, _Route):
            return found
        return await self._create_personal(found)

    @staticmethod
    async def _known_route(uow: UnitOfWork, conversation_id: str) -> _Route:
        conversation = await uow.dispatch.conversation(conversation_id)
        if conversation is None:
            raise _NoRoute("dead", f"unknown conversation {conversation_id}")
        if conversation.blocked_at is not None:
            raise _NoRoute("blocked", "the conversation blocked the bot")
        return _Route.of(conversation)

    @staticmethod
    async def _person_route(uow: UnitOfWork, person_id: int) -> _Route | _NewChat:
        """The person's known 1:1 chat, or what creating one needs."""
        person = await uow.dispatch.person(person_id)
        if person is None:
            raise _NoRoute("dead", f"unknown person {person_id}")
        if person.personal_conversation_id:
            conversation = await uow.dispatch.conversation(person.personal_conversation_id)
            if conversation is not None:
                if conversation.blocked_at is not None:
                    raise _NoRoute("blocked", "the person blocked the bot")
                return _Route.of(conversation)
        member = person.teams_user_id or person.aad_object_id
        if not member:
            raise _NoRoute("dead", f"person {person.id} has no Teams or Entra id")
        known = await uow.dispatch.conversation_in_tenant(person.tenant_id)
        if known is None:
            raise _NoRoute("dead", f"no known conversation in the tenant of person {person.id}")
        tenant = person.tenant_id or known.tenant_id
        if not tenant:
            raise _NoRoute("dead", f"no tenant known for person {person.id}")
        return _NewChat(
            person.id, member, tenant, known.service_url, known.bot_id, person.aad_object_id
        )

    async def _note_refusal(self, message: Outgoing, exc: ConnectorError) -> None:
        """Remember why Teams refused a person's 1:1 chat: 403 = the app is not installed for
        them, 404 = the user is gone from the tenant (Teams' documented answers)."""
        reason = "blocked" if exc.blocked else _REFUSALS.get(exc.status)
        if reason is None or message.person_id is None:
            return
        async with self._db.uow() as uow:
            await uow.dispatch.mark_unreachable(message.person_id, reason, utcnow())
            await uow.commit()

    async def _create_personal(self, new: _NewChat) -> _Route:
        parameters = {
            "bot": {"id": new.bot_id},
            "members": [{"id": new.member}],
            "channelData": {"tenant": {"id": new.tenant}},
            "isGroup": False,
        }
        await self.pacer.proactive(new.tenant, None)
        try:
            created = await self._sender.create_conversation(new.service_url, parameters)
        except ConnectorError as exc:
            if not await self._installed_for(new, exc):
                raise
            # Installed just now: Teams takes the 1:1 chat once, and the refusal stands otherwise.
            await self.pacer.proactive(new.tenant, None)
            created = await self._sender.create_conversation(new.service_url, parameters)
        conversation_id = str(created.get("id") or "")
        if not conversation_id:
            raise ConnectorError(0, "NoConversationId", "createConversation gave no id")
        async with self._db.uow() as uow:
            await uow.conversations.save(_personal_record(new, conversation_id))
            await uow.dispatch.link_personal(new.person_id, conversation_id)
            await uow.commit()
        self.stats.created_conversations += 1
        log.info("outbox: created the 1:1 conversation of person %s", new.person_id)
        return _Route(conversation_id, new.service_url, new.tenant)

    async def _installed_for(self, new: _NewChat, exc: ConnectorError) -> bool:
        """Install the app for a person Teams refused with 403 (not installed), when Graph is
        configured; True when Graph installed it."""
        if self._installer is None or exc.status != 403 or exc.blocked or not new.aad_object_id:
            return False
        installed = await self._installer(new.aad_object_id)
        if installed:
            self.stats.installed_apps += 1
            log.info("outbox: installed the Teams app for person %s", new.person_id)
        return installed

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
        wait = self.pacer.conversation_wait(key)
        while wait > 0:  # a computed deadline, not a condition to poll
            await asyncio.sleep(wait)
            wait = self.pacer.conversation_wait(key)
        lock = self._conversation_locks.setdefault(key, asyncio.Lock())
        # A send slot is held from the claim until the outcome is committed: the rows that a
        # crash can leave `sending` are exactly those holding a slot, so `concurrency` bounds
        # the duplicates a crash can cause.
        async with lock, self._slots:
            # 2. claim: committed before anything goes to Teams.
            if not await self._claim(message, route):
                return True
            # 3. the shared pacer (replies first).
            await self.pacer.proactive(route.tenant, key)
            if self._stopping or not self._lease_covers_send():
                return False  # the claim is released at stop (or recovered after the lease)
            # 4. on the wire: from here a stop waits for the answer and its record.
            current = asyncio.current_task()
            if current is None:
                raise RuntimeError("current is not set: the caller broke an invariant")
            self._in_flight.add(current)
            self._claimed.discard(message.id)
            try:
                return await self._send_and_record(message, route, replaces)
            finally:
                self._in_flight.discard(current)

    async def _claim(self, message: Outgoing, route: _Route) -> bool:
        """Claim the row for this term; False if it is gone; `_Fenced` if we may not."""
        term = self._term
        if term is None:
            raise RuntimeError("term is not set: the caller broke an invariant")
        if not self._lease_covers_send():
            raise _Fenced
        async with self._db.uow() as uow:
            claim = await uow.dispatch.claim(
                message.id, utcnow(), epoch=term.epoch, conversation_id=route.conversation_id
            )
            await uow.commit()
        if claim == "fenced":
            if not term.lost:
                log.warning("outbox: a newer leader fenced epoch %d; claiming no more", term.epoch)
            term.lose()
            self._stopping = True
            raise _Fenced
        if claim == "gone":
            return False
        self._claimed.add(message.id)
        return True

    def _lease_covers_send(self) -> bool:
        term = self._term
        return term is not None and term.can_send(self.config.send_timeout + LEASE_MARGIN)

    async def _send_and_record(
        self, message: Outgoing, route: _Route, replaces: str | None
    ) -> bool:
        if self._term is None:
            raise RuntimeError("self._term is not set: the caller broke an invariant")
        # Every log line about this message carries its id, whichever function writes it.
        correlated(f"outbox-{message.id}")
        try:
            async with asyncio.timeout(self.config.send_timeout):
                activity_id = await self._call(message, route, replaces)
        except TimeoutError:
            failure = ConnectorError(0, "Timeout", f"no answer in {self.config.send_timeout} s")
            return await self._after_failure(message, message.attempts + 1, failure, route)
        except ConnectorError as exc:
            self._count(exc.status)
            return await self._after_failure(message, message.attempts + 1, exc, route)
        except Exception as exc:  # a bug must not kill the lane silently
            log.exception("outbox: unexpected failure sending %s", message.key)
            failure = ConnectorError(0, type(exc).__name__, str(exc))
            return await self._after_failure(message, message.attempts + 1, failure, route)
        self._count(200)
        await self._succeeded()
        async with self._db.uow() as uow:
            await uow.dispatch.sent(message.id, activity_id, utcnow(), epoch=self._term.epoch)
            await uow.commit()
        metrics.observe_delivery(message.created_at)
        if replaces is None:
            self.stats.sent += 1
        else:
            self.stats.updated += 1
        return not self._stopping

    async def _call(self, message: Outgoing, route: _Route, replaces: str | None) -> str:
        if replaces is None and route.channel_bot is not None:
            return await self._new_thread(message, route, route.channel_bot)
        if replaces is None:
            return await self._sender.send(
                route.service_url, route.conversation_id, message.activity
            )
        await self._sender.update(
            route.service_url, route.conversation_id, replaces, message.activity
        )
        return replaces

    async def _new_thread(self, message: Outgoing, route: _Route, bot_id: str) -> str:
        """Post to a channel as Teams does for a new post: a conversation created in the
        channel with the message as its first activity (not a reply to an old thread)."""
        parameters = {
            "isGroup": True,
            "bot": {"id": bot_id},
            "channelData": {
                "channel": {"id": route.conversation_id},
                "tenant": {"id": route.tenant},
            },
            "activity": message.activity,
        }
        created = await self._sender.create_conversation(route.service_url, parameters)
        activity_id = str(created.get("activityId") or "")
        if not activity_id:
            raise ConnectorError(0, "NoActivityId", "createConversation gave no activity id")
        return activity_id

    async def _prepare_update(self, message: Outgoing) -> str | None:
        """The activity id an update replaces, or None when it is not to be sent now."""
        if message.card_ref is None:
            raise RuntimeError("message.card_ref is not set: the caller broke an invariant")
        async with self._db.uow() as uow:
            repo = uow.dispatch
            original = await repo.original(message.card_ref)
            if original is None:
                await repo.settle(message.id, "dead", f"no message with key {message.card_ref}")
                await uow.commit()
                self.stats.dead += 1
                metrics.DEAD.inc()
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

    # ------------------------------------------------------------------ failures

    async def _after_failure(
        self, message: Outgoing, attempt: int, exc: ConnectorError, route: _Route | None
    ) -> bool:
        """Record a failed attempt; False when the lane should stop."""
        reason = f"attempt {attempt}: {exc}"
        now = utcnow()
        if exc.blocked and route is not None:
            async with self._db.uow() as uow:
                count = await uow.dispatch.block_conversation(route.conversation_id, now, reason)
                await uow.commit()
            await self._report(message.id)
            self.stats.blocked += count
            log.warning(
                "outbox: conversation %s blocked the bot; %d message(s) not sent",
                route.conversation_id,
                count,
            )
            return False
        if exc.status == 429:
            self.stats.throttled += 1
            metrics.THROTTLED.inc()
            if route is not None:
                self.pacer.hold(
                    route.conversation_id, exc.retry_after if exc.retry_after is not None else 1.0
                )
        failing_since = message.failing_since or now
        if exc.retryable:
            self._failed(str(exc))
        spent = (now - failing_since).total_seconds()
        if not exc.retryable or spent >= self.config.retry_budget:
            why = "not retryable" if not exc.retryable else f"still failing after {spent:.0f} s"
            await self._settle(message.id, "dead", f"{why}; {reason}", attempts=attempt)
            return True
        delay = backoff_delay(
            attempt,
            retry_after=exc.retry_after,
            base=self.config.retry_base,
            cap=self.config.retry_cap,
        )
        async with self._db.uow() as uow:
            await uow.dispatch.retry(
                message.id,
                now + timedelta(seconds=delay),
                reason,
                attempts=attempt,
                failing_since=failing_since,
            )
            await uow.commit()
        self.stats.retried += 1
        metrics.RETRIES.inc()
        log.info("outbox: %s failed (%s); retry in %.2fs", message.key, exc, delay)
        return True

    def _failed(self, error: str) -> None:
        outage = self._outage
        if outage.since is None:
            outage.since = self._clock()
            outage.since_utc = utcnow()
        outage.last_error = error
        self._check_outage()

    def _check_outage(self) -> None:
        outage = self._outage
        if outage.since is None or outage.reported:
            return
        failing_for = self._clock() - outage.since
        if failing_for >= self.config.outage_after:
            outage.reported = True
            log.warning(
                "outbox: Teams has been failing for %.0f s (last error: %s); messages stay "
                "pending and are retried for up to %.0f h",
                failing_for,
                outage.last_error[:200],
                self.config.retry_budget / 3600,
            )

    async def _succeeded(self) -> None:
        outage, self._outage = self._outage, _Outage()
        if outage.since is None:
            return
        failing_for = self._clock() - outage.since
        if not outage.reported and failing_for < min(30.0, self.config.outage_after):
            return
        async with self._db.uow() as uow:
            hastened = await uow.dispatch.hasten_failing(utcnow())
            await uow.commit()
        log.warning(
            "outbox: Teams answers again after %.0f s of failures; %d waiting message(s) due now",
            failing_for,
            hastened,
        )
        self._wake.set()

    async def _settle(
        self, message_id: int, status: str, reason: str, *, attempts: int | None = None
    ) -> None:
        async with self._db.uow() as uow:
            await uow.dispatch.settle(message_id, status, reason, attempts=attempts)
            await uow.commit()
        if status in ("dead", "blocked"):
            await self._report(message_id)
        if status == "dead":
            self.stats.dead += 1
            metrics.DEAD.inc()
            log.error("outbox: message %s is dead: %s", message_id, reason)
        elif status == "blocked":
            self.stats.blocked += 1

    async def _report(self, message_id: int) -> None:
        """Tell the lead a 1:1 message could not be delivered (when the row names one)."""
        async with self._db.uow() as uow:
            if await report_undelivered(uow, message_id, language_for(self.config.language)):
                await uow.commit()

    def _count(self, status: int) -> None:
        self.stats.by_status[status] = self.stats.by_status.get(status, 0) + 1


def _personal_record(new: _NewChat, conversation_id: str) -> ConversationRecord:
    return ConversationRecord(
        id=conversation_id,
        kind="personal",
        channel_id="msteams",
        tenant_id=new.tenant,
        team_id=None,
        teams_channel_id=None,
        name=None,
        service_url=new.service_url,
        bot_id=new.bot_id,
        reference={
            "bot": {"id": new.bot_id},
            "user": {"id": new.member},
            "conversation": {
                "id": conversation_id,
                "conversationType": "personal",
                "tenantId": new.tenant,
            },
            "channelId": "msteams",
            "serviceUrl": new.service_url,
        },
    )
