"""Requirement import: all rows or nothing, versions only for real changes, every problem named."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from cards.imports import problem_text
from dialogs.catalogue.import_requirements import ImportRequirements, import_requirements
from dialogs.catalogue.spreadsheets import Problem
from storage.database import Database
from storage.migrate import upgrade
from tests.catalogue_support import (
    HEADER,
    ROWS,
    add_groups,
    cache_formula_values,
    dump,
    write_csv,
    write_xlsx,
)


def _codes(problems: list[Problem]) -> set[str]:
    return {problem.code for problem in problems}


async def test_import_adds_then_reimport_changes_nothing(db: Database, tmp_path: Path) -> None:
    await add_groups(db)
    sheet = write_csv(tmp_path / "krav.csv", ROWS)
    first = await import_requirements(db, ImportRequirements(sheet, by="test"))
    assert first.problems == []
    assert first.applied
    assert [item.data.key for item in first.plan.added] == [
        "HJT-001",
        "HJT-002",
        "INST-001",
        "TEK-001",
    ]
    before = await dump(db)
    again = await import_requirements(db, ImportRequirements(sheet, by="test"))
    assert (again.plan.added, again.plan.changed) == ([], [])
    assert len(again.plan.unchanged) == 4
    assert await dump(db) == before
    async with db.uow() as uow:
        stored = await uow.requirements.by_key("tek-001")
        assert stored is not None
        assert (stored.type, stored.weight, stored.status) == ("must", 1, "draft")
        assert stored.text == "Leverandøren skal beskrive eksport\nved kontraktens slutt."
        hjt2 = await uow.requirements.by_key("HJT-002")
        assert hjt2 is not None
        assert (hjt2.type, hjt2.weight) == ("should", None)


async def test_one_changed_field_makes_exactly_one_version(db: Database, tmp_path: Path) -> None:
    await add_groups(db)
    await import_requirements(
        db, ImportRequirements(write_xlsx(tmp_path / "a.xlsx", ROWS), by="test")
    )
    rows = [list(row) for row in ROWS]
    rows[0][1] = "Systemet skal vise alle vedtak for brukeren."
    result = await import_requirements(
        db, ImportRequirements(write_xlsx(tmp_path / "b.xlsx", rows), by="kari", reason="workshop")
    )
    assert [change.key for change in result.plan.changed] == ["HJT-001"]
    assert len(result.plan.unchanged) == 3
    async with db.uow() as uow:
        requirement = await uow.requirements.by_key("HJT-001")
        assert requirement is not None
        assert requirement.version == 2
        versions = await uow.requirements.versions(requirement)
    assert [version.version for version in versions] == [1, 2]
    assert versions[1].changes == {
        "text": [
            "Systemet skal vise vedtak for brukeren.",
            "Systemet skal vise alle vedtak for brukeren.",
        ]
    }
    assert (versions[1].changed_by, versions[1].reason) == ("kari", "workshop")


async def test_columns_not_in_the_file_are_left_as_they_are(db: Database, tmp_path: Path) -> None:
    await add_groups(db)
    await import_requirements(db, ImportRequirements(write_csv(tmp_path / "a.csv", ROWS)))
    header = ["ID", "Text", "Type", "Group"]
    rows = [[row[0], row[1], row[2], row[3]] for row in ROWS]
    result = await import_requirements(
        db, ImportRequirements(write_csv(tmp_path / "b.csv", rows, header=header))
    )
    assert result.plan.changed == []
    async with db.uow() as uow:
        requirement = await uow.requirements.by_key("HJT-001")
        assert requirement is not None
        assert (requirement.weight, requirement.category) == (3, "Vedtak")


async def test_dry_run_writes_nothing(db: Database, tmp_path: Path) -> None:
    await add_groups(db)
    await import_requirements(db, ImportRequirements(write_csv(tmp_path / "a.csv", ROWS[:2])))
    before = await dump(db)
    rows = [list(row) for row in ROWS]
    rows[1][2] = "Skal"
    rows[1][6] = "Godkjent"
    result = await import_requirements(
        db, ImportRequirements(write_csv(tmp_path / "b.csv", rows), dry_run=True)
    )
    assert not result.applied
    assert [item.data.key for item in result.plan.added] == ["INST-001", "TEK-001"]
    assert [(c.key, sorted(c.changes)) for c in result.plan.changed] == [
        ("HJT-002", ["status", "type"])
    ]
    assert result.plan.unchanged == ["HJT-001"]
    assert await dump(db) == before


async def test_a_bad_file_changes_nothing_and_lists_every_problem(
    db: Database, tmp_path: Path
) -> None:
    await add_groups(db)
    await import_requirements(db, ImportRequirements(write_csv(tmp_path / "a.csv", ROWS)))
    before = await dump(db)
    rows: list[list[Any]] = [
        ["HJT-001", "Endret tekst som ikke skal lagres.", "Skal", "HJT", 3, "", ""],
        ["HJT-010", "Ny", "Kanskje", "HJT", "", "", ""],
        ["", "", "", "", "", "", ""],
        ["HJT-010", "x" * 4001, "Bør", "XYZ", "tre", "", "Ferdig"],
        ["HJT 11", "", "Bør", "HJT", 2.5, "", ""],
    ]
    result = await import_requirements(
        db, ImportRequirements(write_csv(tmp_path / "bad.csv", rows))
    )
    assert not result.applied
    found = {(p.row, p.column, p.code) for p in result.problems}
    assert found == {
        (3, "Type", "unknown_value"),
        (5, "Krav-ID", "duplicate_key"),
        (5, "Kravtekst", "too_long"),
        (5, "Arbeidsgruppe", "unknown_group"),
        (5, "Vekt", "not_integer"),
        (5, "Status", "unknown_value"),
        (6, "Krav-ID", "invalid_key"),
        (6, "Kravtekst", "required"),
        (6, "Vekt", "not_integer"),
    }
    assert await dump(db) == before
    unknown_type = next(p for p in result.problems if p.row == 3)
    assert problem_text("nb", unknown_type.code, 3, "Type", unknown_type.values) == (
        "rad 3, kolonne Type: ukjent verdi «Kanskje» (gyldig: Skal, Bør)"
    )
    assert problem_text("en", unknown_type.code, 3, "Type", unknown_type.values) == (
        "row 3, column Type: unknown value “Kanskje” (valid: Must, Should)"
    )


async def test_header_problems(db: Database, tmp_path: Path) -> None:
    await add_groups(db)
    header = ["Krav ID", "Kravtekst", "Farge", "Gruppe", "gruppe"]
    path = write_csv(tmp_path / "h.csv", [["HJT-1", "T", "rød", "HJT", "HJT"]], header=header)
    result = await import_requirements(db, ImportRequirements(path))
    found = {(p.code, p.column) for p in result.problems}
    assert ("unknown_column", "Farge") in found
    assert ("duplicate_column", "gruppe") in found
    assert ("missing_column", None) in found
    missing = next(p for p in result.problems if p.code == "missing_column")
    assert missing.values["field"] == "type"
    text = problem_text("nb", missing.code, missing.row, missing.column, missing.values)
    assert text.startswith("rad 1: påkrevd kolonne mangler: Type (gjenkjente navn: Type,")
    unknown = next(p for p in result.problems if p.code == "unknown_column")
    assert "Kravnummer" in problem_text("nb", unknown.code, 1, "Farge", unknown.values)


async def test_formula_cells_use_cached_values_and_without_one_are_named(
    db: Database, tmp_path: Path
) -> None:
    await add_groups(db)
    rows: list[list[Any]] = [list(ROWS[0]), list(ROWS[1])]
    rows[0][4] = "=1+2"
    rows[1][4] = "=2*2"
    path = write_xlsx(tmp_path / "f.xlsx", rows)
    cache_formula_values(path, {"E2": "3"})
    before = await dump(db)
    result = await import_requirements(db, ImportRequirements(path))
    assert [(p.code, p.row, p.column, dict(p.values)) for p in result.problems] == [
        ("formula_without_value", 3, "Vekt", {"cell": "E3"})
    ]
    assert await dump(db) == before
    cache_formula_values(path, {"E3": "4"})
    result = await import_requirements(db, ImportRequirements(path))
    assert result.problems == []
    async with db.uow() as uow:
        weights = {r.key: r.weight for r, _code in await uow.requirements.all_with_groups()}
    assert weights == {"HJT-001": 3, "HJT-002": 4}


async def test_dates_become_iso_text_but_not_numbers(db: Database, tmp_path: Path) -> None:
    await add_groups(db)
    rows: list[list[Any]] = [list(ROWS[0]), list(ROWS[1])]
    rows[0][5] = date(2024, 3, 1)  # category: text
    rows[1][4] = date(2024, 3, 1)  # weight: a number
    result = await import_requirements(
        db, ImportRequirements(write_xlsx(tmp_path / "d.xlsx", rows))
    )
    assert [(p.code, p.row, p.column) for p in result.problems] == [("date_not_number", 3, "Vekt")]
    rows[1][4] = 2
    result = await import_requirements(
        db, ImportRequirements(write_xlsx(tmp_path / "d2.xlsx", rows))
    )
    assert result.problems == []
    assert result.plan.added[0].data.category == "2024-03-01"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("tom.csv", b"", "empty_file"),
        ("tom.xlsx", b"", "empty_file"),
        ("bare-bom.csv", b"\xef\xbb\xbf\r\n", "empty_file"),
        ("bilde.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "not_spreadsheet"),
        ("zip.xlsx", b"PK\x03\x04garbage" + bytes(64), "not_spreadsheet"),
        ("random.csv", bytes(range(256)) * 8, "not_spreadsheet"),
        ("gammel.xls", b"\xd0\xcf\x11\xe0" + bytes(64), "unsupported_format"),
    ],
)
async def test_files_that_are_not_spreadsheets(
    db: Database, tmp_path: Path, name: str, content: bytes, code: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = await import_requirements(db, ImportRequirements(path))
    assert _codes(result.problems) == {code}


async def test_missing_file_and_sheet(db: Database, tmp_path: Path) -> None:
    result = await import_requirements(db, ImportRequirements(tmp_path / "borte.xlsx"))
    assert _codes(result.problems) == {"missing_file"}
    await add_groups(db)
    path = write_xlsx(tmp_path / "k.xlsx", ROWS)
    result = await import_requirements(db, ImportRequirements(path, sheet="Ark9"))
    assert [(p.code, dict(p.values)) for p in result.problems] == [
        ("unknown_sheet", {"sheet": "Ark9", "valid": ["Krav"]})
    ]
    assert (await import_requirements(db, ImportRequirements(path, sheet="krav"))).applied


async def test_header_only_is_no_rows(db: Database, tmp_path: Path) -> None:
    result = await import_requirements(db, ImportRequirements(write_csv(tmp_path / "h.csv", [])))
    assert _codes(result.problems) == {"no_rows"}


async def test_csv_dialects(db: Database, tmp_path: Path) -> None:
    await add_groups(db)
    comma = write_csv(tmp_path / "c.csv", ROWS, delimiter=",", encoding="utf-8")
    assert (await import_requirements(db, ImportRequirements(comma, dry_run=True))).problems == []
    old = write_csv(tmp_path / "w.csv", ROWS, encoding="cp1252")
    result = await import_requirements(db, ImportRequirements(old))
    assert result.problems == []
    assert result.plan.added[2].data.text == "Løsningen skal ha legemiddelmodul."


def _prepare(url: str) -> None:
    async def run() -> None:
        db = Database(url)
        try:
            await upgrade(db.engine)
            await add_groups(db)
        finally:
            await db.dispose()

    asyncio.run(run())


def test_cli_exit_codes_and_messages(
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _prepare(database_url)
    monkeypatch.setenv("KRAVBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("KRAVBOT_LANGUAGE", "nb")
    good = write_csv(tmp_path / "k.csv", ROWS)
    assert main(["import", "requirements", str(good), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "lagt til: HJT-001" in out
    assert out.rstrip().endswith("lagt til: 4, endret: 0, uendret: 0")
    assert main(["import", "requirements", str(good), "--by", "test"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("lagt til: 4, endret: 0, uendret: 0")

    bad_rows = [list(row) for row in ROWS]
    bad_rows[2][2] = "Kanskje"
    bad = write_csv(tmp_path / "bad.csv", bad_rows)
    assert main(["import", "requirements", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "rad 4, kolonne Type: ukjent verdi «Kanskje» (gyldig: Skal, Bør)" in err
    assert "Traceback" not in err

    monkeypatch.setenv("KRAVBOT_LANGUAGE", "en")
    assert main(["import", "requirements", str(tmp_path / "none.csv")]) == 2
    assert "the file does not exist" in capsys.readouterr().err
    assert main(["import", "requirements", str(good)]) == 0
    assert capsys.readouterr().out.rstrip().endswith("added: 0, changed: 0, unchanged: 4")


def test_cli_on_an_unmigrated_database_is_an_error_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KRAVBOT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
    good = write_csv(tmp_path / "k.csv", ROWS)
    assert main(["import", "requirements", str(good)]) == 1
    assert "kravbot db upgrade" in capsys.readouterr().err


def test_header_constant_matches_rows() -> None:
    assert all(len(row) == len(HEADER) for row in ROWS)
