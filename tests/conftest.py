"""Shared fixtures: databases on both backends, the bot on a loopback port, the emulator."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from storage.database import Database
from storage.migrate import upgrade
from tests.support.databases import database_url as fresh_database
from tests.support.databases import drop_templates

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each storage test runs once per database backend."""
    return str(request.param)


@pytest.fixture
def database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A fresh database of the backend under test, migrated to the newest schema."""
    with fresh_database(backend, tmp_path) as url:
        yield url


@pytest.fixture
def empty_database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A fresh database of the backend under test with no tables at all."""
    with fresh_database(backend, tmp_path, migrated=False) as url:
        yield url


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No Kravbot or Bot Framework settings from the shell, and a fresh working directory (so no
    developer's `.env` is read): what the CLI sees on a clean machine."""
    for name in list(os.environ):
        if name.startswith(("KRAVBOT_", "Microsoft", "MICROSOFT")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def demo_cli(clean_env: Path, monkeypatch: pytest.MonkeyPatch, database_url: str) -> str:
    """The command line on a database with the demo loaded, in bokmål; its URL."""
    from tests.support.databases import load_demo_into

    monkeypatch.setenv("KRAVBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("KRAVBOT_LANGUAGE", "nb")
    load_demo_into(database_url)
    return database_url


_EXIT: dict[str, int] = {}


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    drop_templates()
    _EXIT["status"] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Name any thread that would keep the test process from exiting, then exit regardless.

    Python joins every non-daemon thread before it exits (and only then flushes stdout): one
    thread left waiting (an unclosed aiosqlite connection, an executor call that never
    returns) would hang CI after the last test with the end of the report unwritten."""
    if "status" not in _EXIT:
        return
    if left := _waiting_threads():
        names = ", ".join(sorted(t.name for t in left))
        sys.stderr.write(f"\ntests: exiting without waiting for threads: {names}\n")
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_EXIT["status"])


def _waiting_threads() -> list[threading.Thread]:
    main = threading.main_thread()
    return [t for t in threading.enumerate() if t is not main and not t.daemon and t.is_alive()]


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    """A migrated database."""
    database = Database(database_url)
    await upgrade(database.engine)
    try:
        yield database
    finally:
        await database.dispose()


# Fixtures shared from their own modules: the Teams connector emulator and the OpenID server.
from tests.emulator.fixtures import connector_emulator  # noqa: E402, F401
from tests.support.openid import openid_server  # noqa: E402, F401
