"""The leader's duties in one place: the outbox dispatcher and the scheduler.

`bot/web.py` starts this after the migrations and stops it at shutdown; with several replicas on
PostgreSQL only the elected leader runs the duties, the others answer HTTP and wait.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from bot.config import Settings
from bot.dispatcher import AppInstaller, Dispatcher, DispatcherConfig, Sender
from bot.graph import GraphDirectory
from bot.leader import Leadership, Term
from bot.scheduler import Scheduler
from bot.throttle import TeamsPacer
from dialogs.kernel.context import DialogContext
from dialogs.kernel.registry import Registry

log = logging.getLogger(__name__)

# /readyz never waits longer than this for the backlog count.
STATUS_TIMEOUT = 1.0


def app_installer(settings: Settings, ctx: DialogContext) -> AppInstaller | None:
    """Graph's proactive install of Kravbot's Teams app, when Graph and the catalog id are set."""
    directory = ctx.directory
    catalog_id = settings.teams_app_catalog_id
    if not isinstance(directory, GraphDirectory) or not catalog_id:
        return None

    async def install(aad_object_id: str) -> bool:
        return await directory.install_app(aad_object_id, catalog_id)

    return install


class Background:
    """Leader election, and the dispatcher and scheduler while this process leads.

    The dispatcher shares its `TeamsPacer` with the sender (the connector), whose replies to
    people pace against the same tenant window, ahead of proactive sends.
    """

    def __init__(
        self, settings: Settings, ctx: DialogContext, registry: Registry, sender: Sender
    ) -> None:
        self._settings = settings
        config = DispatcherConfig.from_settings(settings)
        self.pacer: TeamsPacer = config.pacer()
        if hasattr(sender, "pacer"):
            sender.pacer = self.pacer  # the connector: replies use the same pacer
        self.dispatcher = Dispatcher(
            ctx.db, sender, config, pacer=self.pacer, installer=app_installer(settings, ctx)
        )
        self.scheduler = Scheduler(
            ctx,
            registry,
            settings.database_url,
            timer_interval=settings.timer_interval,
            connect_timeout=settings.db_connect_timeout,
            statement_timeout=settings.db_statement_timeout,
        )
        heartbeat = min(settings.leader_retry, 5.0)
        self.leadership = Leadership(
            ctx.db,
            on_elected=self._lead,
            on_deposed=self._follow,
            retry=settings.leader_retry,
            heartbeat=heartbeat,
            ping_timeout=min(settings.db_connect_timeout, heartbeat),
            lease=settings.leader_lease,
            stop_timeout=settings.shutdown_timeout + 5.0,
        )

    async def start(self) -> None:
        await self.leadership.start()

    async def stop(self) -> None:
        await self.leadership.stop()

    async def _lead(self, term: Term) -> None:
        await self.dispatcher.start(term)
        await self.scheduler.start()

    async def _follow(self) -> bool:
        await self.scheduler.stop()
        return await self.dispatcher.stop(timeout=self._settings.shutdown_timeout)

    async def status(self) -> dict[str, Any]:
        """For /readyz: this process's role, the outbox backlog and Teams' health."""
        body: dict[str, Any] = {
            "role": self.leadership.role,
            "dispatcher": "running" if self.dispatcher.running else "idle",
            "scheduler": "running" if self.scheduler.running else "idle",
        }
        if self.leadership.term is not None:
            body["epoch"] = self.leadership.term.epoch
        count = asyncio.ensure_future(self.dispatcher.pending())
        done, _ = await asyncio.wait({count}, timeout=STATUS_TIMEOUT)
        body["pending"] = None
        if done and count.exception() is None:
            body["pending"] = count.result()
        elif not done:  # a hung database: do not wait for the cancelled query to clean up
            count.cancel()
            count.add_done_callback(lambda task: task.cancelled() or task.exception())
        if self.dispatcher.running:
            body.update(self.dispatcher.health())
        return body
