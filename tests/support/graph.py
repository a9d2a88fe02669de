"""A small local stand-in for Microsoft Graph's `GET /users/{id}` and
`POST /users/{id}/teamwork/installedApps` (aiohttp, loopback).

    async with GraphEmulator() as graph:
        graph.users["<entra id>"] = {"companyName": "Skien kommune", "department": "Helse"}
        # point the bot at graph.url (KRAVBOT_GRAPH_URL)

Switches: `throttle(n, retry_after)` answers the next n requests 429 with Retry-After;
`fail_status` answers every request with that status; `delay` slows every answer;
`require_token` answers 401 without that bearer token. `requests` records what came in.
Installs are recorded in `installs` (user id, catalog id); `refuse_installs` answers them with
that status instead; `on_install(user id)` tells another emulator (the Teams connector's
`install_app`) that the app is now installed; a second install answers 409, as Graph does.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

import pytest_asyncio
from aiohttp import web


@dataclass(frozen=True, slots=True)
class GraphRequest:
    """One request as the emulator saw it."""

    path: str
    query: dict[str, str]
    authorization: str | None
    status: int


class GraphEmulator:
    """`GET /v1.0/users/{id}` with `$select`, Graph-shaped errors and throttling."""

    def __init__(self) -> None:
        self.users: dict[str, dict[str, Any]] = {}
        self.require_token: str | None = None
        self.fail_status: int | None = None
        self.delay = 0.0
        self.requests: list[GraphRequest] = []
        self.installs: list[tuple[str, str]] = []
        self.refuse_installs: int | None = None
        self.on_install: Callable[[str], None] | None = None
        self._throttled = 0
        self._retry_after = "1"
        self._runner: web.AppRunner | None = None
        self._url: str | None = None

    def throttle(self, count: int, retry_after: float = 0.05) -> None:
        """Answer the next `count` requests with 429 and this Retry-After."""
        self._throttled = count
        self._retry_after = f"{retry_after:g}"

    @property
    def url(self) -> str:
        """The base URL, like `https://graph.microsoft.com/v1.0`."""
        if self._url is None:
            raise RuntimeError("GraphEmulator is not started")
        return self._url

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/v1.0/users/{id}", self._user)
        app.router.add_post("/v1.0/users/{id}/teamwork/installedApps", self._install)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self._url = f"http://127.0.0.1:{port}/v1.0"

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def _user(self, request: web.Request) -> web.Response:
        response = await self._answer(request)
        self.requests.append(
            GraphRequest(
                path=request.path,
                query=dict(request.query),
                authorization=request.headers.get("Authorization"),
                status=response.status,
            )
        )
        return response

    async def _install(self, request: web.Request) -> web.Response:
        response = await self._gate(request) or await self._installed(request)
        self.requests.append(
            GraphRequest(
                path=request.path,
                query=dict(request.query),
                authorization=request.headers.get("Authorization"),
                status=response.status,
            )
        )
        return response

    async def _installed(self, request: web.Request) -> web.Response:
        if self.refuse_installs is not None:
            return _error(self.refuse_installs, "Forbidden", "Missing role permissions.")
        body = await request.json()
        bind = body.get("teamsApp@odata.bind") if isinstance(body, dict) else None
        prefix = f"{self.url}/appCatalogs/teamsApps/"
        if not isinstance(bind, str) or not bind.startswith(prefix):
            return _error(400, "BadRequest", "teamsApp@odata.bind is missing or malformed.")
        user = request.match_info["id"].lower()
        catalog_id = bind.removeprefix(prefix)
        if (user, catalog_id) in self.installs:
            return _error(409, "Conflict", "App is already installed.")
        self.installs.append((user, catalog_id))
        if self.on_install is not None:
            self.on_install(user)
        return web.Response(status=201)

    async def _gate(self, request: web.Request) -> web.Response | None:
        """Slowness, the token check, throttling and failures every call meets."""
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.require_token is not None and (
            request.headers.get("Authorization") != f"Bearer {self.require_token}"
        ):
            return _error(401, "InvalidAuthenticationToken", "Access token is empty.")
        if self._throttled > 0:
            self._throttled -= 1
            response = _error(429, "TooManyRequests", "Too many requests.")
            response.headers["Retry-After"] = self._retry_after
            return response
        if self.fail_status is not None:
            return _error(self.fail_status, "ServiceUnavailable", "Simulated failure.")
        return None

    async def _answer(self, request: web.Request) -> web.Response:
        gated = await self._gate(request)
        if gated is not None:
            return gated
        user = self.users.get(request.match_info["id"].lower())
        if user is None:
            return _error(404, "Request_ResourceNotFound", "Resource does not exist.")
        select = request.query.get("$select")
        fields = select.split(",") if select else ["id", "displayName", *user]
        body: dict[str, Any] = {
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users"
        }
        body.update({name: user.get(name) for name in fields})
        return web.json_response(body)


def _error(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message}}, status=status)


@pytest_asyncio.fixture
async def graph_emulator() -> AsyncIterator[GraphEmulator]:
    """A started Graph emulator, stopped after the test."""
    async with GraphEmulator() as graph:
        yield graph
