"""Personal data: `kravbot people export-data` and `forget`, and the retention clean-up, on both
databases. After `forget`, every table, the exports and the log are searched for the person's
name, e-mail, Teams id and Entra id: only the decision log (public minutes, docs/privacy.md)
still names them."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from datetime import timedelta
from pathlib import Path

import pytest

from bot.bootstrap import bot_workflows
from bot.cli import main
from bot.cli.people import _explain
from cards.texts import text
from dialogs.kernel.context import DialogContext
from dialogs.privacy import JOB_ID, KEPT, KEPT_KEYS, Retention, clean_up
from storage.backup import dump
from storage.database import Database
from storage.models import utcnow
from storage.personal_data import ForgetReport
from tests.emulator.server import ConnectorEmulator
from tests.support.populated import populate

pytestmark = pytest.mark.usefixtures("clean_env")


async def _cli(monkeypatch: pytest.MonkeyPatch, url: str, *argv: str) -> int:
    monkeypatch.setenv("KRAVBOT_DATABASE_URL", url)
    return await asyncio.to_thread(main, list(argv))


async def _tables(db: Database) -> dict[str, str]:
    out = io.StringIO()
    await dump(db.engine, out)
    tables = json.loads(out.getvalue())["tables"]
    return {
        name: json.dumps(content["rows"], ensure_ascii=False) for name, content in tables.items()
    }


def _hits(text: str, identifiers: dict[str, str]) -> set[str]:
    return {kind for kind, value in identifiers.items() if value.casefold() in text.casefold()}


async def test_export_then_forget_leaves_only_the_documented_decision_log(
    db: Database,
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    connector_emulator: ConnectorEmulator,
) -> None:
    made = await populate(db, connector_emulator.url)
    kari = made.person
    assert kari.email and kari.teams_user_id and kari.aad_object_id
    ids = {
        "name": kari.name,
        "email": kari.email,
        "teams": kari.teams_user_id,
        "entra": kari.aad_object_id,
    }
    before = await _tables(db)
    assert _hits(before["people"], ids) == set(ids)
    assert "name" in _hits(before["review_answers"], ids)

    assert await _cli(monkeypatch, database_url, "people", "export-data", kari.email) == 0
    export = json.loads(capsys.readouterr().out)
    assert export["person"]["email"] == kari.email
    assert {m["group"] for m in export["memberships"]} >= {"STY", "HJT"}
    assert len(export["review_answers"]) == 3 and len(export["poll_votes"]) == 1
    assert export["mentions"]["decisions"] and export["outbox"]

    # Without --yes nothing happens.
    assert await _cli(monkeypatch, database_url, "people", "forget", kari.teams_user_id) == 1
    assert await _tables(db) == before
    caplog.set_level(logging.INFO)
    for ours in ("bot", "dialogs", "storage"):
        caplog.set_level(logging.DEBUG, logger=ours)
    caplog.clear()
    assert (
        await _cli(monkeypatch, database_url, "people", "forget", kari.teams_user_id, "--yes") == 0
    )
    said = capsys.readouterr().out
    # In bokmål, the default: the pseudonym, and why the decision log keeps the name.
    assert f"«person #{kari.id}»" in said and "beslutningsloggen" in said and "arkivlova" in said

    after = await _tables(db)
    found = {table: _hits(rows, ids) for table, rows in after.items() if _hits(rows, ids)}
    assert found == {"decisions": {"name"}}, found
    assert not _hits(caplog.text + said, ids)
    # The decision log is intact and still verifies.
    assert after["decisions"] == before["decisions"]
    assert await _cli(monkeypatch, database_url, "decisions", "verify") == 0
    # Votes and answers stay (under the pseudonym): closed results do not change.
    assert after["poll_votes"] == before["poll_votes"]
    assert len(json.loads(after["review_answers"])) == 3

    # The exports: the person cannot be found any more; the decision export keeps the minutes.
    for reference in ids.values():
        assert await _cli(monkeypatch, database_url, "people", "export-data", reference) == 2
    assert "ingen person passer til" in capsys.readouterr().err
    assert await _cli(monkeypatch, database_url, "people", "export-data", str(kari.id)) == 0
    export = capsys.readouterr().out
    assert _hits(export, ids) <= {"name"}
    minutes = tmp_path / "decisions.json"
    assert (
        await _cli(
            monkeypatch, database_url, "export", "decisions", "--format", "json", "-o", str(minutes)
        )
        == 0
    )
    assert _hits(minutes.read_text(encoding="utf-8"), ids) == {"name"}


@pytest.mark.parametrize("reference", ["", "nobody@example.org", "999999"])
async def test_unknown_people_are_refused_with_exit_2(
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    reference: str,
) -> None:
    assert await _cli(monkeypatch, database_url, "people", "forget", reference, "--yes") == 2
    assert await _cli(monkeypatch, database_url, "people", "export-data", reference) == 2
    assert "ingen person passer til" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("nb", "ingen person passer til «nobody@example.org» (oppgi ID, e-post"),
        ("nn", "ingen person passar til «nobody@example.org» (oppgi ID, e-post"),
        ("en", "no person matches “nobody@example.org” (give an ID, email"),
    ],
)
async def test_refusals_speak_the_configured_language(
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    language: str,
    words: str,
) -> None:
    monkeypatch.setenv("KRAVBOT_LANGUAGE", language)
    assert await _cli(monkeypatch, database_url, "people", "forget", "nobody@example.org") == 2
    assert words in capsys.readouterr().err


def test_what_forget_did_is_told_in_bokmal_nynorsk_or_english(
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = ForgetReport(7, "person #7", {"review_answers": 3}, {"memberships": 1}, ["12"])
    said = {}
    for language in ("nb", "nn", "en"):
        _explain(language, report)
        said[language] = capsys.readouterr().out
    assert "Person 7 heter nå «person #7»." in said["nb"]
    assert "memberships: slettet 1 rad" in said["nb"]
    assert "review_answers: byttet ut navn eller e-post i 3 rader" in said["nb"]
    assert "beslutningsloggen" in said["nb"] and "arkivlova" in said["nb"]
    assert "Person 7 heiter no «person #7»." in said["nn"] and "avgjerdsloggen" in said["nn"]
    assert "Person 7 is now called “person #7”." in said["en"]
    assert "memberships: deleted 1 row" in said["en"]
    assert "review_answers: replaced the name or email in 3 rows" in said["en"]
    assert "decision log entries naming the person" in said["en"]
    assert "decisions naming the person: 12" in said["en"]


def test_the_export_records_what_forget_keeps_in_english() -> None:
    assert tuple(text("en", key) for key in KEPT_KEYS) == KEPT
    assert KEPT[0].startswith("decision log entries naming the person")


async def test_retention_empties_old_bodies_and_idle_chats_without_resending(
    db: Database, connector_emulator: ConnectorEmulator
) -> None:
    made = await populate(db, connector_emulator.url)
    assert "Velkommen" in (await _tables(db))["outbox"]
    ctx = DialogContext(db=db)
    # Today nothing is old enough.
    assert await clean_up(ctx, Retention(), utcnow()) == {"outbox_bodies": 0, "conversations": 0}
    later = utcnow() + timedelta(days=400)
    counts = await clean_up(ctx, Retention(outbox_days=90, conversation_days=365), later)
    assert counts["outbox_bodies"] >= len(made.sent)
    async with db.read() as uow:
        states = await uow.dispatch.statuses([*made.sent, *made.pending])
        rows = await uow.outbox.counts()
        chats = await uow.conversations.list(kind="personal")
    assert all(states[key] == "sent" for key in made.sent)
    assert all(states[key] == "pending" for key in made.pending)
    assert rows.get("sent", 0) >= len(made.sent)
    # The chats with messages still to send stay; the idle ones are gone.
    assert {chat.id for chat in chats} == {f"a:backup-{n}" for n in range(3)}
    tables = await _tables(db)
    # The sent greeting's body (which named Kari) is gone; its key and Teams id stay.
    assert "Velkommen" not in tables["outbox"]


def test_the_clean_up_is_a_daily_cron_job_of_the_privacy_workflow() -> None:
    [privacy] = [w for w in bot_workflows() if w.name == "privacy"]
    [job] = privacy.cron_jobs
    assert job.job_id == JOB_ID and job.cron == {"hour": 3, "minute": 30}
