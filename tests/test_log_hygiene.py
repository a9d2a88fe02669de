"""Log hygiene: no statement values in logs or errors, libraries quiet at DEBUG, tokens masked
in tracebacks too."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from storage.database import Database
from tests.support.people import debug_log

TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJrYXJpIn0.c2lnbmF0dXJl"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    with debug_log() as stream:
        yield stream


def test_tokens_are_masked_in_messages_and_tracebacks(captured: io.StringIO) -> None:
    log = logging.getLogger("kravbot.test")
    try:
        raise ValueError(f"header too long: Authorization: Bearer {TOKEN}")
    except ValueError:
        log.exception("turn failed for Bearer %s", TOKEN)
    output = captured.getvalue()
    assert "Traceback" in output and "ValueError" in output
    assert TOKEN not in output
    assert TOKEN[:12] not in output
    assert output.count("Bearer ***") == 2


def test_libraries_stay_at_warning_when_kravbot_logs_debug(captured: io.StringIO) -> None:
    assert logging.getLogger("kravbot").getEffectiveLevel() == logging.DEBUG
    for name in ("sqlalchemy.engine", "sqlalchemy.pool", "aiosqlite", "asyncpg", "msal"):
        assert logging.getLogger(name).getEffectiveLevel() == logging.WARNING


async def test_a_failed_statement_never_shows_its_values(
    db: Database, captured: io.StringIO
) -> None:
    secret = "Kari Nordmann 29:teams-id"
    with pytest.raises(DBAPIError) as failure:
        async with db.engine.begin() as conn:
            await conn.execute(
                text("INSERT INTO no_such_table (name) VALUES (:name)"), {"name": secret}
            )
    assert secret not in str(failure.value)
    async with db.uow() as uow:
        await uow.groups.add("STY", secret, "steering")
        await uow.commit()
    assert secret not in captured.getvalue()
