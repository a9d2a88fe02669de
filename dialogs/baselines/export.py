"""`kravbot baseline export NAME`: a baseline's requirements as xlsx, csv or Markdown."""

from __future__ import annotations

import csv
import io
from typing import Final

from cards.cells import md_cell, md_table, safe_cell, xlsx_sheet
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
        return xlsx_sheet(text(language, "baseline.export.sheet"), table, [title])
    return "\n".join([f"# {md_cell(title)}", "", *md_table(table)]).encode("utf-8") + b"\n"
