"""One leader among the replicas: it alone runs the scheduler and the dispatcher.

PostgreSQL: the leader holds a session-level advisory lock (`pg_try_advisory_lock`) on a
connection of its own, outside any pool and in autocommit (never idle in a transaction). It
pings that connection every `heartbeat` seconds; when the ping fails or times out the
connection is dropped, the lock with it, and the process stops leading at once. PostgreSQL
releases the lock as soon as the leader's backend sees its connection close, which happens the
moment a killed leader's socket is closed by its kernel. Standbys try every `retry` seconds, so
one takes over within `retry` seconds plus its own start-up.

SQLite: one process owns the file, so it always leads.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Literal

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)

# "Kravbot" in ASCII: the advisory lock key every replica of this bot competes for.
LOCK_KEY = 0x4B72617662_6F74
Role = Literal["leader", "standby", "stopped"]
Hook = Callable[[], Awaitable[None]]


class Leadership:
    """Campaign for leadership; call `on_elected` when won and `on_deposed` when lost."""

    def __init__(
        self,
        database_url: str,
        *,
        on_elected: Hook,
        on_deposed: Hook,
        retry: float = 3.0,
        heartbeat: float = 3.0,
        ping_timeout: float = 5.0,
        lock_key: int = LOCK_KEY,
    ) -> None:
        self._url = database_url
        self._postgres = make_url(database_url).get_backend_name() == "postgresql"
        self._on_elected = on_elected
        self._on_deposed = on_deposed
        self._retry = retry
        self._heartbeat = heartbeat
        self._ping_timeout = ping_timeout
        self._key = lock_key
        self._engine: AsyncEngine | None = None
        self._connection: AsyncConnection | None = None
        self._task: asyncio.Task[None] | None = None
        self.role: Role = "stopped"

    async def start(self) -> None:
        """Lead at once with SQLite; with PostgreSQL, campaign in the background."""
        if not self._postgres:
            self.role = "leader"
            await self._on_elected()
            return
        self.role = "standby"
        self._engine = create_async_engine(self._url, poolclass=NullPool)
        self._task = asyncio.create_task(self._campaign(), name="leader-campaign")

    async def stop(self) -> None:
        """Step down (the hooks finish their work first) and release the lock."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self.role == "leader":
            await self._step_down(release=True)
        self.role = "stopped"
        if self._engine is not None:
            await self._engine.dispose()
            self._engine = None

    async def _campaign(self) -> None:
        while True:
            if self.role != "leader":
                try:
                    won = await self._try_lock()
                except Exception as exc:  # noqa: BLE001 - the database may be away for a while
                    log.warning("leader election: cannot reach the database (%s)", exc)
                    won = False
                if won:
                    self.role = "leader"
                    log.info("this process is now the leader")
                    try:
                        await self._on_elected()
                    except Exception:
                        log.exception("starting the leader's duties failed; stepping down")
                        await self._step_down(release=True)
                await asyncio.sleep(self._heartbeat if self.role == "leader" else self._retry)
            else:
                if not await self._alive():
                    log.error("lost the leader's database connection; no longer leading")
                    await self._step_down(release=False)
                    continue
                await asyncio.sleep(self._heartbeat)

    async def _try_lock(self) -> bool:
        assert self._engine is not None
        connection = await self._engine.connect()
        try:
            connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            async with asyncio.timeout(self._ping_timeout):
                won = bool(
                    await connection.scalar(
                        text("SELECT pg_try_advisory_lock(:key)"), {"key": self._key}
                    )
                )
        except BaseException:
            await connection.close()
            raise
        if not won:
            await connection.close()
            return False
        self._connection = connection
        return True

    async def _alive(self) -> bool:
        connection = self._connection
        if connection is None:
            return False
        try:
            async with asyncio.timeout(self._ping_timeout):
                held = await connection.scalar(
                    text(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                        "AND pid = pg_backend_pid() AND granted "
                        "AND ((classid::bigint << 32) | objid::bigint) = :key"
                    ),
                    {"key": self._key},
                )
        except Exception as exc:  # noqa: BLE001 - any failure means the lock may be gone
            log.warning("leader heartbeat failed: %s", exc)
            return False
        return bool(held)

    async def _step_down(self, *, release: bool) -> None:
        self.role = "standby" if self._task is not None else "stopped"
        try:
            await self._on_deposed()
        except Exception:
            log.exception("stopping the leader's duties failed")
        connection, self._connection = self._connection, None
        if connection is None:
            return
        with contextlib.suppress(Exception):
            if release:
                async with asyncio.timeout(self._ping_timeout):
                    await connection.execute(
                        text("SELECT pg_advisory_unlock(:key)"), {"key": self._key}
                    )
        with contextlib.suppress(Exception):
            await connection.invalidate()
            await connection.close()
