"""`kravbot quality report|overlaps` and the quality lines of `kravbot import requirements`, on
both databases (the demo catalogue, with its planted near-duplicates). Bad input: exit 2."""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli import main
from dialogs.demo.load import load_demo
from storage.database import Database


@pytest.fixture
def cli(clean_env: Path, monkeypatch: pytest.MonkeyPatch, database_url: str) -> str:
    monkeypatch.setenv("KRAVBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("KRAVBOT_LANGUAGE", "en")

    async def setup() -> None:
        db = Database(database_url)
        try:
            await load_demo(db)
        finally:
            await db.dispose()

    asyncio.run(setup())
    return database_url


def test_report_in_every_format(cli: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quality", "report", "--group", "hjt", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0][:4] == ["ID", "Group", "Type", "Score"]
    assert len(rows) == 15 and {row[1] for row in rows[1:]} == {"HJT"}
    weakest = rows[1]
    assert weakest[0] == "HJT-011" and "Vague words: “rask”" not in weakest[4]
    assert "Vague words: «rask», «brukervennlig»" in weakest[4]
    assert main(["quality", "report", "--format", "md"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("# Requirement quality") and "| HJT-011 |" in markdown
    assert main(["quality", "report", "--format", "xlsx", "-o", "q.xlsx"]) == 0
    assert capsys.readouterr().err == "Wrote “Requirement quality” to q.xlsx.\n"
    sheet = load_workbook("q.xlsx").active
    assert sheet is not None and sheet.max_row == 88


def test_overlaps_lists_the_planted_pairs(cli: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quality", "overlaps", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    pairs = {(row[0], row[1]) for row in rows[1:]}
    assert pairs == {
        ("HJT-002", "INST-011"),
        ("HJT-001", "TMN-011"),
        ("RUS-011", "TEK-005"),
        ("HJT-011", "INST-006"),
    }
    assert all(int(row[2]) >= 75 for row in rows[1:])
    assert main(["quality", "overlaps", "--group", "RUS"]) == 0
    assert "RUS-011" in capsys.readouterr().out


def test_bad_input_exits_2(
    cli: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["quality", "report", "--group", "NOPE"]) == 2
    assert "Unknown group: NOPE" in capsys.readouterr().err
    assert main(["quality", "report", "--format", "xlsx"]) == 2
    assert "xlsx must be written to a file: use -o FILE" in capsys.readouterr().err
    monkeypatch.setenv("KRAVBOT_LANGUAGE", "nb")
    assert main(["quality", "overlaps", "--format", "xlsx"]) == 2
    assert "xlsx må skrives til en fil: bruk -o FIL" in capsys.readouterr().err
    assert main(["quality", "overlaps", "--format", "xlsx", "-o", "o.xlsx"]) == 0
    assert capsys.readouterr().err == "Skrev «Overlappende krav» til o.xlsx.\n"
    with pytest.raises(SystemExit) as exited:
        main(["quality", "report", "--format", "pdf"])
    assert exited.value.code == 2


def test_import_reports_findings_without_refusing(
    cli: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "krav.csv"
    sheet.write_text(
        "key;group;type;text\n"
        "HJT-050;HJT;must;Løsningen skal være rask og intuitiv, om mulig.\n"
        "HJT-051;HJT;should;Løsningen bør vise vedtak for brukeren innen 2 sekunder.\n",
        encoding="utf-8",
    )
    assert main(["import", "requirements", str(sheet), "--dry-run"]) == 0
    dry = capsys.readouterr().out
    assert "Quality: 2 requirements have findings." in dry
    assert "HJT-050 (" in dry and "Escape clause: «om mulig»" in dry
    assert main(["import", "requirements", str(sheet)]) == 0
    applied = capsys.readouterr().out
    assert "HJT-050 (" in applied and "Vague words: «rask», «intuitiv»" in applied
