"""Fresh databases for tests: a SQLite file, or a new PostgreSQL database on the local server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

from tests.support.skips import missing

# The admin connection (sync, psycopg) creates and drops one database per test.
POSTGRES_ADMIN = os.environ.get(
    "KRAVBOT_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test"
)


def _admin() -> psycopg.Connection[tuple[object, ...]]:
    try:
        return psycopg.connect(POSTGRES_ADMIN, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        missing(f"PostgreSQL is not reachable at {POSTGRES_ADMIN}: {exc}".splitlines()[0])


@contextmanager
def postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database; yields its asyncpg URL and drops it afterwards."""
    name = f"kravbot_t_{uuid.uuid4().hex[:12]}"
    with _admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
    try:
        yield f"{base}/{name}"
    finally:
        with _admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def sqlite_database(directory: Path) -> str:
    """The URL of a new SQLite file in `directory`."""
    return f"sqlite+aiosqlite:///{directory / 'kravbot.db'}"


@contextmanager
def database_url(backend: str, directory: Path) -> Iterator[str]:
    """A fresh database of `backend` (`sqlite` or `postgresql`)."""
    if backend == "sqlite":
        yield sqlite_database(directory)
    else:
        with postgres_database() as url:
            yield url
