"""Fresh databases for tests: a SQLite file, or a new PostgreSQL database on the local server.

Migrating a database costs far more than copying one, so each backend migrates a template once
per test session and every test gets a copy (`CREATE DATABASE ... TEMPLATE` on PostgreSQL).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

from storage.database import Database
from storage.migrate import upgrade
from tests.support.skips import missing

# The admin connection (sync, psycopg) creates and drops one database per test.
POSTGRES_ADMIN = os.environ.get(
    "KRAVBOT_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test"
)
_ASYNC_BASE = POSTGRES_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
_templates: dict[str, str] = {}


def _admin() -> psycopg.Connection[tuple[object, ...]]:
    try:
        return psycopg.connect(POSTGRES_ADMIN, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        missing(f"PostgreSQL is not reachable at {POSTGRES_ADMIN}: {exc}".splitlines()[0])


def _migrate(url: str) -> None:
    async def run() -> None:
        database = Database(url)
        try:
            await upgrade(database.engine)
        finally:
            await database.dispose()

    asyncio.run(run())


def _postgres_template() -> str:
    if "postgresql" not in _templates:
        name = f"kravbot_tpl_{uuid.uuid4().hex[:12]}"
        with _admin() as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        _migrate(f"{_ASYNC_BASE}/{name}")
        _templates["postgresql"] = name
    return _templates["postgresql"]


def _sqlite_template() -> str:
    if "sqlite" not in _templates:
        path = Path(tempfile.mkdtemp(prefix="kravbot-tpl-")) / "template.db"
        _migrate(f"sqlite+aiosqlite:///{path}")
        _templates["sqlite"] = str(path)
    return _templates["sqlite"]


def drop_templates() -> None:
    """Remove the session's templates (called at the end of the test session)."""
    name = _templates.pop("postgresql", None)
    if name is not None:
        with _admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    path = _templates.pop("sqlite", None)
    if path is not None:
        shutil.rmtree(Path(path).parent, ignore_errors=True)


@contextmanager
def postgres_database(*, migrated: bool) -> Iterator[str]:
    """A new PostgreSQL database; yields its asyncpg URL and drops it afterwards."""
    name = f"kravbot_t_{uuid.uuid4().hex[:12]}"
    template = f' TEMPLATE "{_postgres_template()}"' if migrated else ""
    with _admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"{template}')
    try:
        yield f"{_ASYNC_BASE}/{name}"
    finally:
        with _admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def sqlite_database(directory: Path, *, migrated: bool) -> str:
    """The URL of a new SQLite file in `directory`."""
    path = directory / "kravbot.db"
    if migrated:
        shutil.copyfile(_sqlite_template(), path)
    return f"sqlite+aiosqlite:///{path}"


@contextmanager
def database_url(backend: str, directory: Path, *, migrated: bool = True) -> Iterator[str]:
    """A fresh database of `backend` (`sqlite` or `postgresql`), migrated unless told not to."""
    if backend == "sqlite":
        yield sqlite_database(directory, migrated=migrated)
    else:
        with postgres_database(migrated=migrated) as url:
            yield url


def load_demo_into(url: str) -> None:
    """Load the demo organisation into the database at `url` from synchronous test code."""
    from dialogs.demo.load import load_demo

    async def demo() -> None:
        db = Database(url)
        try:
            await load_demo(db)
        finally:
            await db.dispose()

    asyncio.run(demo())
