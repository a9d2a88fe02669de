"""One leader among the replicas: it alone runs the scheduler and the dispatcher.

PostgreSQL: the leader holds a session-level advisory lock (`pg_try_advisory_lock`) on a
connection of its own, outside any pool and in autocommit (never idle in a transaction). It
confirms that lock every `heartbeat` seconds; when the check fails or times out the connection
is dropped, the lock with it, and the process stops leading at once. PostgreSQL releases the
lock as soon as the leader's backend sees its connection close, which happens the moment a
killed leader's socket is closed by its kernel. Standbys try every `retry` seconds, so one
takes over within `retry` seconds plus its own start-up.

SQLite: one process owns the file, so it always leads.

**Terms.** Every time a process becomes leader it begins a *term* in the database
(`delivery_terms`, see `storage/outbox_dispatch.py`): the next epoch, which fences every older
term (their holders can claim no more messages), and a lease of `lease` seconds that the
heartbeat renews. The dispatcher puts a message on the wire only while the lease covers the
whole request (`Term.can_send`), so once the lease has run out in the database nothing of that
term can still be in flight, even if its holder lives on without its lock: only then does a
new leader send that term's unfinished rows again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Literal

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from storage.database import Database, postgres_connect_args
from storage.models import utcnow

log = logging.getLogger(__name__)

# "Kravbot" in ASCII: the advisory lock key every replica of this bot competes for.
LOCK_KEY = 0x4B72617662_6F74
Role = Literal["leader", "standby", "stopped"]
Clock = Callable[[], float]


class Term:
    """This process's term as leader: its epoch and how long its lease surely lasts.

    The local deadline is measured from *before* each renewal was sent, so it never outlasts
    the lease the database holds (`lease_until` was set later, from a later clock reading).
    """

    def __init__(self, epoch: int, lease: float, started: float, clock: Clock) -> None:
        self.epoch = epoch
        self.lease = lease
        self._clock = clock
        self._deadline = started + lease
        self._lost = asyncio.Event()

    def renewed(self, started: float) -> None:
        """A renewal sent at `started` (local clock) succeeded."""
        self._deadline = max(self._deadline, started + self.lease)

    def can_send(self, seconds: float) -> bool:
        """True while the term stands and its lease lasts at least `seconds` more."""
        return not self._lost.is_set() and self._clock() + seconds <= self._deadline

    def remaining(self) -> float:
        return self._deadline - self._clock()

    @property
    def lost(self) -> bool:
        return self._lost.is_set()

    def lose(self) -> None:
        """The term is over for this process (fenced by a newer one, or stepping down)."""
        self._lost.set()

    async def wait_lost(self, timeout: float) -> bool:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._lost.wait(), timeout)
        return self._lost.is_set()


Elected = Callable[[Term], Awaitable[None]]
# Returns True when nothing of the term is left on the wire (its term may end at once).
Deposed = Callable[[], Awaitable[bool]]


class Leadership:
    """Campaign for leadership; call `on_elected` when won and `on_deposed` when lost."""

    def __init__(
        self,
        db: Database,
        *,
        on_elected: Elected,
        on_deposed: Deposed,
        retry: float = 3.0,
        heartbeat: float = 3.0,
        ping_timeout: float = 3.0,
        lease: float = 20.0,
        stop_timeout: float = 25.0,
        lock_key: int = LOCK_KEY,
        clock: Clock = time.monotonic,
    ) -> None:
        if lease <= 2 * heartbeat:
            raise ValueError("the lease must outlast at least two heartbeats")
        self._db = db
        self._url = db.url
        self._postgres = make_url(db.url).get_backend_name() == "postgresql"
        self._on_elected = on_elected
        self._on_deposed = on_deposed
        self._retry = retry
        self._heartbeat = heartbeat
        self._ping_timeout = ping_timeout
        self._lease = lease
        self._stop_timeout = stop_timeout
        self._key = lock_key
        self._clock = clock
        self._holder = f"{socket.gethostname()}:{os.getpid()}"
        self._engine: AsyncEngine | None = None
        self._connection: AsyncConnection | None = None
        self._task: asyncio.Task[None] | None = None
        self.term: Term | None = None
        self.role: Role = "stopped"

    async def start(self) -> None:
        """Campaign in the background (with SQLite the first attempt wins)."""
        self.role = "standby"
        if self._postgres:
            self._engine = create_async_engine(
                self._url,
                poolclass=NullPool,
                hide_parameters=True,
                connect_args=postgres_connect_args(self._ping_timeout, self._ping_timeout),
            )
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
            with contextlib.suppress(Exception):
                async with asyncio.timeout(self._ping_timeout):
                    await self._engine.dispose()
            self._engine = None

    # ------------------------------------------------------------------ the campaign

    async def _campaign(self) -> None:
        while True:
            if self.role != "leader":
                if not await self._try_to_lead():
                    await asyncio.sleep(self._retry)
                continue
            term = self.term
            if term is None:
                raise RuntimeError("term is not set: the caller broke an invariant")
            if await term.wait_lost(self._heartbeat):
                log.warning("a newer leader fenced this term (epoch %d); stepping down", term.epoch)
                await self._step_down(release=True)
                continue
            reason = await self._confirm(term)
            if reason is not None:
                log.error("%s; no longer leading", reason)
                await self._step_down(release=False)

    async def _try_to_lead(self) -> bool:
        """True when this process leads now."""
        try:
            won = await self._try_lock()
        except Exception as exc:  # noqa: BLE001 - the database may be away for a while
            log.warning("leader election: cannot reach the database (%s)", _one_line(exc))
            return False
        if not won:
            return False
        try:
            term = await self._begin_term()
        except Exception as exc:  # noqa: BLE001 - as above
            log.warning("leader election: cannot begin a term (%s)", _one_line(exc))
            await self._drop_connection(release=True)
            return False
        self.term = term
        self.role = "leader"
        log.info("this process is now the leader (epoch %d)", term.epoch)
        try:
            await self._on_elected(term)
        except Exception:
            log.exception("starting the leader's duties failed; stepping down")
            await self._step_down(release=True)
            return False
        return True

    async def _try_lock(self) -> bool:
        if not self._postgres:
            return True
        if self._engine is None:
            raise RuntimeError("self._engine is not set: the caller broke an invariant")
        async with asyncio.timeout(self._ping_timeout):
            connection = await self._engine.connect()
        try:
            async with asyncio.timeout(self._ping_timeout):
                connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
                won = bool(
                    await connection.scalar(
                        text("SELECT pg_try_advisory_lock(:key)"), {"key": self._key}
                    )
                )
        except BaseException:
            await _close(connection, self._ping_timeout)
            raise
        if not won:
            await _close(connection, self._ping_timeout)
            return False
        self._connection = connection
        return True

    async def _begin_term(self) -> Term:
        started = self._clock()
        async with asyncio.timeout(self._ping_timeout * 2):
            async with self._db.uow() as uow:
                epoch = await uow.dispatch.begin_term(self._holder, utcnow(), self._lease)
                await uow.commit()
        return Term(epoch, self._lease, started, self._clock)

    async def _confirm(self, term: Term) -> str | None:
        """None while this process still leads; else why it does not."""
        if self._postgres and not await self._lock_held():
            return "lost the leader's lock (its database connection failed)"
        started = self._clock()
        try:
            async with asyncio.timeout(self._ping_timeout):
                async with self._db.uow() as uow:
                    renewed = await uow.dispatch.renew_term(
                        term.epoch, utcnow() + timedelta(seconds=self._lease)
                    )
                    await uow.commit()
        except Exception as exc:  # noqa: BLE001 - the lease runs out; sends stop by themselves
            log.warning(
                "could not renew the leader's lease (%s); %.0f s left",
                _one_line(exc),
                term.remaining(),
            )
            if term.remaining() <= 0:
                return "the leader's lease ran out"
            return None
        if not renewed:
            term.lose()
            return f"a newer leader fenced this term (epoch {term.epoch})"
        term.renewed(started)
        return None

    async def _lock_held(self) -> bool:
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
            log.warning("leader heartbeat failed: %s", _one_line(exc))
            return False
        return bool(held)

    async def _step_down(self, *, release: bool) -> None:
        self.role = "standby" if self._task is not None else "stopped"
        term, self.term = self.term, None
        if term is not None:
            term.lose()
        clean = False
        try:
            async with asyncio.timeout(self._stop_timeout):
                clean = await self._on_deposed()
        except TimeoutError:
            log.warning("the leader's duties did not stop within %.0f s", self._stop_timeout)
        except Exception as exc:  # noqa: BLE001 - e.g. the database is away: one line, go on
            log.warning("stopping the leader's duties: %s", _one_line(exc))
        if term is not None and clean:
            await self._end_term(term)
        await self._drop_connection(release=release)

    async def _end_term(self, term: Term) -> None:
        try:
            async with asyncio.timeout(self._ping_timeout):
                async with self._db.uow() as uow:
                    await uow.dispatch.end_term(term.epoch, utcnow())
                    await uow.commit()
        except Exception as exc:  # noqa: BLE001 - its lease runs out instead
            log.warning(
                "could not end term %d (%s); its lease runs out instead",
                term.epoch,
                _one_line(exc),
            )

    async def _drop_connection(self, *, release: bool) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        if release:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(self._ping_timeout):
                    await connection.execute(
                        text("SELECT pg_advisory_unlock(:key)"), {"key": self._key}
                    )
        with contextlib.suppress(Exception):
            async with asyncio.timeout(self._ping_timeout):
                await connection.invalidate()
        await _close(connection, self._ping_timeout)


async def _close(connection: AsyncConnection, timeout: float) -> None:
    with contextlib.suppress(Exception):
        async with asyncio.timeout(timeout):
            await connection.close()


def _one_line(exc: BaseException) -> str:
    text_ = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text_[0]}" if text_ else type(exc).__name__
