"""The database: one async engine and its sessions, tuned for SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from storage.outbox import SIGNAL_KEY, EnqueueSignal
from storage.uow import UnitOfWork

# Execution option of the engine behind `Database.read()`: on SQLite such units begin no
# transaction (each statement is its own).
READ_ONLY = "kravbot_read_only"


# Defaults of KRAVBOT_DB_CONNECT_TIMEOUT and KRAVBOT_DB_STATEMENT_TIMEOUT (seconds).
CONNECT_TIMEOUT = 5.0
STATEMENT_TIMEOUT = 30.0
# How long a turn waits for a pooled connection. A burst (a whole group voting in the same
# minute) queues here for a few seconds; failing it after the connect timeout would turn a
# busy minute into lost answers. A hung database is caught by the statement timeout instead.
POOL_TIMEOUT = 30.0


def create_engine(
    url: str,
    *,
    connect_timeout: float = CONNECT_TIMEOUT,
    statement_timeout: float = STATEMENT_TIMEOUT,
) -> AsyncEngine:
    """An async engine for `url` (sqlite+aiosqlite or postgresql+asyncpg).

    PostgreSQL connections time out when connecting (`connect_timeout`) and per statement
    (`statement_timeout`), both on the client (asyncpg gives up waiting even when the server
    hangs) and on the server (PostgreSQL cancels the statement); a checkout waits at most
    `POOL_TIMEOUT` for a pooled connection.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_async_engine(url, connect_args={"timeout": 30}, hide_parameters=True)
        _tune_sqlite(engine)
        return engine
    return create_async_engine(
        url,
        # Statement values (names, ids, votes) never reach a log or an error message.
        hide_parameters=True,
        pool_size=10,
        max_overflow=10,
        pool_pre_ping=True,
        pool_timeout=max(POOL_TIMEOUT, connect_timeout),
        connect_args=postgres_connect_args(connect_timeout, statement_timeout),
    )


def postgres_connect_args(connect_timeout: float, statement_timeout: float) -> dict[str, Any]:
    """asyncpg's connect arguments for the timeouts (client side and server side)."""
    return {
        "timeout": connect_timeout,
        "command_timeout": statement_timeout,
        "server_settings": {"statement_timeout": str(int(statement_timeout * 1000))},
    }


def _tune_sqlite(engine: AsyncEngine) -> None:
    # pysqlite's own transaction handling begins late and in DEFERRED mode, so two writers can
    # both read and then fail to upgrade their lock ("database is locked"). We take the writer
    # lock at BEGIN instead: SQLite writes are serialized anyway, and waiting beats failing.
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        # Deleted rows (a sealed secret ballot's votes) are overwritten in the file, not left
        # readable in free pages.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()
        # SQLite's own lower() (behind ILIKE) folds only ASCII, so «Ø» would not match «ø»;
        # Python's folds every letter, as PostgreSQL does.
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Read-only units (`Database.read()`) begin no transaction at all: each statement reads
        # in its own implicit one (WAL: a snapshot, no writer lock), so reads never queue behind
        # writers and cost no BEGIN/ROLLBACK round trips.
        if not connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def _consume(task: asyncio.Future[None]) -> None:
    if not task.cancelled():
        task.exception()


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


class Database:
    """Owns the engine; hands out units of work."""

    def __init__(
        self,
        url: str,
        *,
        connect_timeout: float = CONNECT_TIMEOUT,
        statement_timeout: float = STATEMENT_TIMEOUT,
    ) -> None:
        self.url = url
        self.connect_timeout = connect_timeout
        self.statement_timeout = statement_timeout
        self.engine = create_engine(
            url, connect_timeout=connect_timeout, statement_timeout=statement_timeout
        )
        # Commits that enqueued outbox messages wake the dispatcher sharing this object.
        self.enqueued = EnqueueSignal()
        info = {SIGNAL_KEY: self.enqueued}
        self.sessions: async_sessionmaker[AsyncSession] = async_sessionmaker(
            self.engine, expire_on_commit=False, info=info
        )
        self.read_sessions: async_sessionmaker[AsyncSession] = async_sessionmaker(
            self.engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False, info=info
        )

    @property
    def dialect(self) -> str:
        """`sqlite` or `postgresql`."""
        return self.engine.dialect.name

    def uow(self) -> UnitOfWork:
        """A new unit of work; use it as `async with db.uow() as uow: ...; await uow.commit()`."""
        return UnitOfWork(self.sessions)

    def read(self) -> UnitOfWork:
        """A unit of work for reading only: never write or commit in it.

        On SQLite it does not take the writer lock (every other unit does, at BEGIN), so
        reads done before or after a short write do not hold writers up; each statement sees
        the latest commit (no snapshot across statements). On PostgreSQL it is an ordinary
        READ COMMITTED transaction.
        """
        return UnitOfWork(self.read_sessions)

    async def ping(self, timeout: float = 2.0) -> bool:
        """True when the database answers a trivial query within `timeout` seconds.

        Returns at the deadline even when cleaning up the abandoned attempt takes longer (a
        hung server): the attempt is cancelled in the background.
        """

        async def select_one() -> None:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))

        attempt = asyncio.ensure_future(select_one())
        done, _ = await asyncio.wait({attempt}, timeout=timeout)
        if not done:
            attempt.cancel()
            attempt.add_done_callback(_consume)
            return False
        return attempt.exception() is None

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()
