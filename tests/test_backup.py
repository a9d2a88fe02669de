"""`kravbot backup` and `kravbot restore`: a database in use comes back whole, on both backends
and across them, with a verifiable decision log and an outbox that resends nothing."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from bot.cli import main
from storage.backup import counts
from storage.database import Database
from storage.migrate import upgrade
from tests.emulator.server import ConnectorEmulator
from tests.support.databases import database_url as fresh_database
from tests.support.outbox import delivered, dispatcher_for, new_term
from tests.support.populated import populate, wait_sent


async def _cli(monkeypatch: pytest.MonkeyPatch, url: str, *argv: str) -> int:
    monkeypatch.setenv("KRAVBOT_DATABASE_URL", url)
    return await asyncio.to_thread(main, list(argv))


async def _outbox_state(url: str) -> list[tuple[str, str, str | None]]:
    db = Database(url)
    try:
        async with db.engine.connect() as conn:
            rows = await conn.execute(text("SELECT key, status, activity_id FROM outbox"))
            return sorted((str(k), str(s), a) for k, s, a in rows)
    finally:
        await db.dispose()


async def _counts(url: str) -> dict[str, int]:
    db = Database(url)
    try:
        return await counts(db.engine)
    finally:
        await db.dispose()


async def _check_restored(
    monkeypatch: pytest.MonkeyPatch,
    source: str,
    target: str,
    sent: tuple[str, ...],
    pending: tuple[str, ...],
) -> None:
    """Same counts, a clean decision log that still refuses changes, and an outbox that sends
    only what was pending."""
    assert await _counts(target) == await _counts(source)
    assert await _outbox_state(target) == await _outbox_state(source)
    assert await _cli(monkeypatch, target, "decisions", "verify") == 0
    db = Database(target)
    try:
        with pytest.raises(DBAPIError, match="append-only"):
            async with db.engine.begin() as conn:
                await conn.execute(text("UPDATE decisions SET title = 'x'"))
        async with ConnectorEmulator() as emulator:
            # The restored conversations point at the first emulator; send to this one instead.
            async with db.engine.begin() as conn:
                await conn.execute(
                    text("UPDATE conversations SET service_url = :u"), {"u": emulator.url}
                )
            dispatcher, connector = dispatcher_for(db)
            await dispatcher.start(await new_term(db))
            try:
                await wait_sent(db, list(pending), timeout=30)
                await asyncio.sleep(0.5)
            finally:
                await dispatcher.stop()
                await connector.close()
            got = delivered(emulator.sent())
    finally:
        await db.dispose()
    assert all(got[key] == 1 for key in pending)
    assert not any(got[key] for key in sent)


async def test_backup_restores_into_an_empty_database_of_either_backend(
    db: Database,
    database_url: str,
    backend: str,
    tmp_path: Path,
    clean_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    connector_emulator: ConnectorEmulator,
) -> None:
    made = await populate(db, connector_emulator.url)
    assert await _cli(monkeypatch, database_url, "decisions", "verify") == 0
    file = tmp_path / "kravbot-backup.json"
    assert await _cli(monkeypatch, database_url, "backup", "-o", str(file)) == 0
    document = json.loads(file.read_text(encoding="utf-8"))
    assert document["format"] == "kravbot-backup" and document["version"] == 1
    assert len(document["tables"]["decisions"]["rows"]) >= 2
    for target_backend in (backend, "postgresql" if backend == "sqlite" else "sqlite"):
        place = tmp_path / f"to-{target_backend}"
        place.mkdir()
        with fresh_database(target_backend, place, migrated=False) as target:
            assert await _cli(monkeypatch, target, "restore", str(file)) == 0
            await _check_restored(monkeypatch, database_url, target, made.sent, made.pending)
            # A second restore would mix two histories: refused, nothing written.
            before = await _counts(target)
            assert await _cli(monkeypatch, target, "restore", str(file)) == 2
            assert await _counts(target) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "ikke en sikkerhetskopi fra Kravbot (ikke JSON:"),
        ('{"format": "other"}', "formatmerket kravbot-backup mangler"),
        ('{"format": "kravbot-backup", "version": 99}', "formatversjon 99, ikke 1"),
        (
            '{"format": "kravbot-backup", "version": 1, "revision": "0010", '
            '"tables": {"secrets": {"columns": [], "rows": []}}}',
            "tabeller som denne versjonen av Kravbot ikke kjenner",
        ),
        (
            '{"format": "kravbot-backup", "version": 1, "revision": "0001", "tables": {}}',
            "sikkerhetskopien er fra skjemarevisjon 0001",
        ),
    ],
)
async def test_restore_refuses_a_bad_file_with_exit_2(
    database_url: str,
    tmp_path: Path,
    clean_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    content: str,
    message: str,
) -> None:
    file = tmp_path / "bad.json"
    file.write_text(content, encoding="utf-8")
    before = await _counts(database_url)
    assert await _cli(monkeypatch, database_url, "restore", str(file)) == 2
    assert message in capsys.readouterr().err
    assert await _counts(database_url) == before


async def test_backup_of_a_database_without_schema_is_refused(
    empty_database_url: str, tmp_path: Path, clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "b.json"
    assert await _cli(monkeypatch, empty_database_url, "backup", "-o", str(file)) == 2
    assert not file.exists()
    db = Database(empty_database_url)
    try:
        await upgrade(db.engine)
    finally:
        await db.dispose()
    assert await _cli(monkeypatch, empty_database_url, "backup", "-o", str(file)) == 0


@pytest.mark.parametrize(
    ("language", "wrote", "refused"),
    [
        ("nb", "Skrev {file}: ", "kravbot restore: ikke en sikkerhetskopi fra Kravbot"),
        ("nn", "Skreiv {file}: ", "kravbot restore: ikkje ein reservekopi frå Kravbot"),
        ("en", "Wrote {file}: ", "kravbot restore: not a Kravbot backup"),
    ],
)
async def test_backup_and_restore_speak_the_configured_language(
    database_url: str,
    tmp_path: Path,
    clean_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    language: str,
    wrote: str,
    refused: str,
) -> None:
    monkeypatch.setenv("KRAVBOT_LANGUAGE", language)
    file = tmp_path / "b.json"
    assert await _cli(monkeypatch, database_url, "backup", "-o", str(file)) == 0
    said = capsys.readouterr().out
    assert said.startswith(wrote.format(file=file)), said
    revision = json.loads(file.read_text(encoding="utf-8"))["revision"]
    words = {"nb": "skjemarevisjon", "nn": "skjemaversjon", "en": "schema revision"}[language]
    assert f"{words} {revision}." in said
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "other"}', encoding="utf-8")
    assert await _cli(monkeypatch, database_url, "restore", str(bad)) == 2
    assert refused in capsys.readouterr().err
