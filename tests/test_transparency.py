"""The decision log as a transparency log, attacked the way someone with database access would:
on both databases, every rewrite is found by `kravbot decisions verify` against an earlier
signed checkpoint, naming the first entry that differs; a clean log verifies."""

from __future__ import annotations

import asyncio
import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from bot.cli import main
from storage.database import Database
from storage.decisions import hashed_fields
from storage.hashchain import GENESIS, record_hash
from tests.support.decision_log import add_groups, run_sql

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def log(
    clean_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> dict[str, Any]:
    """Five decisions, a checkpoint after each, signed with a key made by `keys generate`."""
    monkeypatch.setenv("KRAVBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("KRAVBOT_LANGUAGE", "en")
    key_file = tmp_path / "signing.pem"
    assert main(["keys", "generate", str(key_file)]) == 0
    public = capsys.readouterr().out.strip()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    monkeypatch.setenv("KRAVBOT_SIGNING_KEY_FILE", str(key_file))
    checkpoints = tmp_path / "checkpoints.txt"
    monkeypatch.setenv("KRAVBOT_CHECKPOINT_FILE", str(checkpoints))
    add_groups(database_url, ("STY", "Styringsgruppe", "steering"))
    for n in range(1, 6):
        args = [
            "decisions",
            "add",
            "--title",
            f"Sak {n}",
            "--text",
            f"Vedtak {n}.",
            "--group",
            "STY",
            "--outcome",
            "adopted",
            "--basis",
            '{"note": "x"}',
        ]
        assert main(args) == 0
        assert main(["decisions", "checkpoint"]) == 0
    capsys.readouterr()
    return {"url": database_url, "public": public, "file": checkpoints, "key": key_file}


_sql = run_sql


def _owner_unlocks(url: str) -> None:
    """What a database owner (not the application) can do: switch the triggers off."""
    if url.startswith("postgresql"):
        _sql(url, "ALTER TABLE decisions DISABLE TRIGGER USER")
    else:
        _sql(
            url,
            "DROP TRIGGER decisions_no_update",
            "DROP TRIGGER decisions_no_delete",
            "DROP TRIGGER decisions_no_replace",
        )


def _rewrite(url: str, change: Callable[[list[dict[str, Any]]], None]) -> None:
    """Change the stored fields, then re-hash the whole chain so that it is intact again."""

    async def run() -> None:
        db = Database(url)
        try:
            async with db.read() as uow:
                rows = [hashed_fields(d) for d in await uow.decisions.between(None, None)]
            change(rows)
            prev = GENESIS
            async with db.engine.begin() as conn:
                for fields in rows:
                    digest = record_hash(fields, prev)
                    await conn.execute(
                        text(
                            "UPDATE decisions SET title = :title, text = :text, outcome = :o, "
                            "prev_hash = :prev, hash = :hash WHERE sequence = :seq"
                        ),
                        {
                            "title": fields["title"],
                            "text": fields["text"],
                            "o": fields["outcome"],
                            "prev": prev,
                            "hash": "x" + digest[1:],
                            "seq": fields["sequence"],
                        },
                    )
                    prev = digest
                # Two passes: the unique hash column must not collide midway.
                for fields in rows:
                    await conn.execute(
                        text("UPDATE decisions SET hash = :h WHERE sequence = :seq"),
                        {
                            "h": record_hash(fields, _prev_of(rows, fields)),
                            "seq": fields["sequence"],
                        },
                    )
        finally:
            await db.dispose()

    asyncio.run(run())


def _prev_of(rows: list[dict[str, Any]], fields: dict[str, Any]) -> str:
    prev = GENESIS
    for row in rows:
        if row is fields:
            return prev
        prev = record_hash(row, prev)
    raise AssertionError


def _verify(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["decisions", "verify", *args])
    return code, capsys.readouterr().out


def test_a_clean_log_verifies_against_every_checkpoint(
    log: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _verify(capsys, "--checkpoint", str(log["file"]), "--key", log["public"])
    assert code == 0, out
    assert "5 decisions, chain intact" in out
    assert out.count("matches the log") == 5


def test_rewriting_an_entry_without_rehashing_is_named(
    log: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    _owner_unlocks(log["url"])
    _sql(log["url"], "UPDATE decisions SET outcome = 'rejected' WHERE sequence = 2")
    code, out = _verify(capsys, "--checkpoint", str(log["file"]))
    assert code == 1
    assert "Decision no. 2: the checksum is wrong" in out
    assert "The first changed decision is no. 2." in out


def test_a_rehashed_rewrite_passes_the_chain_but_not_the_checkpoints(
    log: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    _owner_unlocks(log["url"])

    def forge(rows: list[dict[str, Any]]) -> None:
        rows[2]["outcome"] = "rejected"
        rows[2]["text"] = "Vedtak 3 forkastes."

    _rewrite(log["url"], forge)
    code, out = _verify(capsys)  # without checkpoints the forgery is invisible
    assert code == 0 and "chain intact" in out
    code, out = _verify(capsys, "--checkpoint", str(log["file"]))
    assert code == 1
    assert "chain intact" in out
    assert "The first changed decision is no. 3." in out
    assert out.count("matches the log") == 2


def test_a_reorder_is_named(log: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    _owner_unlocks(log["url"])

    def swap(rows: list[dict[str, Any]]) -> None:
        for name in ("title", "text"):
            rows[1][name], rows[3][name] = rows[3][name], rows[1][name]

    _rewrite(log["url"], swap)
    code, out = _verify(capsys, "--checkpoint", str(log["file"]))
    assert code == 1
    assert "The first changed decision is no. 2." in out


def test_a_deleted_tail_is_named(log: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    _owner_unlocks(log["url"])
    _sql(log["url"], "DELETE FROM decisions WHERE sequence >= 4")
    code, out = _verify(capsys)
    assert code == 0  # the chain of three is intact...
    # ...but the checkpoints remember five, and a single one names the first missing entry.
    last_note = log["file"].read_text(encoding="utf-8").strip().split("\n\n")[-2:]
    code, out = _verify(capsys, "--checkpoint", "\n\n".join(last_note) + "\n")
    assert code == 1
    assert "the log is shorter. Decisions from no. 4 on are missing." in out


def test_everything_deleted_is_found(
    log: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    _owner_unlocks(log["url"])
    _sql(log["url"], "DELETE FROM decisions")
    code, out = _verify(capsys, "--checkpoint", str(log["file"]))
    assert code == 1
    assert "Decisions from no. 1 on are missing." in out


def test_one_checkpoint_bounds_the_first_difference(
    log: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    _owner_unlocks(log["url"])
    _rewrite(log["url"], lambda rows: rows[0].update(title="Sak 1 (endret)"))
    newest = log["file"].read_text(encoding="utf-8").strip().split("\n\n")[-2:]
    code, out = _verify(capsys, "--checkpoint", "\n\n".join(newest) + "\n")
    assert code == 1
    assert "The first changed decision is one of no. 1 to 5." in out


def test_a_checkpoint_signed_by_another_key_is_refused(
    log: dict[str, Any], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["keys", "generate", str(tmp_path / "other.pem")]) == 0
    other = capsys.readouterr().out.strip()
    code, out = _verify(capsys, "--checkpoint", str(log["file"]), "--key", other)
    assert code == 1
    assert "no valid signature by this key" in out


def test_keys_generate_never_overwrites(
    log: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    before = log["key"].read_bytes()
    assert main(["keys", "generate", str(log["key"])]) == 2
    assert log["key"].read_bytes() == before


def test_a_bad_checkpoint_argument_is_exit_2(
    log: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["decisions", "verify", "--checkpoint", "no such thing"]) == 2
    assert "cannot be read" in capsys.readouterr().err


def test_prove_prints_a_proof_that_verifies(
    log: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    import base64

    from storage.merkle import verify_inclusion

    assert main(["decisions", "prove", "3"]) == 0
    lines = [line.split(": ", 1) for line in capsys.readouterr().out.splitlines()]
    values: dict[str, list[str]] = {}
    for key, value in lines:
        values.setdefault(key, []).append(value)
    path = [base64.b64decode(p) for p in values["path"]]
    assert verify_inclusion(
        2, 5, base64.b64decode(values["leaf"][0]), path, base64.b64decode(values["root"][0])
    )
    assert main(["decisions", "prove", "6"]) == 2
    assert "no decision no. 6" in capsys.readouterr().err


# Statements an application role can run: each must leave every decision as it was.
_REPLACING = {
    "sqlite": [
        "INSERT OR REPLACE INTO decisions SELECT * FROM decisions WHERE sequence = 1",
        "REPLACE INTO decisions SELECT * FROM decisions WHERE sequence = 2",
        "INSERT INTO decisions SELECT * FROM decisions WHERE sequence = 1 "
        "ON CONFLICT (sequence) DO UPDATE SET outcome = 'rejected'",
        "INSERT OR REPLACE INTO decisions (sequence, case_ref, kind, title, text, outcome, basis, "
        "group_code, decided_at, recorded_by, status, prev_hash, hash) SELECT 99, 'x/1', kind, "
        "title, text, outcome, basis, group_code, decided_at, recorded_by, status, prev_hash, "
        "hash FROM decisions WHERE sequence = 3",
        "UPDATE OR REPLACE decisions SET outcome = 'rejected' WHERE sequence = 1",
        "DELETE FROM decisions WHERE sequence = 5",
    ],
    "postgresql": [
        "INSERT INTO decisions SELECT * FROM decisions WHERE sequence = 1 "
        "ON CONFLICT (sequence) DO UPDATE SET outcome = 'rejected'",
        "MERGE INTO decisions d USING (SELECT 1 AS s) src ON d.sequence = src.s "
        "WHEN MATCHED THEN UPDATE SET outcome = 'rejected'",
        "MERGE INTO decisions d USING (SELECT 5 AS s) src ON d.sequence = src.s "
        "WHEN MATCHED THEN DELETE",
        "UPDATE decisions SET outcome = 'rejected' WHERE sequence = 1",
        "DELETE FROM decisions WHERE sequence = 5",
        "TRUNCATE decisions",
    ],
}


def test_no_statement_replaces_or_removes_a_decision(
    log: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    dialect = "postgresql" if log["url"].startswith("postgresql") else "sqlite"
    for statement in _REPLACING[dialect]:
        with pytest.raises(DBAPIError, match="append-only"):
            _sql(log["url"], statement)
    code, out = _verify(capsys, "--checkpoint", str(log["file"]))
    assert code == 0, out


_COLUMNS = (
    "sequence, case_ref, kind, title, text, outcome, basis, group_code, decided_at, recorded_by, "
    "status, prev_hash, hash"
)
# The replacing insert of each database, run by an owner who dropped the triggers.
_REPLACE_AS_OWNER = {
    "sqlite": f"INSERT OR REPLACE INTO decisions ({_COLUMNS}) SELECT "
    + _COLUMNS.replace("text,", "'Omskrevet.',")
    + " FROM decisions WHERE sequence = 4",
    "postgresql": f"INSERT INTO decisions ({_COLUMNS}) SELECT {_COLUMNS} FROM decisions "
    "WHERE sequence = 4 ON CONFLICT (sequence) DO UPDATE SET text = 'Omskrevet.'",
}


def test_a_replacing_insert_with_the_triggers_gone_is_found(
    log: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    # SQLite's INSERT OR REPLACE, PostgreSQL's upsert: each rewrites a row in one statement.
    dialect = "postgresql" if log["url"].startswith("postgresql") else "sqlite"
    _owner_unlocks(log["url"])
    _sql(log["url"], _REPLACE_AS_OWNER[dialect])
    code, out = _verify(capsys, "--checkpoint", str(log["file"]))
    assert code == 1
    assert "Decision no. 4: the checksum is wrong" in out


def test_the_json_export_verifies_with_the_standalone_script_and_the_public_key(
    log: dict[str, Any], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    export = tmp_path / "decisions.json"
    assert main(["export", "decisions", "--format", "json", "-o", str(export)]) == 0
    document = json.loads(export.read_text(encoding="utf-8"))
    assert document["checkpoint"]["note"].startswith("digitv.no/kravbot/decisions\n5\n")
    script = ROOT / "tools" / "verify_export.py"
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": ""}

    def check(path: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-I", str(script), str(path), "--key", log["public"]],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            check=False,
        )

    clean = check(export)
    assert clean.returncode == 0, clean.stderr + clean.stdout
    assert "5 records verified" in clean.stdout
    forged = json.loads(export.read_text(encoding="utf-8"))
    forged["records"][1]["chain"]["outcome"] = "rejected"
    bad = tmp_path / "forged.json"
    bad.write_text(json.dumps(forged), encoding="utf-8")
    result = check(bad)
    assert result.returncode == 1
    assert "record 2" in result.stdout
