"""`GET /metrics`: the Prometheus exposition, off unless KRAVBOT_METRICS=on, optionally behind
a bearer token (KRAVBOT_METRICS_TOKEN)."""

from __future__ import annotations

import asyncio
import hmac
import logging

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy.exc import SQLAlchemyError

from bot.bootstrap import SERVICES
from bot.metrics import LEADER, OUTBOX, REGISTRY
from storage.outbox import STATUSES

log = logging.getLogger(__name__)

# A scrape must answer even when the database hangs.
_SCRAPE_DB_TIMEOUT = 2.0


async def _refresh(request: web.Request) -> None:
    services = request.app[SERVICES]
    background = services.background
    LEADER.set(1 if background is not None and background.leadership.role == "leader" else 0)
    try:
        async with asyncio.timeout(_SCRAPE_DB_TIMEOUT):
            async with services.db.read() as uow:
                counts = await uow.outbox.counts()
    except (TimeoutError, OSError, SQLAlchemyError) as exc:
        log.warning("metrics: outbox counts unavailable (%s)", type(exc).__name__)
        return
    for status in STATUSES:
        OUTBOX.labels(status=status).set(counts.get(status, 0))


def _authorized(request: web.Request) -> bool:
    token = request.app[SERVICES].settings.metrics_token.get_secret_value()
    if not token:
        return True
    given = request.headers.get("Authorization", "")
    return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


async def metrics(request: web.Request) -> web.Response:
    """The Prometheus exposition of Kravbot's metrics."""
    if not _authorized(request):
        return web.json_response(
            {"error": {"code": "Unauthorized", "message": "send the metrics bearer token"}},
            status=401,
            headers={"WWW-Authenticate": "Bearer"},
        )
    await _refresh(request)
    body = generate_latest(REGISTRY)
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})


def register(app: web.Application, enabled: bool) -> None:
    """Serve /metrics when KRAVBOT_METRICS is on."""
    if enabled:
        app.router.add_get("/metrics", metrics)
