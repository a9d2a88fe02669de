"""`kravbot baseline export NAME`: a baseline's requirements as xlsx, csv or Markdown."""

from __future__ import annotations

import csv
import io
from typing import Final

from cards.cells import safe_cell
from cards.texts import Language, text
from storage.models import Baseline, BaselineItem

FORMATS: Final = ("xlsx", "md", "csv")
COLUMNS: Final = ("key", "version", "type", "category", "text", "status", "fingerprint")


def rows(language: Language, items: list[BaselineItem]) -> list[list[str]]:
    """Header and one row per requirement, with people words for type and status."""
    table = [[text(language, f"baseline.col.{name}") for name in COLUMNS]]
    for item in items:
        fields = item.snapshot
        kind = str(fields.get("type") or "")
        status = str(fields.get("status") or "")
        table.append(
            [
                item.key,
                str(item.version),
                text(language, f"review.type.{kind}") if kind in ("must", "should") else kind,
                str(fields.get("category") or ""),
                str(fields.get("text") or ""),
                text(language, f"baseline.status.{status}") if status else "",
                item.fingerprint,
            ]
        )
    return table


def export_baseline(
    language: Language, baseline: Baseline, items: list[BaselineItem], fmt: str
) -> bytes:
    """The baseline in `fmt`; every csv and xlsx cell goes through `safe_cell`."""
    title = text(
        language, "baseline.export.title", name=baseline.name, fingerprint=baseline.fingerprint
    )
    table = rows(language, items)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([safe_cell(title)])
        writer.writerows([safe_cell(cell) for cell in row] for row in table)
        return buffer.getvalue().encode("utf-8")
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.create_sheet()
        for other in workbook.worksheets[:-1]:
            workbook.remove(other)
        sheet.title = text(language, "baseline.export.sheet")[:31]
        for row in table:
            sheet.append([safe_cell(cell) for cell in row])
        sheet.append([])
        sheet.append([safe_cell(title)])
        binary = io.BytesIO()
        workbook.save(binary)
        return binary.getvalue()
    return _markdown(title, table).encode("utf-8")


def _cell(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def _markdown(title: str, table: list[list[str]]) -> str:
    header, *body = table
    lines = [f"# {_cell(title)}", "", "| " + " | ".join(_cell(c) for c in header) + " |"]
    lines.append("|" + "---|" * len(header))
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in body]
    return "\n".join(lines) + "\n"
