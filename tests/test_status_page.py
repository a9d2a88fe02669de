"""The public status page (`kravbot export status`): built from the demo on both databases, its
numbers match the database, and it holds no person's name, e-mail, Teams id or Entra id."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.cli import main
from dialogs.demo.organisation import PEOPLE
from dialogs.overview import public_status, status_json, status_page
from dialogs.overview.public import MilestoneLine, current_phase
from storage.database import Database
from storage.models import Person, Requirement


async def _identities(url: str) -> list[str]:
    """Every name, e-mail and id of every person in the database (the demo's and any other)."""
    db = Database(url)
    try:
        async with db.read() as uow:
            people = (await uow.session.scalars(select(Person))).all()
            total = await uow.session.scalar(select(func.count(Requirement.id)))
    finally:
        await db.dispose()
    found = [
        value
        for p in people
        for value in (p.name, p.email, p.teams_user_id, p.aad_object_id)
        if value
    ]
    assert total and len(people) >= len(PEOPLE)
    return found


def _demo_identities() -> list[str]:
    return [
        value
        for p in PEOPLE
        for value in (p.name, p.email, p.teams_user_id, p.aad_object_id)
        if value
    ]


def test_status_page_and_json_hold_no_personal_data(
    demo_cli: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio

    html_file, json_file = tmp_path / "status.html", tmp_path / "status.json"
    assert main(["export", "status", "--format", "html", "-o", str(html_file)]) == 0
    assert main(["export", "status", "--format", "json", "-o", str(json_file)]) == 0
    page = html_file.read_text(encoding="utf-8")
    data = json.loads(json_file.read_text(encoding="utf-8"))
    identities = asyncio.run(_identities(demo_cli)) + _demo_identities()
    assert len(identities) > 40
    raw_json = json_file.read_text(encoding="utf-8").lower()
    for value in identities:
        assert value.lower() not in page.lower(), value
        assert value.lower() not in raw_json, value
    # What it does show: the phase, every group's count and the participating municipalities.
    assert "Fase 1: kravspesifikasjon" in page and '<html lang="nb"' in page
    assert "src=" not in page and "<link" not in page
    groups = data["requirements"]["groups"]
    assert sum(g["total"] for g in groups) == sum(data["requirements"]["by_status"].values())
    assert {"HJT", "INST"} <= {g["code"] for g in groups}
    assert data["participation"]
    assert all(
        set(row)
        == {
            "number",
            "municipality",
            "members",
            "answers",
            "answers_asked",
            "votes",
            "votes_possible",
        }
        for row in data["participation"]
    )
    # Milestones, requirements and participation: each chart followed by its table.
    assert page.count('class="chart" role="img"') == 3 and page.count("<table>") >= 6


async def test_numbers_match_the_database(db: Database) -> None:
    from dialogs.demo.load import load_demo

    await load_demo(db)
    now = datetime(2024, 9, 18, 10, 0, tzinfo=UTC)
    async with db.read() as uow:
        status = await public_status(uow, now, now.date())
        total = await uow.session.scalar(select(func.count(Requirement.id)))
        participating = await uow.municipalities.participating()
    assert sum(status.by_status().values()) == total
    assert {m.number for m in status.municipalities} == {m.number for m in participating}
    data = status_json(status)
    assert data["phase"] == status.phase and len(data["milestones"]) == len(status.milestones)
    for language in ("nb", "nn", "en"):
        page = status_page(language, status)
        assert f'<html lang="{language}"' in page
        for group in status.groups:
            assert f'<th scope="row">{group.name}</th>' in page


def test_phase_is_the_earliest_with_open_milestones() -> None:
    day = datetime(2024, 1, 1).date()

    def line(phase: int, status: str) -> MilestoneLine:
        return MilestoneLine("M", phase, day, "day", status, False)

    assert current_phase([]) == 1
    assert current_phase([line(1, "done"), line(2, "planned"), line(3, "planned")]) == 2
    assert current_phase([line(1, "done"), line(2, "cancelled")]) == 2
