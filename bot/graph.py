"""`dialogs.kernel.context.Directory` over Microsoft Graph: a person's companyName and department,
and the proactive install of Kravbot's Teams app for a user who lacks it.

Async on aiohttp with a timeout per call; throttling (429) and transient failures (503, 504, no
answer) are retried, waiting at least what `Retry-After` asks. Tokens come from msal (client
credentials, scope `https://graph.microsoft.com/.default`) in a thread, as in `bot.credentials`;
tests inject their own token provider.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

import aiohttp

from bot.config import Settings
from bot.credentials import MsalTokenProvider, NoToken, TokenProvider
from bot.retry import backoff_delay, parse_retry_after

log = logging.getLogger(__name__)

GRAPH_RESOURCE = "https://graph.microsoft.com"
# Graph's guidance: back off on 429 and on these gateway/availability answers.
_RETRYABLE = frozenset({0, 429, 500, 502, 503, 504})


class GraphError(Exception):
    """A Graph call failed for good; `status` is 0 when no answer came."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"Microsoft Graph: {status} {message}".strip())
        self.status = status


def graph_token_provider(settings: Settings) -> TokenProvider:
    """msal tokens; none in local mode (a local Graph emulator takes calls without one)."""
    if settings.local_mode:
        return NoToken()
    return MsalTokenProvider(settings, resource=GRAPH_RESOURCE, tenant=settings.app_tenant_id)


class GraphDirectory:
    """Reads `companyName` and `department` of users from Microsoft Graph."""

    def __init__(
        self,
        base_url: str,
        tokens: TokenProvider,
        *,
        timeout: float = 10.0,
        attempts: int = 4,
        max_wait: float = 10.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._base = base_url.rstrip("/")
        self._tokens = tokens
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._attempts = attempts
        self._max_wait = max_wait
        self._sleep = sleep
        self._session: aiohttp.ClientSession | None = None

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        return self._session

    async def close(self) -> None:
        """Close the HTTP session."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def organisation(self, aad_object_id: str) -> tuple[str | None, str | None]:
        """(companyName, department) of the user; (None, None) when Graph does not know them."""
        path = f"/users/{quote(aad_object_id.strip(), safe='')}"
        body = await self._get(path, {"$select": "companyName,department"})
        if body is None:
            return None, None
        return _text(body.get("companyName")), _text(body.get("department"))

    async def install_app(self, aad_object_id: str, catalog_id: str) -> bool:
        """Install the Teams app `catalog_id` for the user (Teams' proactive install); True when
        it is installed now or already was, False when Graph refuses or does not answer."""
        user = quote(aad_object_id.strip(), safe="")
        body = {"teamsApp@odata.bind": f"{self._base}/appCatalogs/teamsApps/{catalog_id}"}
        try:
            await self._call("POST", f"/users/{user}/teamwork/installedApps", {}, body)
        except GraphError as exc:
            if exc.status == 409:  # Graph's answer when the app is already installed
                return True
            log.warning("graph: installing the Teams app for a user failed: %s", exc)
            return False
        return True

    async def _get(self, path: str, query: dict[str, str]) -> dict[str, Any] | None:
        """GET with retries; None for 404, GraphError for anything else that is not 2xx."""
        try:
            return await self._call("GET", path, query, None)
        except GraphError as exc:
            if exc.status == 404:
                return None
            raise

    async def _call(
        self, method: str, path: str, query: dict[str, str], payload: dict[str, Any] | None
    ) -> dict[str, Any]:
        """One Graph call with retries; GraphError for anything that is not 2xx."""
        attempt = 0
        while True:
            attempt += 1
            status, retry_after, body = await self._once(method, path, query, payload)
            if 200 <= status < 300:
                return body if isinstance(body, dict) else {}
            message = _error_message(body)
            if status not in _RETRYABLE or attempt >= self._attempts:
                raise GraphError(status, message)
            delay = backoff_delay(attempt, retry_after=retry_after, base=0.5, cap=self._max_wait)
            if delay > self._max_wait:
                raise GraphError(status, f"{message} (asked to wait {delay:.0f} s)")
            log.info("graph call answered %s, retrying in %.2fs", status, delay)
            await self._sleep(delay)

    async def _once(
        self, method: str, path: str, query: dict[str, str], payload: dict[str, Any] | None
    ) -> tuple[int, float | None, Any]:
        headers = {"Accept": "application/json"}
        try:
            authorization = await self._tokens.authorization()
        except RuntimeError as exc:  # msal could not issue a token: a failure like any other
            raise GraphError(0, str(exc)) from exc
        if authorization:
            headers["Authorization"] = authorization
        try:
            async with self._http().request(
                method, self._base + path, params=query, headers=headers, json=payload
            ) as response:
                raw = await response.read()
                try:
                    body = await response.json(content_type=None) if raw else None
                except ValueError:
                    body = None
                return (
                    response.status,
                    parse_retry_after(response.headers.get("Retry-After")),
                    body,
                )
        except (aiohttp.ClientError, TimeoutError) as exc:
            return 0, None, {"error": {"message": type(exc).__name__}}


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _error_message(body: Any) -> str:
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        return f"{error.get('code') or ''} {error.get('message') or ''}".strip()
    return ""
