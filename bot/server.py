"""Run the service: `kravbot serve`."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence

from aiohttp import web

from bot import msrest_fix
from bot.config import Settings
from bot.logs import configure
from bot.web import create_app
from dialogs.kernel.registry import Workflow
from storage.database import Database

log = logging.getLogger("kravbot")


def serve(
    settings: Settings, *, host: str, port: int, workflows: Sequence[Workflow] | None = None
) -> None:
    """Serve until SIGTERM or SIGINT; in-flight turns get `shutdown_timeout` seconds to finish.

    `workflows` replaces the composition root's list (tests add a workflow of their own).
    """
    configure(settings.log_level, settings.log_format)
    msrest_fix.apply()
    if settings.local_mode:
        log.warning(
            "LOCAL MODE: MicrosoftAppId is empty, so requests are NOT authenticated and replies "
            "carry no token. Use this only with the Agents Playground or tests."
        )
    else:
        log.info("app id %s (%s)", settings.app_id, settings.app_type.value)
    log.info(
        "database %s, language %s, time zone %s",
        settings.database_url.split("://")[0],
        settings.language,
        settings.timezone,
    )
    if not asyncio.run(wait_for_database(settings)):
        log.error(
            "the database is not reachable after %.0f s (KRAVBOT_DB_WAIT); giving up",
            settings.db_wait,
        )
        raise SystemExit(1)
    app = create_app(settings, workflows=workflows)
    log.info("listening on http://%s:%d/api/messages", host, port)
    web.run_app(
        app,
        host=host,
        port=port,
        shutdown_timeout=settings.shutdown_timeout,
        print=None,
        access_log=None,
        handle_signals=True,
    )
    log.info("stopped")


async def wait_for_database(settings: Settings, *, every: float = 2.0) -> bool:
    """Wait up to `KRAVBOT_DB_WAIT` seconds for the database, as a container platform expects
    of a service that starts before its database; one log line per attempt, no traceback."""
    db = Database(settings.database_url, connect_timeout=settings.db_connect_timeout)
    deadline = time.monotonic() + settings.db_wait
    try:
        while True:
            if await db.ping(timeout=settings.db_connect_timeout):
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            log.warning("waiting for the database (%.0f s left)", left)
            await asyncio.sleep(min(every, left))
    finally:
        await db.dispose()
