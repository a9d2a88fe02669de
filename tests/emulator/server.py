"""An in-process emulator of the Teams flavour of the Bot Connector v3 REST API.

It answers what botbuilder's ``ConnectorClient``/``TeamsInfo`` call on the ``serviceUrl``:
send, reply, update and delete activities, createConversation, members, paged members, one
member, team details and team channels. It throttles like Teams, can inject faults, and records
every request so tests can assert on what the bot did.

Routing is done by hand on the raw path: conversation ids such as
``19:abc@thread.tacv2;messageid=123`` arrive percent-encoded (msrest quotes every character,
``/`` included), and splitting the raw path before unquoting each segment is the only way to
keep an encoded ``/`` inside an id from being taken for a separator.

Status codes follow the Bot Connector: 201 for send/reply/createConversation, 200 for update
and delete (delete answers with an empty body, as the REST reference documents).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import itertools
import json
import math
import time
from collections import Counter, deque
from collections.abc import Collection, Iterable, Mapping, Sequence
from http import HTTPStatus
from types import TracebackType
from typing import Self
from urllib.parse import unquote

from aiohttp import web

from .limiter import (
    DEFAULT_CLOCK,
    TEAMS_CREATE_WINDOWS,
    TEAMS_ROSTER_WINDOWS,
    TEAMS_SEND_WINDOWS,
    Clock,
    RateWindow,
    SlidingWindowLimiter,
    acquire_all,
)
from .models import (
    DEFAULT_TENANT_ID,
    JSON,
    ROSTER_OPERATIONS,
    SEND_OPERATIONS,
    Channel,
    Conversation,
    ConversationKind,
    Fault,
    Member,
    Record,
    Team,
)

DEFAULT_MAX_MESSAGE_BYTES = 100 * 1024
PAGE_SIZE_MIN, PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX = 50, 200, 500
_THREAD_MARKER = ";messageid="
_TOKEN_PREFIX = "emu1:"

# Error codes the connector uses for statuses a test injects without naming a code.
_DEFAULT_CODES: dict[int, str] = {
    400: "BadArgument",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    409: "Conflict",
    412: "PreconditionFailed",
    413: "MessageSizeTooBig",
    429: "Throttled",
    500: "InternalServerError",
    502: "BadGateway",
    503: "ServiceUnavailable",
    504: "GatewayTimeout",
}


class ApiError(Exception):
    """An error answer in the Bot Framework ``ErrorResponse`` shape."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        retry_after: float | None = None,
        close_connection: bool = False,
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.retry_after = retry_after
        self.close_connection = close_connection


def infer_kind(conversation_id: str) -> ConversationKind:
    """Guess the conversation type from the shape of a Teams conversation id."""
    if conversation_id.startswith("19:"):
        # Group chats live in "@thread.v2" threads, channels in "@thread.tacv2"/"@thread.skype".
        return "groupChat" if "@thread.v2" in conversation_id else "channel"
    return "personal"


def personal_conversation_id(tenant_id: str, user_id: str) -> str:
    """A stable "a:1..." id per (tenant, user), like the ids Teams hands out for 1:1 chats."""
    digest = hashlib.sha256(f"{tenant_id}\x00{user_id}".encode()).digest()
    return "a:1" + base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


class ConnectorEmulator:
    """Teams Bot Connector v3 emulator on 127.0.0.1.

    Constructor arguments (all keyword-only):

    - ``require_auth``: answer 401 unless ``Authorization: Bearer <something>`` is sent (the
      token is not validated). The header is recorded either way.
    - ``auto_create``: unknown conversations spring into existence on first use (kind guessed
      from the id); with ``False`` they answer 404 ``ConversationNotFound``. Reply threads
      (``<channel>;messageid=N``) of a known conversation always resolve.
    - ``max_message_bytes``: JSON body size beyond which writes get 413 ``MessageSizeTooBig``.
    - ``rate_limits=False`` disables every limit. Otherwise, each may be ``None``:
      ``send_windows`` (per conversation, shared by send, reply, update and delete),
      ``create_windows`` (per created 1:1 conversation), ``roster_windows`` (per
      conversation/team, for members, paged members, one member, team details, channels) and
      ``tenant_limit`` per ``tenant_window_seconds`` (every operation of the tenant). Over a
      limit: 429 ``Throttled`` with ``Retry-After`` in whole seconds rounded up, or in
      milliseconds precision with ``fractional_retry_after=True``.
    - ``clock``: monotonic clock for the limiters and record times (injected delays still
      sleep in real time).
    - ``max_records``: keep only the newest N records; ``keep_bodies=False`` keeps ids only.
    - ``latency``: seconds every answer takes (Teams' own processing time, typically
      0.15-0.3 s); the request is counted against the limits on arrival, answered after.
    - ``outage``: answer every request with this status (e.g. 503) until cleared
      (:meth:`set_outage`), as Teams does when it is down.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        require_auth: bool = False,
        auto_create: bool = True,
        max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES,
        rate_limits: bool = True,
        send_windows: Iterable[RateWindow] | None = TEAMS_SEND_WINDOWS,
        create_windows: Iterable[RateWindow] | None = TEAMS_CREATE_WINDOWS,
        roster_windows: Iterable[RateWindow] | None = TEAMS_ROSTER_WINDOWS,
        tenant_limit: int | None = 30,
        tenant_window_seconds: float = 1.0,
        fractional_retry_after: bool = False,
        clock: Clock = DEFAULT_CLOCK,
        default_tenant_id: str = DEFAULT_TENANT_ID,
        max_records: int | None = None,
        keep_bodies: bool = True,
        latency: float = 0.0,
        outage: int | None = None,
    ) -> None:
        self.host = host
        self.latency = latency
        self.outage = outage
        self._port = port
        self.require_auth = require_auth
        self.auto_create = auto_create
        self.max_message_bytes = max_message_bytes
        self.fractional_retry_after = fractional_retry_after
        self.default_tenant_id = default_tenant_id
        self._clock = clock
        # Benchmarks turn this off: activities are then kept as {"id": ...} stubs (enough for
        # update/delete to find them) and records carry no body, so memory stays small.
        self.keep_bodies = keep_bodies

        def limiter(windows: Iterable[RateWindow] | None) -> SlidingWindowLimiter | None:
            if not rate_limits or windows is None:
                return None
            built = tuple(windows)
            return SlidingWindowLimiter(built) if built else None

        self._send_limiter = limiter(send_windows)
        self._create_limiter = limiter(create_windows)
        self._roster_limiter = limiter(roster_windows)
        self._tenant_limiter = limiter(
            None if tenant_limit is None else (RateWindow(tenant_limit, tenant_window_seconds),)
        )

        self._conversations: dict[str, Conversation] = {}
        self._teams: dict[str, Team] = {}
        self._users: dict[str, Member] = {}  # by "29:" id and by AAD object id
        self._personal_index: dict[tuple[str, str], str] = {}  # (tenant, user id) -> conv id
        self._faults: list[Fault] = []
        # Users for whom Kravbot's app is not installed: each set is one user's ids (29: and AAD).
        self._without_app: list[frozenset[str]] = []

        self.records: deque[Record] = deque(maxlen=max_records)
        self._sent: list[dict[str, JSON]] = []
        self._sent_by_conversation: dict[str, list[dict[str, JSON]]] = {}
        self._sent_count = 0
        self._sent_count_by_conversation: Counter[str] = Counter()
        self._waiters: list[tuple[int, str | None, asyncio.Future[None]]] = []
        self._received = 0
        self._by_status: Counter[int] = Counter()
        self._by_operation: Counter[str] = Counter()
        self._throttled_by_conversation: Counter[str] = Counter()
        # Millisecond-epoch-like ids, as Teams uses for message ids; unique per emulator.
        self._activity_ids = itertools.count(int(time.time() * 1000))
        self._threads: list[str] = []

        self._runner: web.AppRunner | None = None
        self._url: str | None = None

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        if self._runner is not None:
            raise RuntimeError("emulator already started")
        # aiohttp would answer oversized bodies itself with a plain-text 413; leave headroom
        # so that our own size check produces the connector's error body instead.
        app = web.Application(client_max_size=max(4 * self.max_message_bytes, 4 * 1024 * 1024))
        app.router.add_route("*", "/{tail:.*}", self._handle)
        # No access log: a benchmark pushes thousands of requests per second through here.
        # A short lingering time: after a 413 for a body beyond client_max_size aiohttp keeps
        # draining the unread rest, and stop() would otherwise wait the default 10 s for it.
        runner = web.AppRunner(app, access_log=None, handle_signals=False, lingering_time=0.5)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self._port)
        await site.start()
        self._runner = runner
        port = int(runner.addresses[0][1])
        self._port = port
        self._url = f"http://{self.host}:{port}/"

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        for _, _, future in self._waiters:
            if not future.done():
                future.cancel()
        self._waiters.clear()
        if runner is not None:
            await runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        """The serviceUrl to put in activities (ends with ``/``)."""
        if self._url is None:
            raise RuntimeError("emulator not started")
        return self._url

    @property
    def port(self) -> int:
        return self._port

    # ------------------------------------------------------------------ setup

    def add_conversation(
        self,
        conversation_id: str,
        *,
        kind: ConversationKind = "personal",
        members: Sequence[Member] = (),
        tenant_id: str | None = None,
        team_id: str | None = None,
    ) -> Conversation:
        """Register a conversation; a channel of a known team defaults to the team's members."""
        tenant = tenant_id or self.default_tenant_id
        member_list = list(members)
        if not member_list and team_id is not None and team_id in self._teams:
            member_list = list(self._teams[team_id].members)
        conversation = Conversation(
            id=conversation_id, kind=kind, tenant_id=tenant, members=member_list, team_id=team_id
        )
        self._conversations[conversation_id] = conversation
        for member in member_list:
            self._remember_user(member)
        if kind == "personal" and len(member_list) == 1:
            # So that createConversation for this user returns the id the bot already saw.
            self._personal_index[(tenant, member_list[0].id)] = conversation_id
        return conversation

    def add_team(
        self,
        team_id: str,
        name: str,
        members: Sequence[Member],
        channels: Sequence[Channel | tuple[str, str | None]] = (),
        *,
        aad_group_id: str | None = None,
        tenant_id: str | None = None,
    ) -> Team:
        """Register a team; its General channel (id = team id) and channels become conversations."""
        tenant = tenant_id or self.default_tenant_id
        channel_list = [c if isinstance(c, Channel) else Channel(c[0], c[1]) for c in channels]
        if not any(c.id == team_id for c in channel_list):
            channel_list.insert(0, Channel(team_id, None))
        group_id = aad_group_id or str(
            hashlib.sha256(team_id.encode()).hexdigest()[:32]  # stable fake GUID-ish
        )
        team = Team(
            id=team_id,
            name=name,
            aad_group_id=group_id,
            tenant_id=tenant,
            members=list(members),
            channels=channel_list,
        )
        self._teams[team_id] = team
        for channel in channel_list:
            self.add_conversation(
                channel.id, kind="channel", members=team.members, tenant_id=tenant, team_id=team_id
            )
        return team

    def _remember_user(self, member: Member) -> None:
        self._users[member.id] = member
        self._users[member.aad_object_id] = member

    # ------------------------------------------------------------------ faults

    def inject(
        self,
        status: int | None = None,
        *,
        times: int | None = None,
        retry_after: float | None = None,
        delay: float = 0.0,
        code: str | None = None,
        message: str | None = None,
        conversation_id: str | None = None,
        operation: str | Collection[str] | None = None,
        probability: float | None = None,
    ) -> Fault:
        """Make matching requests fail (or answer slowly).

        ``times=None`` keeps the fault until :meth:`clear_faults`/:meth:`remove_fault`;
        otherwise it affects that many matching requests. ``status=None`` with ``delay`` only
        slows the answer, which is then computed normally. A 429 without ``retry_after`` gets
        1 second. ``conversation_id``/``operation`` narrow the match (``None`` = any).
        ``probability`` makes the fault hit only that fraction of matching requests (at
        random). When several faults match, the oldest one applies.
        """
        if status is None and delay <= 0:
            raise ValueError("inject needs a status, a delay, or both")
        if times is not None and times < 1:
            raise ValueError("times must be >= 1 or None (persistent)")
        if status is not None and not 100 <= status <= 599:
            raise ValueError(f"not an HTTP status: {status}")
        if status == 429 and retry_after is None:
            retry_after = 1.0
        fault = Fault(
            status=status,
            code=code,
            message=message,
            retry_after=retry_after,
            delay=delay,
            remaining=times,
            conversation_id=conversation_id,
            operations=Fault.normalize_operations(operation),
            probability=probability,
        )
        self._faults.append(fault)
        return fault

    def set_outage(self, status: int | None) -> None:
        """Answer every API request with `status` (None ends the outage)."""
        self.outage = status

    def remove_fault(self, fault: Fault) -> None:
        if fault in self._faults:
            self._faults.remove(fault)

    def clear_faults(self) -> None:
        self._faults.clear()

    def app_not_installed(self, *user_ids: str) -> None:
        """Refuse a new 1:1 chat with this user (403, as Teams does) until `install_app`."""
        self._without_app.append(frozenset(user_ids))

    def install_app(self, user_id: str) -> None:
        """Kravbot's app is now installed for the user (what Graph's proactive install does)."""
        self._without_app = [ids for ids in self._without_app if user_id not in ids]

    @property
    def faults(self) -> list[Fault]:
        return list(self._faults)

    def _take_fault(self, operation: str, conversation_id: str | None) -> Fault | None:
        base = _base_id(conversation_id) if conversation_id is not None else None
        for fault in self._faults:
            if fault.matches(operation, conversation_id) or (
                base != conversation_id and fault.matches(operation, base)
            ):
                fault.hits += 1
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
                return fault
        return None

    # ------------------------------------------------------------------ inspection

    @property
    def conversations(self) -> Mapping[str, Conversation]:
        return self._conversations

    @property
    def teams(self) -> Mapping[str, Team]:
        return self._teams

    @property
    def activities(self) -> dict[str, dict[str, dict[str, JSON]]]:
        """Current state per conversation: activity id -> content (updated, minus deleted)."""
        return {cid: conv.activities for cid, conv in self._conversations.items()}

    def activity(self, conversation_id: str, activity_id: str) -> dict[str, JSON] | None:
        conversation = self._conversations.get(conversation_id)
        return None if conversation is None else conversation.activities.get(activity_id)

    def sent(self, conversation_id: str | None = None) -> list[dict[str, JSON]]:
        """Message activities accepted by send/reply/createConversation, as sent, in order.

        Always empty with ``keep_bodies=False`` (counts are in :meth:`stats`).
        """
        if conversation_id is None:
            return list(self._sent)
        return list(self._sent_by_conversation.get(conversation_id, ()))

    def count(
        self,
        status: int | None = None,
        *,
        operation: str | None = None,
        conversation_id: str | None = None,
    ) -> int:
        """How many recorded requests match all the given filters."""
        return sum(
            1
            for r in self.records
            if (status is None or r.status == status)
            and (operation is None or r.operation == operation)
            and (conversation_id is None or r.conversation_id == conversation_id)
        )

    async def wait_for_sent(
        self, n: int, timeout: float = 10.0, *, conversation_id: str | None = None
    ) -> list[dict[str, JSON]]:
        """Wait until at least ``n`` message activities were accepted; return them all.

        Raises ``TimeoutError`` saying how many arrived.
        """
        if self._sent_count_in(conversation_id) < n:
            future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            waiter = (n, conversation_id, future)
            self._waiters.append(waiter)
            try:
                await asyncio.wait_for(future, timeout)
            except TimeoutError:
                got = self._sent_count_in(conversation_id)
                where = "" if conversation_id is None else f" in {conversation_id}"
                raise TimeoutError(
                    f"expected {n} accepted sends{where} within {timeout}s, got {got}"
                ) from None
            finally:
                if waiter in self._waiters:
                    self._waiters.remove(waiter)
        return self.sent(conversation_id)

    def _sent_count_in(self, conversation_id: str | None) -> int:
        if conversation_id is None:
            return self._sent_count
        return self._sent_count_by_conversation[conversation_id]

    def stats(self) -> dict[str, JSON]:
        return {
            "received": self._received,
            "accepted": sum(n for s, n in self._by_status.items() if 200 <= s < 300),
            "sent": self._sent_count,
            "throttled": self._by_status.get(429, 0),
            "by_status": {str(s): n for s, n in sorted(self._by_status.items())},
            "by_operation": dict(self._by_operation),
            "throttled_by_conversation": dict(self._throttled_by_conversation),
        }

    def reset(self) -> None:
        """Forget traffic, message state, limiter state and faults; keep conversations/teams."""
        self.records.clear()
        self._sent.clear()
        self._sent_by_conversation.clear()
        self._threads.clear()
        self._sent_count = 0
        self._sent_count_by_conversation.clear()
        self._received = 0
        self._by_status.clear()
        self._by_operation.clear()
        self._throttled_by_conversation.clear()
        self._faults.clear()
        for conversation in self._conversations.values():
            conversation.activities.clear()
        for maybe in (
            self._send_limiter,
            self._create_limiter,
            self._roster_limiter,
            self._tenant_limiter,
        ):
            if maybe is not None:
                maybe.reset()

    # ------------------------------------------------------------------ HTTP

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        raw = request.raw_path
        query_at = raw.find("?")
        path = raw if query_at < 0 else raw[:query_at]
        segments = [unquote(s) for s in path.lstrip("/").split("/")]
        if segments[0] == "_emulator":
            return await self._control(request, segments)

        now = self._clock()
        authorization = request.headers.get("Authorization")
        operation: str | None = None
        conversation_id: str | None = None
        activity_id: str | None = None
        body: JSON = None
        try:
            operation, conversation_id, sub_id = _route(request.method, segments)
            if operation in ("reply", "update", "delete"):
                activity_id = sub_id
            if self.require_auth and not _is_bearer(authorization):
                raise ApiError(
                    401, "Unauthorized", "Authorization has been denied for this request."
                )
            if request.method in ("POST", "PUT"):
                body = await self._read_json(request)
            if operation == "create_conversation":
                conversation_id = self._create_target(body)
            if self.outage is not None:
                raise ApiError(
                    self.outage,
                    _DEFAULT_CODES.get(self.outage, _phrase(self.outage)),
                    "Emulated outage.",
                )
            fault = self._take_fault(operation, conversation_id) if self._faults else None
            if fault is not None:
                if fault.delay > 0:
                    await asyncio.sleep(fault.delay)
                if fault.status is not None:
                    raise ApiError(
                        fault.status,
                        fault.code or _DEFAULT_CODES.get(fault.status, _phrase(fault.status)),
                        fault.message or "Injected fault.",
                        retry_after=fault.retry_after,
                    )
            status, payload = self._dispatch(operation, conversation_id, sub_id, body, request)
        except ApiError as error:
            status = error.status
            payload = {"error": {"code": error.code, "message": error.message}}
            response = _json_response(status, payload)
            if error.retry_after is not None:
                response.headers["Retry-After"] = self._format_retry_after(error.retry_after)
            if error.close_connection:
                # The rest of the body is still on the wire; keeping the connection would leave
                # it half-read and make shutdown wait for it.
                response.force_close()
        else:
            response = _json_response(status, payload)

        self._received += 1
        self._by_status[status] += 1
        if operation is not None:
            self._by_operation[operation] += 1
        if status == 429:
            self._throttled_by_conversation[conversation_id or ""] += 1
        self.records.append(
            Record(
                method=request.method,
                path=path,
                operation=operation,
                conversation_id=conversation_id,
                activity_id=activity_id,
                body=body if self.keep_bodies else None,
                authorization=authorization,
                status=status,
                time=now,
            )
        )
        if self.latency > 0:
            await asyncio.sleep(self.latency)
        return response

    def _format_retry_after(self, seconds: float) -> str:
        # RFC 9110 allows only whole seconds; round up so that honouring it always suffices.
        if self.fractional_retry_after:
            return f"{math.ceil(max(seconds, 0.001) * 1000) / 1000:g}"
        return str(max(1, math.ceil(seconds)))

    async def _read_json(self, request: web.Request) -> JSON:
        try:
            data = await request.read()
        except web.HTTPRequestEntityTooLarge:
            raise ApiError(
                413,
                "MessageSizeTooBig",
                "Activity body exceeds the size limit.",
                close_connection=True,
            ) from None
        if len(data) > self.max_message_bytes:
            raise ApiError(
                413,
                "MessageSizeTooBig",
                f"Activity body is {len(data)} bytes; the limit is {self.max_message_bytes}.",
            )
        if not data:
            raise ApiError(400, "BadSyntax", "Request body is empty.")
        try:
            return json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ApiError(400, "BadSyntax", f"Malformed JSON: {exc}") from None

    def _create_target(self, body: JSON) -> str:
        """Validate a createConversation body; return the 1:1 conversation id it designates."""
        if not isinstance(body, dict):
            raise ApiError(400, "BadArgument", "ConversationParameters must be a JSON object.")
        if body.get("isGroup"):
            return self._thread_target(body)
        members = body.get("members")
        if not isinstance(members, list) or not members:
            raise ApiError(400, "BadArgument", "Conversation members are required.")
        if len(members) != 1:
            raise ApiError(400, "BadArgument", "Bots can only create 1:1 conversations.")
        user = members[0]
        if not isinstance(user, dict) or not isinstance(user.get("id"), str) or not user["id"]:
            raise ApiError(400, "BadArgument", "Member id is required.")
        tenant_id = _tenant_of(body)
        if not tenant_id:
            raise ApiError(400, "BadArgument", "Tenant id is required (channelData.tenant.id).")
        known = self._users.get(user["id"])
        user_id = known.id if known is not None else user["id"]
        return self._personal_index.get((tenant_id, user_id)) or personal_conversation_id(
            tenant_id, user_id
        )

    def _thread_target(self, body: dict[str, JSON]) -> str:
        """A new thread in a channel (Teams: `isGroup`, the channel and a first activity)."""
        channel_data = body.get("channelData")
        channel = channel_data.get("channel") if isinstance(channel_data, dict) else None
        channel_id = channel.get("id") if isinstance(channel, dict) else None
        if not isinstance(channel_id, str) or not channel_id or _THREAD_MARKER in channel_id:
            raise ApiError(400, "BadArgument", "Bots can only create 1:1 conversations.")
        if not _tenant_of(body):
            raise ApiError(400, "BadArgument", "Tenant id is required (channelData.tenant.id).")
        if not isinstance(body.get("activity"), dict):
            raise ApiError(400, "BadArgument", "A new thread needs its first activity.")
        base = self._conversations.get(channel_id)
        if base is None or base.kind != "channel":
            raise ApiError(404, "ConversationNotFound", "Channel not found.")
        return f"{channel_id}{_THREAD_MARKER}{next(self._activity_ids)}"

    def threads(self, channel_id: str) -> list[str]:
        """The threads started in a channel by createConversation, oldest first."""
        return [t for t in self._threads if _base_id(t) == channel_id]

    def _dispatch(
        self,
        operation: str,
        conversation_id: str | None,
        sub_id: str | None,
        body: JSON,
        request: web.Request,
    ) -> tuple[int, JSON]:
        assert conversation_id is not None  # every emulated route names a conversation/team
        if operation in ("get_team", "get_channels"):
            team = self._teams.get(conversation_id)
            if team is None:
                raise ApiError(404, "ConversationNotFound", "Team not found.")
            self._throttle(operation, conversation_id, team.tenant_id)
            if operation == "get_team":
                return 200, team.details_json()
            return 200, {
                "conversations": [
                    {"id": c.id, "name": c.name} if c.name is not None else {"id": c.id}
                    for c in team.channels
                ]
            }

        if operation == "create_conversation":
            return self._create_conversation(conversation_id, body)

        conversation = self._lookup(conversation_id)
        self._throttle(operation, conversation_id, conversation.tenant_id)

        if operation in ("send", "reply"):
            activity = _activity_body(body)
            if operation == "reply":
                activity["replyToId"] = sub_id
            return 201, {"id": self._store_sent(conversation, activity)}
        if operation == "update":
            assert sub_id is not None
            if sub_id not in conversation.activities:
                raise ApiError(404, "ActivityNotFound", f"Activity {sub_id} not found.")
            activity = _activity_body(body) if self.keep_bodies else {}
            activity["id"] = sub_id
            conversation.activities[sub_id] = activity
            return 200, {"id": sub_id}
        if operation == "delete":
            assert sub_id is not None
            if conversation.activities.pop(sub_id, None) is None:
                raise ApiError(404, "ActivityNotFound", f"Activity {sub_id} not found.")
            return 200, None
        if operation == "get_members":
            return 200, [m.to_json() for m in conversation.members]
        if operation == "get_member":
            assert sub_id is not None
            member = conversation.member(sub_id)
            if member is None:
                raise ApiError(
                    404, "MemberNotFoundInConversation", "The member is not in the conversation."
                )
            return 200, member.to_json()
        if operation == "get_paged_members":
            return 200, _page(conversation, request.query)
        raise AssertionError(f"unrouted operation {operation}")

    def _lookup(self, conversation_id: str) -> Conversation:
        conversation = self._conversations.get(conversation_id)
        if conversation is not None:
            return conversation
        base = self._conversations.get(_base_id(conversation_id))
        if base is not None:
            # A reply thread in a channel: same roster and tenant, its own messages.
            return self.add_conversation(
                conversation_id,
                kind=base.kind,
                members=base.members,
                tenant_id=base.tenant_id,
                team_id=base.team_id,
            )
        if self.auto_create:
            return self.add_conversation(conversation_id, kind=infer_kind(conversation_id))
        raise ApiError(404, "ConversationNotFound", "Conversation not found.")

    def _throttle(self, operation: str, conversation_id: str, tenant_id: str) -> None:
        # Teams limits per conversation thread: replies in a channel thread count against the
        # channel, so the key drops ";messageid=...".
        key = _base_id(conversation_id)
        checks: list[tuple[SlidingWindowLimiter, str]] = []
        if operation in SEND_OPERATIONS:
            if self._send_limiter is not None:
                checks.append((self._send_limiter, key))
        elif operation == "create_conversation":
            if self._create_limiter is not None:
                checks.append((self._create_limiter, key))
        elif operation in ROSTER_OPERATIONS and self._roster_limiter is not None:
            checks.append((self._roster_limiter, key))
        if self._tenant_limiter is not None:
            checks.append((self._tenant_limiter, tenant_id))
        if not checks:
            return
        # Read the clock here, with no await before the limiter records it: a time taken at
        # arrival could be older than one another request already logged while this one was
        # reading its body, and the limiter relies on non-decreasing times per key.
        wait = acquire_all(checks, self._clock())
        if wait > 0:
            raise ApiError(
                429,
                "Throttled",
                f"Too many requests; retry after {wait:.3f} s.",
                retry_after=wait,
            )

    def _create_conversation(self, conversation_id: str, body: dict[str, JSON]) -> tuple[int, JSON]:
        tenant_id = _tenant_of(body)
        assert tenant_id is not None  # checked by _create_target
        self._throttle("create_conversation", conversation_id, tenant_id)
        if _THREAD_MARKER in conversation_id:
            return self._create_thread(conversation_id, body)
        conversation = self._conversations.get(conversation_id)
        if conversation is None:
            requested = body["members"][0]
            if any(requested["id"] in ids for ids in self._without_app):
                raise ApiError(403, "Forbidden", "The bot is not installed for this user.")
            member = self._users.get(requested["id"]) or Member(
                id=requested["id"],
                name=str(requested.get("name") or ""),
                aad_object_id=str(requested.get("aadObjectId") or requested["id"]),
                tenant_id=tenant_id,
            )
            conversation = self.add_conversation(
                conversation_id, kind="personal", members=[member], tenant_id=tenant_id
            )
        result: dict[str, JSON] = {"id": conversation_id}
        activity = body.get("activity")
        if isinstance(activity, dict):
            result["activityId"] = self._store_sent(conversation, dict(activity))
        return 201, result

    def _create_thread(self, thread_id: str, body: dict[str, JSON]) -> tuple[int, JSON]:
        """Start the thread; its first message is a post in the channel too (counted there,
        and updated through the channel's id as Teams allows)."""
        channel = self._conversations[_base_id(thread_id)]
        thread = self._lookup(thread_id)
        self._threads.append(thread_id)
        first = body["activity"]
        assert isinstance(first, dict)  # checked by _thread_target
        activity = dict(first)
        activity_id = self._store_sent(thread, activity)
        channel.activities[activity_id] = thread.activities[activity_id]
        self._sent_count_by_conversation[channel.id] += 1
        if self.keep_bodies:
            self._sent_by_conversation.setdefault(channel.id, []).append(activity)
        if self._waiters:
            self._wake_waiters()
        return 201, {"id": thread_id, "activityId": activity_id}

    def _store_sent(self, conversation: Conversation, activity: dict[str, JSON]) -> str:
        activity_id = str(next(self._activity_ids))
        activity["id"] = activity_id
        conversation.activities[activity_id] = activity if self.keep_bodies else {"id": activity_id}
        if activity.get("type", "message") == "message":
            self._sent_count += 1
            self._sent_count_by_conversation[conversation.id] += 1
            if self.keep_bodies:
                self._sent.append(activity)
                self._sent_by_conversation.setdefault(conversation.id, []).append(activity)
            if self._waiters:
                self._wake_waiters()
        return activity_id

    def _wake_waiters(self) -> None:
        for n, conversation_id, future in self._waiters:
            if not future.done() and self._sent_count_in(conversation_id) >= n:
                future.set_result(None)

    async def _control(self, request: web.Request, segments: list[str]) -> web.StreamResponse:
        """Out-of-band endpoints for a benchmark driving the emulator in another process."""
        action = "/".join(segments[1:])
        if action == "stats" and request.method == "GET":
            return _json_response(200, self.stats())
        if action == "reset" and request.method == "POST":
            self.reset()
            return _json_response(200, {"ok": True})
        if action == "latency" and request.method == "POST":
            spec = json.loads(await request.read())
            self.latency = float(spec["seconds"])
            return _json_response(200, {"ok": True})
        if action == "outage" and request.method == "POST":
            spec = json.loads(await request.read())
            self.set_outage(None if spec.get("status") is None else int(spec["status"]))
            return _json_response(200, {"ok": True})
        if action == "faults" and request.method == "DELETE":
            self.clear_faults()
            return _json_response(200, {"ok": True})
        if action == "faults" and request.method == "POST":
            try:
                spec = json.loads(await request.read())
                if not isinstance(spec, dict):
                    raise TypeError("fault spec must be a JSON object")
                self.inject(**spec)
            except (TypeError, ValueError) as exc:
                return _json_response(400, {"error": {"code": "BadArgument", "message": str(exc)}})
            return _json_response(201, {"ok": True})
        return _json_response(404, {"error": {"code": "NotFound", "message": "No such endpoint."}})


# ---------------------------------------------------------------------- helpers


def _route(method: str, segments: list[str]) -> tuple[str, str | None, str | None]:
    """Map a request to (operation, conversation or team id, activity/member id)."""
    n = len(segments)
    if n >= 2 and segments[0] == "v3" and segments[1] == "conversations":
        if n == 2:
            if method == "POST":
                return "create_conversation", None, None
            if method == "GET":
                raise ApiError(501, "NotImplemented", "GetConversations is not emulated.")
            raise _not_allowed(method)
        conversation_id = segments[2]
        if not conversation_id:
            raise ApiError(404, "NotFound", "Empty conversation id.")
        rest = segments[3:]
        if rest == ["activities"]:
            if method == "POST":
                return "send", conversation_id, None
            raise _not_allowed(method)
        if len(rest) == 2 and rest[0] == "activities" and rest[1]:
            operation = {"POST": "reply", "PUT": "update", "DELETE": "delete"}.get(method)
            if operation is None:
                raise _not_allowed(method)
            return operation, conversation_id, rest[1]
        if rest == ["members"]:
            if method == "GET":
                return "get_members", conversation_id, None
            raise _not_allowed(method)
        if rest == ["pagedmembers"]:
            if method == "GET":
                return "get_paged_members", conversation_id, None
            raise _not_allowed(method)
        if len(rest) == 2 and rest[0] == "members" and rest[1]:
            if method == "GET":
                return "get_member", conversation_id, rest[1]
            raise _not_allowed(method)
    if n in (3, 4) and segments[0] == "v3" and segments[1] == "teams" and segments[2]:
        if method != "GET":
            raise _not_allowed(method)
        if n == 3:
            return "get_team", segments[2], None
        if segments[3] == "conversations":
            return "get_channels", segments[2], None
    raise ApiError(404, "NotFound", "No such API.")


def _not_allowed(method: str) -> ApiError:
    return ApiError(405, "MethodNotAllowed", f"{method} is not supported on this resource.")


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase.replace(" ", "").replace("-", "")
    except ValueError:
        return f"Http{status}"


def _is_bearer(authorization: str | None) -> bool:
    return (
        authorization is not None
        and authorization[:7].lower() == "bearer "
        and bool(authorization[7:].strip())
    )


def _base_id(conversation_id: str) -> str:
    at = conversation_id.find(_THREAD_MARKER)
    return conversation_id if at < 0 else conversation_id[:at]


def _tenant_of(body: dict[str, JSON]) -> str | None:
    channel_data = body.get("channelData")
    if isinstance(channel_data, dict):
        tenant = channel_data.get("tenant")
        if isinstance(tenant, dict) and isinstance(tenant.get("id"), str) and tenant["id"]:
            return str(tenant["id"])
    tenant_id = body.get("tenantId")
    return tenant_id if isinstance(tenant_id, str) and tenant_id else None


def _activity_body(body: JSON) -> dict[str, JSON]:
    if not isinstance(body, dict):
        raise ApiError(400, "BadArgument", "The activity must be a JSON object.")
    # A copy, so a test holding the sent activity does not see later updates in place.
    return dict(body)


def _page(conversation: Conversation, query: Mapping[str, str]) -> dict[str, JSON]:
    members = conversation.members
    if conversation.kind != "channel":
        # Teams does not paginate chats: the whole roster comes back in one page.
        return {"members": [m.to_json() for m in members]}
    raw_size = query.get("pageSize")
    try:
        size = PAGE_SIZE_DEFAULT if raw_size is None else int(raw_size)
    except ValueError:
        raise ApiError(400, "BadArgument", f"Invalid pageSize {raw_size!r}.") from None
    size = min(max(size, PAGE_SIZE_MIN), PAGE_SIZE_MAX)
    offset = 0
    token = query.get("continuationToken")
    if token:
        offset = _decode_token(token, conversation.id)
    end = offset + size
    page: dict[str, JSON] = {"members": [m.to_json() for m in members[offset:end]]}
    if end < len(members):
        page["continuationToken"] = _encode_token(end, conversation.id)
    return page


def _encode_token(offset: int, conversation_id: str) -> str:
    # Opaque like Teams' tokens, and bound to the conversation so a mix-up is detected.
    raw = f"{_TOKEN_PREFIX}{offset}:{conversation_id}".encode()
    return base64.urlsafe_b64encode(raw).decode("ascii")


def _decode_token(token: str, conversation_id: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(token.encode("ascii")).decode()
        if not raw.startswith(_TOKEN_PREFIX):
            raise ValueError(token)
        offset_text, _, bound_to = raw[len(_TOKEN_PREFIX) :].partition(":")
        offset = int(offset_text)
        if bound_to != conversation_id or offset < 0:
            raise ValueError(token)
    except (ValueError, UnicodeError):
        raise ApiError(400, "BadArgument", "Invalid continuation token.") from None
    return offset


def _json_response(status: int, payload: JSON) -> web.Response:
    if payload is None:
        return web.Response(status=status)
    return web.Response(
        status=status,
        body=json.dumps(payload, separators=(",", ":")).encode(),
        content_type="application/json",
    )


__all__ = [
    "ApiError",
    "ConnectorEmulator",
    "infer_kind",
    "personal_conversation_id",
]
