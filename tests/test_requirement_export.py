"""Requirement export: procurement-style tables, and export-then-import changes nothing."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli import main
from cards.texts import text
from dialogs.catalogue.errors import CatalogueError
from dialogs.catalogue.export import ExportError, ExportRequirements, export_requirements
from dialogs.catalogue.import_requirements import ImportRequirements, import_requirements
from dialogs.kernel.errors import WorkflowError
from storage.database import Database
from storage.migrate import upgrade
from tests.catalogue_support import ROWS, add_groups, dump, write_csv


async def _catalogue(db: Database, tmp_path: Path) -> None:
    await add_groups(db)
    result = await import_requirements(
        db, ImportRequirements(write_csv(tmp_path / "seed.csv", ROWS))
    )
    assert result.applied


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("format", ["xlsx", "csv"])
async def test_export_then_import_changes_nothing(
    db: Database, tmp_path: Path, format: str, language: str
) -> None:
    await _catalogue(db, tmp_path)
    before = await dump(db)
    path = tmp_path / f"export.{format}"
    assert await export_requirements(
        db, ExportRequirements(format, path, language=language)
    ) == len(ROWS)
    result = await import_requirements(db, ImportRequirements(path))
    assert result.problems == []
    assert (result.plan.added, result.plan.changed) == ([], [])
    assert len(result.plan.unchanged) == len(ROWS)
    assert await dump(db) == before


async def test_xlsx_layout(db: Database, tmp_path: Path) -> None:
    await _catalogue(db, tmp_path)
    path = tmp_path / "k.xlsx"
    await export_requirements(db, ExportRequirements("xlsx", path, language="nb"))
    workbook = load_workbook(path)
    sheet = workbook.active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    assert header == [
        "Krav-ID",
        "Arbeidsgruppe",
        "Kategori",
        "Kravtekst",
        "Type",
        "Vekt",
        "Kilde",
        "Begrunnelse",
        "Status",
        "Versjon",
    ]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:J{len(ROWS) + 1}"
    assert sheet.column_dimensions["D"].width >= 50
    assert sheet["D2"].alignment.wrap_text
    assert [cell.value for cell in sheet[2]] == [
        "HJT-001",
        "HJT",
        "Vedtak",
        "Systemet skal vise vedtak for brukeren.",
        "Skal",
        3,
        None,
        None,
        "Utkast",
        1,
    ]


async def test_text_starting_with_equals_stays_text(db: Database, tmp_path: Path) -> None:
    await add_groups(db)
    rows = [["HJT-001", "=SUM(A1:A2) er ikke en formel", "Skal", "HJT", "", "", ""]]
    await import_requirements(db, ImportRequirements(write_csv(tmp_path / "f.csv", rows)))
    path = tmp_path / "k.xlsx"
    await export_requirements(db, ExportRequirements("xlsx", path, language="en"))
    sheet = load_workbook(path).active
    assert sheet is not None
    assert sheet["D2"].data_type == "s"
    assert (await import_requirements(db, ImportRequirements(path))).plan.unchanged == ["HJT-001"]


async def test_markdown_has_a_table_per_group_and_escapes_pipes(
    db: Database, tmp_path: Path
) -> None:
    await _catalogue(db, tmp_path)
    stream = io.StringIO()
    await export_requirements(db, ExportRequirements("md", stream, language="en"))
    markdown = stream.getvalue()
    assert "## HJT – Hjemmetjeneste" in markdown
    assert "## INST – Institusjon" in markdown
    assert "| ID | Category | Requirement | Type | Weight |" in markdown
    assert "mobil arbeidsflyt \\| offline." in markdown
    assert "eksport<br>ved kontraktens slutt." in markdown
    assert "| Should |" in markdown


async def test_filters(db: Database, tmp_path: Path) -> None:
    await _catalogue(db, tmp_path)
    stream = io.StringIO()
    assert (
        await export_requirements(db, ExportRequirements("csv", stream, language="nb", group="hjt"))
        == 2
    )
    assert stream.getvalue().splitlines()[0].startswith("Krav-ID,Arbeidsgruppe,Kategori")
    assert (
        await export_requirements(
            db, ExportRequirements("csv", io.StringIO(), language="nb", status="Utkast")
        )
        == 4
    )
    assert (
        await export_requirements(
            db, ExportRequirements("csv", io.StringIO(), language="nb", status="approved")
        )
        == 0
    )
    with pytest.raises(ExportError) as unknown:
        await export_requirements(
            db, ExportRequirements("csv", io.StringIO(), language="nb", group="XYZ")
        )
    assert unknown.value.code == "unknown_group"
    with pytest.raises(ExportError) as bad_status:
        await export_requirements(
            db, ExportRequirements("csv", io.StringIO(), language="nb", status="ferdig")
        )
    assert bad_status.value.code == "unknown_status"


def test_cli_export(
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    async def prepare() -> None:
        db = Database(database_url)
        try:
            await upgrade(db.engine)
            await _catalogue(db, tmp_path)
        finally:
            await db.dispose()

    asyncio.run(prepare())
    monkeypatch.setenv("KRAVBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("KRAVBOT_LANGUAGE", "en")
    assert main(["export", "requirements", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == (
        "ID,Group,Category,Requirement,Type,Weight,Source,Rationale,Status,Version"
    )
    assert "HJT-001,HJT,Vedtak,Systemet skal vise vedtak for brukeren.,Must,3,,,Draft,1" in out
    assert main(["export", "requirements", "--format", "xlsx"]) == 2
    target = tmp_path / "out.xlsx"
    assert main(["export", "requirements", "--format", "xlsx", "-o", str(target)]) == 0
    assert target.exists()
    assert main(["export", "requirements", "--format", "md", "--status", "nope"]) == 2
    assert "unknown status “nope” (valid: Draft, In review" in capsys.readouterr().err
    unwritable = tmp_path / "missing-dir" / "x.csv"
    assert main(["export", "requirements", "--format", "csv", "-o", str(unwritable)]) == 1
    assert "cannot write" in capsys.readouterr().err


def test_export_refusals_are_workflow_errors() -> None:
    error = ExportError("unknown_status", value="nope", field="status")
    assert isinstance(error, WorkflowError)
    assert (error.code, error.problems[0].key) == (
        "unknown_status",
        "imports.export.unknown_status",
    )
    assert "unknown status “nope” (valid: Draft, In review" in error.message("en")


def test_catalogue_refusals_use_the_catalogue_texts() -> None:
    error = CatalogueError("sync.no_team")
    assert isinstance(error, WorkflowError)
    assert error.message("en") == text("en", "catalogue.sync.no_team")
