"""The HTTP surface: `/api/messages` for Teams, `/healthz` and `/readyz` for the platform."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from aiohttp import web
from botbuilder.schema import Activity

from bot import calendar_feed, metrics_http, tab
from bot.auth import AuthError, IdentityUnavailable, tenant_allowed
from bot.bootstrap import SERVICES, build_services, check_timers
from bot.config import Settings
from bot.credentials import TokenProvider
from bot.inbound import BadActivity, check_activity
from dialogs.kernel.registry import Workflow
from storage.migrate import upgrade

log = logging.getLogger(__name__)

# Teams messages are at most about 100 KB; anything much larger is not from Teams.
MAX_BODY = 512 * 1024


def error(status: int, code: str, message: str) -> web.Response:
    """A JSON error in the Bot Framework's shape."""
    return web.json_response({"error": {"code": code, "message": message}}, status=status)


async def messages(request: web.Request) -> web.StreamResponse:
    """Receive one activity from Teams and run its turn."""
    services = request.app[SERVICES]
    if request.content_type != "application/json":
        return error(415, "UnsupportedMediaType", "send the activity as application/json")
    try:
        body = json.loads(await request.read())
        check_activity(body)
        activity = Activity().deserialize(body)
    except web.HTTPRequestEntityTooLarge:
        return error(413, "TooLarge", "the activity is too large")
    except (ValueError, UnicodeDecodeError) as exc:
        message = str(exc) if isinstance(exc, BadActivity) else "the body is not valid JSON"
        return error(400, "BadRequest", message)
    except Exception:  # noqa: BLE001 - msrest raises assorted errors on odd shapes
        return error(400, "BadRequest", "the body is not a Bot Framework activity")
    try:
        auth = await services.authentication.authenticate_request(
            activity, request.headers.get("Authorization", "")
        )
    except AuthError as exc:
        log.info("rejected request: %s", exc.reason)
        code = "Unauthorized" if exc.status == 401 else "Forbidden"
        return error(exc.status, code, exc.reason)
    except IdentityUnavailable:
        log.warning("token keys unavailable; asking the channel to retry")
        return error(503, "ServiceUnavailable", "cannot validate tokens right now")
    if not tenant_allowed(body.get("channelData"), services.settings.allowed_tenants):
        log.info("rejected request from a tenant that is not allowed")
        return error(403, "Forbidden", "this tenant may not use this bot")
    answer = await services.handler.handle(body, activity, auth)
    if answer.body is None:
        return web.Response(status=int(answer.status))
    return web.json_response(answer.body, status=int(answer.status), dumps=_dumps)


def _dumps(value: Any) -> str:
    # Cards carry Norwegian letters: send them as they are, not as \u escapes.
    return json.dumps(value, ensure_ascii=False)


async def healthz(_request: web.Request) -> web.Response:
    """The process is alive and its event loop answers."""
    return web.json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    """Ready to take turns: the database answers."""
    services = request.app[SERVICES]
    database = await services.db.ping()
    body: dict[str, Any] = {"status": "ready" if database else "not ready", "database": database}
    if services.background is not None:
        body["outbox"] = await services.background.status()
    return web.json_response(body, status=200 if database else 503)


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Log each request briefly; an unexpected failure is logged, never shown to the caller."""
    started = time.perf_counter()
    try:
        response = await handler(request)
    except web.HTTPException:
        raise
    except Exception:
        log.exception("request failed: %s %s", request.method, request.path)
        response = error(500, "InternalError", "internal error")
    log.debug(
        "%s %s -> %s in %.1f ms",
        request.method,
        request.path,
        response.status,
        (time.perf_counter() - started) * 1000,
    )
    return response


def create_app(
    settings: Settings,
    *,
    migrate: bool = True,
    tokens: TokenProvider | None = None,
    background: bool = True,
    workflows: Sequence[Workflow] | None = None,
) -> web.Application:
    """The aiohttp application; migrations run at start-up unless told not to.

    With `background` (the default) the process campaigns for leadership after the migrations
    and, while it leads, runs the outbox dispatcher and the scheduler (tests mostly turn it off).
    """
    app = web.Application(client_max_size=MAX_BODY, middlewares=[guard])
    services = build_services(settings, tokens=tokens, background=background, workflows=workflows)
    app[SERVICES] = services

    async def start(_app: web.Application) -> None:
        if migrate:
            await upgrade(services.db.engine)
        await check_timers(services)
        if services.background is not None:
            await services.background.start()

    async def stop(_app: web.Application) -> None:
        if services.background is not None:
            # In-flight sends finish (up to KRAVBOT_SHUTDOWN_TIMEOUT) before connections close.
            await services.background.stop()
        await services.close()

    app.on_startup.append(start)
    app.on_cleanup.append(stop)
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    calendar_feed.register(app)
    tab.register(app, settings)
    metrics_http.register(app, settings.metrics)
    return app
