"""`kravbot export review ID`: the summary, every answer and every comment of a round."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Final
from zoneinfo import ZoneInfo

from cards.cells import safe_cell
from cards.dates import format_datetime
from cards.review_cards import verdict_words
from cards.texts import Language, text
from dialogs.reviews.rules import RequirementOutcome
from dialogs.reviews.service import ReviewError, minimum_of, outcome_of
from dialogs.reviews.views import label
from storage.database import Database
from storage.models import Group, Person, Requirement, ReviewRound
from storage.reviews import AnswerRow
from vocabulary import Verdict

FORMATS: Final = ("xlsx", "csv", "md")


@dataclass(frozen=True, slots=True)
class ReviewTables:
    """The three tables of an export, headers first."""

    title: str
    rule: str
    summary: list[list[str]]
    answers: list[list[str]]
    comments: list[list[str]]


def _h(language: Language, *names: str) -> list[str]:
    return [text(language, f"review.export.col.{name}") for name in names]


@dataclass(frozen=True, slots=True)
class _Round:
    """What an export reads of a round, in one unit of work."""

    review: ReviewRound
    group: Group
    outcomes: list[RequirementOutcome]
    people: dict[int, Person]
    requirements: dict[int, Requirement]
    answers: list[AnswerRow]
    places: dict[str, str]


async def _read(db: Database, round_id: int) -> _Round:
    async with db.read() as uow:
        found = await uow.reviews.with_group(round_id)
        if found is None:
            raise ReviewError("not_found", 404, id=round_id)
        review, group = found
        outcomes, people = await outcome_of(uow, review, group)
        return _Round(
            review,
            group,
            outcomes,
            people,
            await uow.requirements.by_ids(review.requirement_ids),
            await uow.reviews.answers(review.id),
            {m.number: m.name for m in await uow.municipalities.all()},
        )


def _summary(found: _Round, language: Language) -> list[list[str]]:
    summary = [
        _h(language, "key", "text", "status")
        + [verdict_words(language, v) for v in Verdict]
        + _h(language, "positions", "missing", "suspect")
    ]
    for outcome in found.outcomes:
        requirement = found.requirements.get(outcome.requirement_id)
        positions = "; ".join(
            f"{found.places.get(n, n)}: {verdict_words(language, p)}"
            for n, p in outcome.positions.items()
        )
        summary.append(
            [
                requirement.key if requirement else "?",
                requirement.text if requirement else "",
                text(language, f"review.status.{outcome.status}"),
                *(str(outcome.counts[v]) for v in Verdict),
                positions,
                ", ".join(found.places.get(n, n) for n in outcome.missing),
                str(outcome.suspect),
            ]
        )
    return summary


def _answers(
    found: _Round, language: Language, zone: ZoneInfo
) -> tuple[list[list[str]], list[list[str]]]:
    """Every answer, and the answers with a comment or proposal, in round order."""
    order = {rid: index for index, rid in enumerate(found.review.requirement_ids)}
    rows = sorted(found.answers, key=lambda a: (order.get(a.requirement_id, 0), a.person_id))
    columns = ("verdict", "comment", "proposal", "priority", "answered_at")
    answer_table = [_h(language, "key", "person", "municipality", *columns)]
    comment_table = [_h(language, "key", "person", "municipality", "comment", "proposal")]
    for answer in rows:
        requirement = found.requirements.get(answer.requirement_id)
        person = found.people.get(answer.person_id)
        place = person.municipality_number if person else None
        cells = [
            requirement.key if requirement else "?",
            person.name if person else str(answer.person_id),
            found.places.get(place, place or "") if place else "",
        ]
        answer_table.append(
            [
                *cells,
                verdict_words(language, answer.verdict),
                answer.comment,
                answer.proposal,
                text(language, f"review.type.{answer.priority}") if answer.priority else "",
                format_datetime(language, answer.answered_at, zone),
            ]
        )
        if answer.comment or answer.proposal:
            comment_table.append([*cells, answer.comment, answer.proposal])
    return answer_table, comment_table


async def review_tables(
    db: Database, round_id: int, language: Language, zone: ZoneInfo
) -> ReviewTables:
    """Read a round and lay out its summary, answers and comments."""
    found = await _read(db, round_id)
    title = text(language, "review.summary.title", id=found.review.id, group=label(found.group))
    answers, comments = _answers(found, language, zone)
    async with db.read() as uow:
        represented = await uow.municipalities.participating_in_group(found.group)
    minimum = minimum_of(found.review, len(represented))
    rule = " ".join(
        (
            text(language, "review.summary.rule"),
            text(language, "review.summary.coverage_rule", minimum=minimum),
        )
    )
    return ReviewTables(title, rule, _summary(found, language), answers, comments)


def to_csv(tables: ReviewTables, language: Language) -> bytes:
    """One CSV file: the three tables one after another, each under a title row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(tables.rule)])
    for name, table in (
        ("summary", tables.summary),
        ("answers", tables.answers),
        ("comments", tables.comments),
    ):
        writer.writerow([text(language, f"review.export.{name}")])
        writer.writerows([safe_cell(cell) for cell in row] for row in table)
        writer.writerow([])
    return buffer.getvalue().encode("utf-8")


def to_xlsx(tables: ReviewTables, language: Language) -> bytes:
    """A workbook with one sheet each for the summary, the answers and the comments."""
    from openpyxl import Workbook

    workbook = Workbook()
    first = workbook.active
    if first is not None:
        workbook.remove(first)
    for name, table in (
        ("summary", tables.summary),
        ("answers", tables.answers),
        ("comments", tables.comments),
    ):
        sheet = workbook.create_sheet(text(language, f"review.export.{name}")[:31])
        for row in table:
            sheet.append([safe_cell(cell) for cell in row])
        if name == "summary":
            sheet.append([])
            sheet.append([safe_cell(tables.rule)])
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _md_cell(cell: str) -> str:
    return cell.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def to_markdown(tables: ReviewTables, language: Language) -> bytes:
    """Markdown with a heading and a table per part."""
    lines = [f"# {_md_cell(tables.title)}", "", _md_cell(tables.rule), ""]
    for name, table in (
        ("summary", tables.summary),
        ("answers", tables.answers),
        ("comments", tables.comments),
    ):
        lines += [f"## {text(language, f'review.export.{name}')}", ""]
        header, *rows = table
        lines.append("| " + " | ".join(_md_cell(c) for c in header) + " |")
        lines.append("|" + "---|" * len(header))
        lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
        lines.append("")
    return "\n".join(lines).encode("utf-8")


async def export_review(
    db: Database, round_id: int, fmt: str, *, language: Language, zone: ZoneInfo
) -> bytes:
    """The round in `fmt` (xlsx, csv or md); raises `ReviewError` for an unknown round."""
    tables = await review_tables(db, round_id, language, zone)
    if fmt == "xlsx":
        return to_xlsx(tables, language)
    if fmt == "csv":
        return to_csv(tables, language)
    return to_markdown(tables, language)
