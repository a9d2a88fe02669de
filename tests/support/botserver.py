"""Run Kravbot in the test's event loop behind a real HTTP listener on a loopback port."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web

from bot import msrest_fix
from bot.bootstrap import SERVICES, Services
from bot.config import Settings
from bot.credentials import TokenProvider
from bot.web import create_app


def settings_for(database_url: str, **overrides: Any) -> Settings:
    """Settings for a test: local mode unless told otherwise, and no `.env` file read."""
    values: dict[str, Any] = {"database_url": database_url, "app_id": "", "app_password": ""}
    values.update(overrides)
    settings = Settings(_env_file=None, **values)  # type: ignore[call-arg]
    settings.check_consistency()
    return settings


@dataclass
class RunningBot:
    """A bot listening on `url`, with an HTTP client for posting activities to it."""

    url: str
    services: Services
    http: aiohttp.ClientSession

    async def post(
        self, activity: Any, *, headers: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        """POST an activity to /api/messages; returns the status and the JSON body (or None)."""
        async with self.http.post(
            f"{self.url}/api/messages", json=activity, headers=headers or {}
        ) as response:
            raw = await response.read()
            try:
                body = await response.json(content_type=None) if raw else None
            except ValueError:
                body = raw.decode("utf-8", "replace")
            return response.status, body

    async def post_raw(
        self, data: bytes, *, content_type: str = "application/json"
    ) -> tuple[int, str]:
        """POST arbitrary bytes; returns the status and the body text."""
        async with self.http.post(
            f"{self.url}/api/messages", data=data, headers={"Content-Type": content_type}
        ) as response:
            return response.status, await response.text()

    async def get(self, path: str) -> tuple[int, Any]:
        """GET a path; returns the status and the JSON body."""
        async with self.http.get(f"{self.url}{path}") as response:
            return response.status, await response.json(content_type=None)


@asynccontextmanager
async def running_bot(
    settings: Settings, *, tokens: TokenProvider | None = None, background: bool = False
) -> AsyncIterator[RunningBot]:
    """Start the app (migrations included) on 127.0.0.1 and a free port; stop it afterwards.

    The outbox dispatcher and the scheduler run only with `background=True`.
    """
    msrest_fix.apply()
    app = create_app(settings, tokens=tokens, background=background)
    statuses: list[tuple[str, int]] = []

    @web.middleware
    async def record(request: web.Request, handler: Any) -> web.StreamResponse:
        response: web.StreamResponse = await handler(request)
        statuses.append((request.path, response.status))
        return response

    # Outermost, so it sees exactly what the caller sees.
    app.middlewares.insert(0, record)
    runner = web.AppRunner(app, shutdown_timeout=5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        async with aiohttp.ClientSession() as http:
            yield RunningBot(f"http://127.0.0.1:{port}", app[SERVICES], http)
    finally:
        await runner.cleanup()
    # No request in the suite, good or bad, may be answered 500. (501 and 503 are deliberate
    # answers: an invoke Kravbot does not handle, and a dependency that is down.)
    failures = [(path, status) for path, status in statuses if status >= 500]
    assert all(status in (501, 503) for _, status in failures), failures
