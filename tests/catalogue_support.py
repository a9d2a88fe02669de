"""Helpers of the catalogue import/export tests: groups, sheets on disk, a full table dump."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import select

from storage.database import Database
from storage.models import Base, Group
from storage.requirements import Change, RequirementData
from storage.uow import UnitOfWork

GROUPS = (("HJT", "Hjemmetjeneste"), ("INST", "Institusjon"), ("TEK", "Teknisk"))
HEADER = ["Krav-ID", "Kravtekst", "Type", "Arbeidsgruppe", "Vekt", "Kategori", "Status"]
ROWS: list[list[Any]] = [
    ["HJT-001", "Systemet skal vise vedtak for brukeren.", "Skal", "HJT", 3, "Vedtak", "Utkast"],
    ["HJT-002", "Systemet bør støtte mobil arbeidsflyt | offline.", "Bør", "HJT", None, "", ""],
    ["INST-001", "Løsningen skal ha legemiddelmodul.", "Minstekrav", "Institusjon", 5, "Lm", ""],
    [
        "TEK-001",
        "Leverandøren skal beskrive eksport\nved kontraktens slutt.",
        "Must",
        "tek",
        1,
        "",
        "",
    ],
]


async def add_groups(db: Database) -> None:
    """The test groups."""
    async with db.uow() as uow:
        for code, name in GROUPS:
            await uow.groups.add(code, name, "working")
        await uow.commit()


async def dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order, to compare before and after."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    async with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            rows = (await conn.execute(select(table))).all()
            tables[table.name] = sorted((tuple(row) for row in rows), key=repr)
    return tables


def write_xlsx(path: Path, rows: list[list[Any]], header: list[str] | None = None) -> Path:
    """An ordinary (not write-only) workbook, so tests can put formulas and dates in cells."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Krav"
    sheet.append(header or HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def write_csv(
    path: Path,
    rows: list[list[Any]],
    *,
    header: list[str] | None = None,
    delimiter: str = ";",
    encoding: str = "utf-8-sig",
) -> Path:
    """A CSV file as Excel writes it."""
    with path.open("w", encoding=encoding, newline="") as stream:
        writer = csv.writer(stream, delimiter=delimiter)
        writer.writerow(header or HEADER)
        writer.writerows(["" if value is None else value for value in row] for row in rows)
    return path


def cache_formula_values(path: Path, values: dict[str, str]) -> None:
    """Give formula cells a cached value, as Excel does when it saves (openpyxl cannot)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    for cell, value in values.items():
        pattern = rf'(<c r="{cell}"[^>]*>)(<f>.*?</f>)<v\s*/>'
        sheet = re.sub(pattern, rf"\g<1>\g<2><v>{value}</v>", sheet)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


async def add_requirements(uow: UnitOfWork, group: Group, count: int) -> None:
    """Requirements `<code>-001` .. `<code>-<count>` of `group` ("Krav 1", ...), all must."""
    for n in range(1, count + 1):
        await uow.requirements.create(
            RequirementData(
                key=f"{group.code}-{n:03d}", group_code=group.code, text=f"Krav {n}", type="must"
            ),
            group,
            Change(by="test"),
        )
