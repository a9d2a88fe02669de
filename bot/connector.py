"""An async client for the Bot Connector v3 REST API on aiohttp.

botbuilder's own client (msrest + requests in a thread pool) never retries a POST or a 429 and
costs a thread hop per call. Kravbot sends every message through this client instead.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import quote

import aiohttp

from bot.credentials import TokenProvider
from bot.retry import backoff_delay, is_retryable, parse_retry_after
from bot.throttle import TeamsPacer

log = logging.getLogger(__name__)
T = TypeVar("T")


class ConnectorError(Exception):
    """A call to the Bot Connector failed; `status` is 0 when no answer came."""

    def __init__(
        self, status: int, code: str | None, message: str, retry_after: float | None = None
    ) -> None:
        super().__init__(f"{status} {code or ''} {message}".strip())
        self.status = status
        self.code = code
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:
        """Worth trying again later."""
        return is_retryable(self.status)

    @property
    def blocked(self) -> bool:
        """The user blocked or removed the bot: stop sending to that conversation."""
        return self.status == 403 and self.code == "MessageWritesBlocked"


def _path(*parts: str) -> str:
    return "/".join(quote(part, safe="") for part in parts)


class ConnectorClient:
    """Bot Connector calls against any service URL, with one pooled HTTP session.

    `pacer` holds Teams' limits for everything this process sends (replies and proactive
    sends share it; the leader's dispatcher installs one built from the settings).
    """

    def __init__(
        self,
        tokens: TokenProvider,
        *,
        timeout: float = 15.0,
        limit: int = 100,
        pacer: TeamsPacer | None = None,
    ) -> None:
        self.pacer = pacer or TeamsPacer()
        self._tokens = tokens
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._limit = limit
        self._session: aiohttp.ClientSession | None = None

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=self._timeout,
                connector=aiohttp.TCPConnector(limit=self._limit, limit_per_host=self._limit),
                json_serialize=lambda value: json.dumps(value, ensure_ascii=False),
            )
        return self._session

    async def close(self) -> None:
        """Close the HTTP session."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def request(
        self, method: str, service_url: str, path: str, body: dict[str, Any] | None = None
    ) -> Any:
        """One call; the parsed JSON answer (or None), or ConnectorError."""
        url = service_url.rstrip("/") + "/" + path
        headers = {"Accept": "application/json"}
        authorization = await self._tokens.authorization()
        if authorization:
            headers["Authorization"] = authorization
        try:
            async with self._http().request(method, url, json=body, headers=headers) as response:
                raw = await response.read()
                if response.status >= 400:
                    code, message = _error_details(raw)
                    raise ConnectorError(
                        response.status,
                        code,
                        message,
                        parse_retry_after(response.headers.get("Retry-After")),
                    )
                if not raw:
                    return None
                try:
                    return json.loads(raw)
                except ValueError:
                    return None
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise ConnectorError(0, type(exc).__name__, str(exc) or "no answer") from exc

    async def send(self, service_url: str, conversation_id: str, activity: dict[str, Any]) -> str:
        """Post a new message in a conversation; returns its activity id."""
        result = await self.request(
            "POST", service_url, f"v3/conversations/{_path(conversation_id)}/activities", activity
        )
        return str((result or {}).get("id", ""))

    async def reply(
        self, service_url: str, conversation_id: str, reply_to_id: str, activity: dict[str, Any]
    ) -> str:
        """Reply to an activity (threads in channels); returns the new activity id."""
        path = f"v3/conversations/{_path(conversation_id)}/activities/{_path(reply_to_id)}"
        result = await self.request("POST", service_url, path, activity)
        return str((result or {}).get("id", ""))

    async def update(
        self, service_url: str, conversation_id: str, activity_id: str, activity: dict[str, Any]
    ) -> None:
        """Replace a message the bot sent earlier."""
        path = f"v3/conversations/{_path(conversation_id)}/activities/{_path(activity_id)}"
        await self.request("PUT", service_url, path, activity)

    async def delete(self, service_url: str, conversation_id: str, activity_id: str) -> None:
        """Delete a message the bot sent earlier."""
        path = f"v3/conversations/{_path(conversation_id)}/activities/{_path(activity_id)}"
        await self.request("DELETE", service_url, path)

    async def create_conversation(
        self, service_url: str, parameters: dict[str, Any]
    ) -> dict[str, Any]:
        """Create (or find) a 1:1 conversation; Teams answers with its id."""
        result = await self.request("POST", service_url, "v3/conversations", parameters)
        return dict(result or {})

    async def paged_members(
        self,
        service_url: str,
        conversation_id: str,
        *,
        page_size: int = 200,
        continuation_token: str | None = None,
    ) -> dict[str, Any]:
        """One page of the roster: `{members: [...], continuationToken}`."""
        path = f"v3/conversations/{_path(conversation_id)}/pagedmembers?pageSize={page_size}"
        if continuation_token:
            path += f"&continuationToken={quote(continuation_token, safe='')}"
        return dict(await self.request("GET", service_url, path) or {})

    async def team_details(self, service_url: str, team_id: str) -> dict[str, Any]:
        """Name and ids of a team."""
        return dict(await self.request("GET", service_url, f"v3/teams/{_path(team_id)}") or {})


def _error_details(raw: bytes) -> tuple[str | None, str]:
    try:
        body = json.loads(raw)
    except ValueError:
        return None, raw[:200].decode("utf-8", "replace")
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        return error.get("code"), str(error.get("message", ""))
    return None, str(body)[:200]


async def with_retries(
    call: Callable[[], Awaitable[T]],
    *,
    attempts: int = 4,
    max_wait: float = 8.0,
    budget: float | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> T:
    """Run `call`, retrying transient failures with backoff.

    Without `budget`: gives up after `attempts` tries, or when a delay would exceed
    `max_wait`. With `budget` (seconds): keeps trying until the next try would start after
    `budget` seconds from the first (replies inside a turn, within Teams' reply window).
    """
    deadline = None if budget is None else clock() + budget
    attempt = 0
    while True:
        attempt += 1
        try:
            return await call()
        except ConnectorError as exc:
            if not exc.retryable:
                raise
            delay = backoff_delay(attempt, retry_after=exc.retry_after, base=0.25, cap=max_wait)
            if deadline is None:
                if attempt >= attempts or delay > max_wait:
                    raise
            elif clock() + delay > deadline:
                raise
            log.info("connector call failed (%s), retrying in %.2fs", exc.status, delay)
            await sleep(delay)
