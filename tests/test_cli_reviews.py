"""`kravbot review open|close` and `kravbot export review ID`, on both databases.

Bad input (unknown group, a bad range, a bad deadline, an unknown round) gives one clear
message on stderr, exit status 2, and writes nothing.
"""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from bot.cli import main
from storage.answer_writer import AnswerWriter
from storage.database import Database
from storage.models import Conversation, Person
from storage.reviews import AnswerData
from tests.catalogue_support import add_requirements
from tests.support import activities as act

HOME = "19:hjt-home@thread.tacv2"
PLACES = ["3909", "3909", "4003"]


@pytest.fixture
def cli(clean_env: Path, monkeypatch: pytest.MonkeyPatch, database_url: str) -> str:
    monkeypatch.setenv("KRAVBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("KRAVBOT_LANGUAGE", "en")

    async def setup() -> None:
        db = Database(database_url)
        try:
            async with db.uow() as uow:
                uow.session.add(
                    Conversation(
                        id=HOME,
                        kind="channel",
                        channel_id="msteams",
                        service_url="http://127.0.0.1:1",
                        bot_id=act.BOT_ID,
                        reference={},
                    )
                )
                group = await uow.groups.add("HJT", "Hjemmetjeneste", "working")
                await uow.groups.link(group, HOME)
                for n, place in enumerate(PLACES):
                    person = await uow.people.add(
                        Person(
                            teams_user_id=f"29:m{n}",
                            name=f"Medlem {n}",
                            municipality_number=place,
                        )
                    )
                    await uow.groups.add_member(group, person)
                await add_requirements(uow, group, 5)
                await uow.commit()
        finally:
            await db.dispose()

    asyncio.run(setup())
    return database_url


def _counts(url: str) -> dict[str, int]:
    async def run() -> dict[str, int]:
        db = Database(url)
        try:
            async with db.engine.connect() as conn:
                found: dict[str, int] = {}
                for table in ("review_rounds", "outbox", "timers", "requirement_versions"):
                    found[table] = int(
                        (await conn.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one()
                    )
                found["in_review"] = int(
                    (
                        await conn.execute(
                            text("SELECT count(*) FROM requirements WHERE status = 'in_review'")
                        )
                    ).scalar_one()
                )
                return found
        finally:
            await db.dispose()

    return asyncio.run(run())


def _answer_all(url: str, round_id: int) -> None:
    async def run() -> None:
        db = Database(url)
        try:
            async with db.read() as uow:
                found = await uow.reviews.with_group(round_id)
                assert found is not None
                review, group = found
                members = [person for person, _ in await uow.groups.members(group)]
            # The path every answer from a review card takes: the answer writer.
            writer = AnswerWriter(db)
            for person in members:
                for n, rid in enumerate(review.requirement_ids):
                    verdict = "disagree" if n == 0 and person.name.endswith("2") else "agree"
                    answer = AnswerData(verdict, f"kommentar {n}")
                    assert await writer.save(round_id, person.id, rid, answer, datetime.now(UTC))
        finally:
            await db.dispose()

    asyncio.run(run())


OPEN = [
    "review",
    "open",
    "--group",
    "HJT",
    "--requirements",
    "HJT-001..HJT-003",
    "--deadline",
    "2099-12-04T15:00",
    "--by",
    "Kari",
]


def test_open_close_and_export(cli: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*OPEN, "--instructions", "Se særlig på HJT-002."]) == 0
    round_id = int(capsys.readouterr().out.strip())
    counts = _counts(cli)
    assert counts["review_rounds"] == 1 and counts["in_review"] == 3
    # The round card to the group and a review card to each of the three members.
    assert counts["outbox"] == 4
    # The same requirements cannot be in two open rounds.
    assert main(OPEN) == 2
    assert "HJT-001" in capsys.readouterr().err
    _answer_all(cli, round_id)

    assert main(["review", "close", str(round_id), "--by", "Kari"]) == 0
    closed = capsys.readouterr().out
    assert f"{round_id}" in closed
    assert _counts(cli)["in_review"] == 0
    assert main(["review", "close", str(round_id)]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1

    assert main(["export", "review", str(round_id), "--format", "xlsx", "-o", "r.xlsx"]) == 0
    book = load_workbook("r.xlsx")
    assert len(book.sheetnames) == 3
    answers_sheet = book[book.sheetnames[1]]
    assert answers_sheet.max_row == 1 + 3 * 3
    capsys.readouterr()
    assert main(["export", "review", str(round_id), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert any("HJT-001" in cell for row in rows for cell in row)
    assert any("kommentar 0" in cell for row in rows for cell in row)
    assert main(["export", "review", str(round_id), "--format", "md", "-o", "r.md"]) == 0
    markdown = Path("r.md").read_text(encoding="utf-8")
    assert "HJT-001" in markdown and "kommentar 2" in markdown


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--group", "XYZ", "--requirements", "HJT-001", "--deadline", "2099-12-04T15:00"], "XYZ"),
        (
            ["--group", "HJT", "--requirements", "HJT-005..HJT-001", "--deadline", "2099-12-04"],
            "HJT-005..HJT-001",
        ),
        (["--group", "HJT", "--requirements", "HJT-001", "--deadline", "4. desember"], "deadline"),
        (
            ["--group", "HJT", "--requirements", "HJT-001", "--deadline", "2001-12-04T15:00"],
            "future",
        ),
        (
            [*OPEN[2:8], "--min-municipalities", "24"],
            "minimum",
        ),
    ],
    ids=["unknown-group", "bad-range", "bad-deadline", "past-deadline", "minimum-too-high"],
)
def test_open_refuses_bad_input(
    cli: str, capsys: pytest.CaptureFixture[str], argv: list[str], needle: str
) -> None:
    before = _counts(cli)
    assert main(["review", "open", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    [line] = captured.err.strip().splitlines()
    assert line.startswith("kravbot: ") and needle.lower() in line.lower()
    assert _counts(cli) == before


def test_unknown_round(cli: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = _counts(cli)
    assert main(["review", "close", "99"]) == 2
    assert main(["export", "review", "99", "--format", "md", "-o", "r.md"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all("99" in line for line in err)
    assert not Path("r.md").exists()
    assert _counts(cli) == before


def test_open_with_a_minimum_the_summary_states_it(
    cli: str, capsys: pytest.CaptureFixture[str]
) -> None:
    async def participate() -> None:
        db = Database(cli)
        try:
            async with db.uow() as uow:
                for place in set(PLACES):
                    await uow.municipalities.set_participating(place, True)
                await uow.commit()
        finally:
            await db.dispose()

    asyncio.run(participate())
    assert main([*OPEN, "--min-municipalities", "3"]) == 0
    round_id = int(capsys.readouterr().out.strip())

    async def stored() -> tuple[int | None, str]:
        db = Database(cli)
        try:
            async with db.read() as uow:
                review = await uow.reviews.get(round_id)
                rows = await uow.outbox.due(datetime(2100, 1, 1, tzinfo=UTC), limit=100)
            [card] = [r.activity for r in rows if r.key == f"review:{round_id}:round"]
            assert review is not None
            return review.min_municipalities, str(card)
        finally:
            await db.dispose()

    minimum, card = asyncio.run(stored())
    # Two participating municipalities are in the group, and the round asks for three.
    assert minimum == 3 and "'Minimum coverage per requirement', 'value': '3 of 2'" in card
    _answer_all(cli, round_id)
    assert main(["review", "close", str(round_id)]) == 0
    closed = capsys.readouterr().out
    assert "insufficient" in closed
    assert main(["export", "review", str(round_id), "--format", "md"]) == 0
    assert "at least 3 participating municipalities" in capsys.readouterr().out
    with pytest.raises(SystemExit) as usage:
        main(["review", "open", "--min-municipalities", "two", *OPEN[2:]])
    assert usage.value.code == 2
