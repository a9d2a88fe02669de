"""Run the service: `kravbot serve`."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from aiohttp import web

from bot import msrest_fix
from bot.config import Settings
from bot.logs import configure
from bot.web import create_app
from dialogs.kernel.registry import Workflow

log = logging.getLogger("kravbot")


def serve(
    settings: Settings, *, host: str, port: int, workflows: Sequence[Workflow] | None = None
) -> None:
    """Serve until SIGTERM or SIGINT; in-flight turns get `shutdown_timeout` seconds to finish.

    `workflows` replaces the composition root's list (tests add a workflow of their own).
    """
    configure(settings.log_level)
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
