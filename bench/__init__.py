"""Benchmarks: each prints one `bench <name>: key=value ...` line as its last output."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def bench_database(url: str | None, folder: Path) -> Iterator[str]:
    """A fresh PostgreSQL database for `postgresql`, else `url`, else SQLite in `folder`."""
    if url == "postgresql":
        from tests.support.databases import postgres_database

        with postgres_database(migrated=False) as fresh:
            yield fresh
    else:
        yield url or f"sqlite+aiosqlite:///{folder / 'bench.db'}"
