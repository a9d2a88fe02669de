"""Operations: `kravbot outbox status|retry-dead`, and /readyz reporting leader and backlog."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest
from sqlalchemy import text, update

from bot.cli import main
from bot.leader import LOCK_KEY
from storage.database import Database
from storage.models import OutboxMessage
from tests.emulator import ConnectorEmulator
from tests.support.botserver import RunningBot, running_bot, settings_for
from tests.support.outbox import add_conversations, enqueue_texts, wait_settled


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, database_url: str) -> str:
    for name in list(os.environ):
        if name.startswith(("KRAVBOT_", "Microsoft", "MICROSOFT")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KRAVBOT_DATABASE_URL", database_url)
    return database_url


def test_status_and_retry_dead(env: str, capsys: pytest.CaptureFixture[str]) -> None:
    async def seed() -> None:
        db = Database(env)
        try:
            await enqueue_texts(db, [(f"k{i}", "a:x") for i in range(5)])
            async with db.uow() as uow:
                await uow.session.execute(
                    update(OutboxMessage)
                    .where(OutboxMessage.key.in_(["k0", "k1"]))
                    .values(status="dead", attempts=8, last_error="500")
                )
                await uow.commit()
        finally:
            await db.dispose()

    asyncio.run(seed())
    assert main(["outbox", "status"]) == 0
    out = capsys.readouterr().out
    # Bokmål, the default: the statuses' names in one column, the counts in the next.
    assert "venter     3\n" in out and "gitt opp   2\n" in out
    assert "eldste som venter: 0 sek gammel" in out or "eldste som venter: 1 sek gammel" in out
    assert main(["outbox", "retry-dead"]) == 0
    assert "Satte 2 meldinger som var gitt opp, i kø igjen." in capsys.readouterr().out
    assert main(["outbox", "status"]) == 0
    out = capsys.readouterr().out
    assert "venter     5\n" in out and "gitt opp   0\n" in out


def test_status_of_an_empty_outbox(env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["outbox", "status"]) == 0
    assert "eldste som venter: ingen" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("language", "status", "requeued"),
    [
        (
            "nb",
            ["venter     0", "sendes nå  0", "gitt opp   0", "eldste som venter: ingen"],
            "Satte 0 meldinger som var gitt opp, i kø igjen.",
        ),
        (
            "nn",
            ["ventar        0", "blir send no  0", "eldste som ventar: ingen"],
            "Sette 0 meldingar som var gitt opp, i kø igjen.",
        ),
        (
            "en",
            ["pending     0", "superseded  0", "dead        0", "oldest pending: none"],
            "Queued 0 dead messages again.",
        ),
    ],
)
def test_the_outbox_commands_speak_the_configured_language(
    env: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    language: str,
    status: list[str],
    requeued: str,
) -> None:
    monkeypatch.setenv("KRAVBOT_LANGUAGE", language)
    assert main(["outbox", "status"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert all(line in lines for line in status), lines
    assert main(["outbox", "retry-dead"]) == 0
    assert capsys.readouterr().out == requeued + "\n"


def test_ages_and_failures_read_in_each_language() -> None:
    from bot.cli.outbox import _age

    assert [_age("nb", s) for s in (5, 600, 3 * 3600 + 5 * 60)] == [
        "5 sek",
        "10 min",
        "3 timer 05 min",
    ]
    assert _age("nn", 3600 * 2) == "2 timar 00 min"
    assert [_age("en", s) for s in (5, 600, 3 * 3600 + 5 * 60)] == ["5s", "10m", "3h05m"]


async def _role(bot: RunningBot, wanted: str) -> dict[str, object]:
    deadline = time.monotonic() + 10
    while True:
        status, body = await bot.get("/readyz")
        assert status == 200
        if body["outbox"]["role"] == wanted or time.monotonic() > deadline:
            return dict(body["outbox"])
        await asyncio.sleep(0.1)


async def test_the_app_leads_and_delivers_and_readyz_says_so(
    db: Database, database_url: str, connector_emulator: ConnectorEmulator
) -> None:
    await add_conversations(db, ["a:app"], connector_emulator.url)
    async with running_bot(settings_for(database_url), background=True) as bot:
        outbox = await _role(bot, "leader")
        assert outbox["role"] == "leader" and outbox["dispatcher"] == "running"
        await enqueue_texts(db, [("via-app", "a:app")])
        await connector_emulator.wait_for_sent(1, timeout=5)
        await wait_settled(db, timeout=5)
        outbox = await _role(bot, "leader")
        assert outbox["pending"] == 0


@pytest.mark.parametrize("backend", ["postgresql"])
async def test_a_second_replica_stands_by_until_the_first_stops(database_url: str) -> None:
    settings = settings_for(database_url, leader_retry=0.5)
    async with running_bot(settings, background=True) as first:
        assert (await _role(first, "leader"))["role"] == "leader"
        async with running_bot(settings, background=True) as second:
            await asyncio.sleep(1.2)
            outbox = await _role(second, "standby")
            assert outbox["role"] == "standby" and outbox["dispatcher"] == "idle"
            await first.services.background.stop()  # type: ignore[union-attr]
            assert (await _role(second, "leader"))["role"] == "leader"


async def test_without_background_there_is_no_outbox_report(database_url: str) -> None:
    async with running_bot(settings_for(database_url)) as bot:
        status, body = await bot.get("/readyz")
    assert status == 200 and "outbox" not in body


@pytest.mark.parametrize("backend", ["postgresql"])
async def test_a_leader_whose_lock_connection_dies_steps_down_and_campaigns_again(
    database_url: str,
) -> None:
    settings = settings_for(database_url, leader_retry=0.5)
    holder_sql = text(
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
        "AND ((classid::bigint << 32) | objid::bigint) = :key"
    )
    async with running_bot(settings, background=True) as bot:
        assert (await _role(bot, "leader"))["role"] == "leader"
        background = bot.services.background
        assert background is not None
        async with bot.services.db.engine.connect() as connection:
            first = await connection.scalar(holder_sql, {"key": LOCK_KEY})
            assert first is not None
            await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
            await connection.commit()
        # The heartbeat notices, the duties stop, and the lock is taken again on a new connection.
        deadline = time.monotonic() + 15
        second = None
        while time.monotonic() < deadline:
            async with bot.services.db.engine.connect() as connection:
                second = await connection.scalar(holder_sql, {"key": LOCK_KEY})
            if second is not None and second != first and background.dispatcher.running:
                break
            await asyncio.sleep(0.2)
        assert second is not None and second != first
        assert background.leadership.role == "leader" and background.dispatcher.running
