"""`kravbot export endorsement ID`: the signature page, per municipality (xlsx, Markdown)."""

from __future__ import annotations

import io
from typing import Final
from zoneinfo import ZoneInfo

from cards.cells import safe_cell
from cards.dates import format_datetime
from cards.endorsement_cards import stance_words
from cards.texts import Language, text
from dialogs.endorsements.rules import NO_ANSWER
from dialogs.endorsements.service import find
from storage.database import Database

FORMATS: Final = ("xlsx", "md")
COLUMNS: Final = ("municipality", "stance", "by", "at", "reservation")


async def signature_page(
    db: Database, endorsement_id: int, language: Language, zone: ZoneInfo
) -> tuple[list[str], list[list[str]]]:
    """The title lines and the table (header first) of the signature page."""
    async with db.read() as uow:
        endorsement, baseline = await find(uow, endorsement_id)
        answers = await uow.endorsements.answers(endorsement.id)
        places = {m.number: m.name for m in await uow.municipalities.all()}
    title = [
        text(language, "endorsement.export.title", id=endorsement.id, baseline=baseline.name),
        text(language, "endorsement.export.fingerprint", fingerprint=baseline.fingerprint),
    ]
    table = [[text(language, f"endorsement.col.{name}") for name in COLUMNS]]
    for number in endorsement.municipalities:
        a = answers.get(number)
        table.append(
            [
                places.get(number, number),
                stance_words(language, a.stance if a else NO_ANSWER),
                a.person_name if a else "",
                format_datetime(language, a.answered_at, zone) if a else "",
                a.reservation if a else "",
            ]
        )
    return title, table


async def export_endorsement(
    db: Database, endorsement_id: int, fmt: str, *, language: Language, zone: ZoneInfo
) -> bytes:
    """The signature page in `fmt`; raises `EndorsementError` for an unknown round."""
    title, table = await signature_page(db, endorsement_id, language, zone)
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.create_sheet()
        for other in workbook.worksheets[:-1]:
            workbook.remove(other)
        sheet.title = text(language, "endorsement.export.sheet")[:31]
        for row in table:
            sheet.append([safe_cell(cell) for cell in row])
        sheet.append([])
        for line in title:
            sheet.append([safe_cell(line)])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    def cell(value: str) -> str:
        return value.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")

    header, *rows = table
    lines = [
        f"# {cell(title[0])}",
        "",
        cell(title[1]),
        "",
        "| " + " | ".join(map(cell, header)) + " |",
    ]
    lines.append("|" + "---|" * len(header))
    lines += ["| " + " | ".join(map(cell, row)) + " |" for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")
