"""The leader's duties in one place: the outbox dispatcher and the scheduler.

`bot/web.py` starts this after the migrations and stops it at shutdown; with several replicas on
PostgreSQL only the elected leader runs the duties, the others answer HTTP and wait.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.config import Settings
from bot.dispatcher import Dispatcher, DispatcherConfig, Sender
from bot.leader import Leadership
from bot.scheduler import Scheduler
from dialogs.kernel.context import DialogContext
from dialogs.kernel.registry import Registry

log = logging.getLogger(__name__)


class Background:
    """Leader election, and the dispatcher and scheduler while this process leads."""

    def __init__(
        self, settings: Settings, ctx: DialogContext, registry: Registry, sender: Sender
    ) -> None:
        self._settings = settings
        self.dispatcher = Dispatcher(ctx.db, sender, DispatcherConfig.from_settings(settings))
        self.scheduler = Scheduler(
            ctx, registry, settings.database_url, timer_interval=settings.timer_interval
        )
        self.leadership = Leadership(
            settings.database_url,
            on_elected=self._lead,
            on_deposed=self._follow,
            retry=settings.leader_retry,
            heartbeat=min(settings.leader_retry, 5.0),
        )

    async def start(self) -> None:
        await self.leadership.start()

    async def stop(self) -> None:
        await self.leadership.stop()

    async def _lead(self) -> None:
        await self.dispatcher.start()
        self.scheduler.start()

    async def _follow(self) -> None:
        self.scheduler.stop()
        await self.dispatcher.stop(timeout=self._settings.shutdown_timeout)

    async def status(self) -> dict[str, Any]:
        """For /readyz: this process's role and the outbox backlog."""
        body: dict[str, Any] = {
            "role": self.leadership.role,
            "dispatcher": "running" if self.dispatcher.running else "idle",
            "scheduler": "running" if self.scheduler.running else "idle",
        }
        try:
            body["pending"] = await self.dispatcher.pending()
        except Exception:  # noqa: BLE001 - readiness reports, it does not fail on this
            body["pending"] = None
        return body
