"""`kravbot decisions add|list|verify` and `kravbot export decisions`, on both databases."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli import main
from storage.hashchain import GENESIS, record_hash
from tests.support.decision_log import add_groups, run_sql


@pytest.fixture
def cli(clean_env: Path, monkeypatch: pytest.MonkeyPatch, database_url: str) -> str:
    monkeypatch.setenv("KRAVBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("KRAVBOT_LANGUAGE", "en")
    add_groups(
        database_url, ("STY", "Styringsgruppe", "steering"), ("HJT", "Hjemmetjeneste", "working")
    )
    return database_url


_sql = run_sql


VOTES = json.dumps(
    {
        "tallies": {"approve": 2, "reject": 1},
        "votes": {"Kari": "approve", "Ola": "reject", "Siri": "approve"},
        "poll": 7,
    }
)


def _add_three(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "decisions",
                "add",
                "--title",
                "Plan",
                "--text",
                "Planen godkjennes.",
                "--group",
                "sty",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "decisions",
                "add",
                "--title",
                "Budsjett",
                "--text",
                "Vedtatt.",
                "--group",
                "STY",
                "--kind",
                "poll",
                "--basis",
                VOTES,
                "--by",
                "Kari",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "decisions",
                "add",
                "--title",
                "Rettet plan",
                "--text",
                "Ny plan.",
                "--group",
                "HJT",
                "--corrects",
                "1",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.split() == ["1", "2", "3"]


def test_add_list_verify(cli: str, capsys: pytest.CaptureFixture[str]) -> None:
    _add_three(capsys)
    assert main(["decisions", "list", "--limit", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["3", "2"]
    assert main(["decisions", "verify"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "3 decisions, chain intact"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--group", "NOPE"], "I cannot find a group"),
        (["--group", "STY", "--basis", "{not json"], "JSON object"),
        (["--group", "STY", "--basis", "[1, 2]"], "JSON object"),
        (["--group", "STY", "--corrects", "44"], "no decision no. 44"),
    ],
)
def test_bad_input_is_one_message_exit_2_nothing_written(
    cli: str, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    assert main(["decisions", "add", "--title", "T", "--text", "X", *arguments]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("kravbot: ") and message in captured.err
    assert len(captured.err.splitlines()) == 1
    assert main(["decisions", "verify"]) == 0
    assert capsys.readouterr().out.startswith("0 decisions, chain intact")


def test_verify_names_the_first_tampered_record(
    cli: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _add_three(capsys)
    if cli.startswith("postgresql"):
        _sql(cli, "DROP TRIGGER decisions_no_update ON decisions")
    else:
        _sql(cli, "DROP TRIGGER decisions_no_update")
    _sql(cli, "UPDATE decisions SET outcome = 'rejected' WHERE sequence = 2")
    assert main(["decisions", "verify"]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        "Decision no. 2: the checksum is wrong, its content was changed."
    )


def test_export_json_carries_archive_metadata_and_reverifies(
    cli: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _add_three(capsys)
    out = tmp_path / "log.json"
    assert main(["export", "decisions", "--format", "json", "-o", str(out)]) == 0
    document = json.loads(out.read_text("utf-8"))
    assert document["archive"]["count"] == 3
    poll = document["records"][1]
    for key in (
        "title",
        "public_title",
        "date",
        "body",
        "case_reference",
        "record_type",
        "status",
        "participants",
        "votes",
        "hash",
    ):
        assert key in poll
    assert poll["body"] == {"code": "STY", "name": "Styringsgruppe"}
    assert poll["votes"] == {"Kari": "approve", "Ola": "reject", "Siri": "approve"}
    assert poll["participants"] == ["Kari", "Ola", "Siri"]
    assert document["records"][2]["status"] == "correction"
    # An archive can re-verify the chain from the export alone.
    prev = GENESIS
    for record in document["records"]:
        chain = dict(record["chain"])
        assert chain.pop("prev_hash") == prev
        assert record_hash(chain, prev) == record["hash"]
        prev = record["hash"]


def test_export_csv_xlsx_md(cli: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _add_three(capsys)
    assert main(["export", "decisions", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    assert rows[0][0] == "Number" and len(rows) == 4
    assert "Kari: approve" in rows[2][11]
    target = tmp_path / "log.xlsx"
    assert main(["export", "decisions", "--format", "xlsx", "-o", str(target)]) == 0
    sheet = load_workbook(target).active
    assert sheet is not None and sheet.max_row == 4
    assert main(["export", "decisions", "--format", "md"]) == 0
    minutes = capsys.readouterr().out
    assert minutes.startswith("# Minutes – decision log")
    assert "## Case " in minutes and "Siri: approve" in minutes


def test_export_minutes_in_nynorsk(
    cli: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _add_three(capsys)
    monkeypatch.setenv("KRAVBOT_LANGUAGE", "nn")
    assert main(["export", "decisions", "--format", "md"]) == 0
    minutes = capsys.readouterr().out
    assert minutes.startswith("# Møteprotokoll – avgjerdslogg")
    assert "Røyster" in minutes


@pytest.mark.parametrize(
    "arguments",
    [
        ["--from", "2026-02-30"],
        ["--to", "yesterday"],
        ["--from", "2026-12-01", "--to", "2026-01-01"],
        ["--format", "xlsx"],
    ],
)
def test_bad_export_input_is_exit_2_and_writes_nothing(
    cli: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, arguments: list[str]
) -> None:
    target = tmp_path / "out.json"
    extra = [] if "xlsx" in arguments else ["-o", str(target)]
    assert main(["export", "decisions", *arguments, *extra]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.splitlines()) == 1
    assert list(tmp_path.glob("out*")) == [] and list(tmp_path.glob(".out*")) == []


def test_export_period_filters_by_oslo_day(cli: str, capsys: pytest.CaptureFixture[str]) -> None:
    _add_three(capsys)
    assert main(["export", "decisions", "--format", "json", "--to", "2000-01-01"]) == 0
    assert json.loads(capsys.readouterr().out)["archive"]["count"] == 0


def test_export_requirements_still_registered() -> None:
    import argparse

    from bot.cli import parser

    def subcommands(command: argparse.ArgumentParser) -> set[str]:
        for action in command._actions:
            if isinstance(action, argparse._SubParsersAction):
                return set(action.choices)
        return set()

    root = parser()
    export = next(
        action.choices["export"]
        for action in root._actions
        if isinstance(action, argparse._SubParsersAction)
    )
    assert {"requirements", "decisions"} <= subcommands(export)
