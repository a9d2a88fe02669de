"""`kravbot export endorsement ID`: the signature page, per municipality (xlsx, Markdown)."""

from __future__ import annotations

from typing import Final
from zoneinfo import ZoneInfo

from cards.cells import md_cell, md_table, xlsx_sheet
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
        return xlsx_sheet(text(language, "endorsement.export.sheet"), table, title)
    lines = [f"# {md_cell(title[0])}", "", md_cell(title[1]), "", *md_table(table)]
    return ("\n".join(lines) + "\n").encode("utf-8")
