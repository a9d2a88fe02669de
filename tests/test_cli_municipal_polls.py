"""The organisation and poll commands of a per-municipality poll, on both databases: delegates
and deputies set per group and shown, weights, `poll open --per-municipality`, the minutes."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.cli import main
from storage.database import Database
from storage.models import Person


@pytest.fixture
def cli(clean_env: Path, monkeypatch: pytest.MonkeyPatch, database_url: str) -> str:
    monkeypatch.setenv("KRAVBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("KRAVBOT_LANGUAGE", "nb")

    async def group() -> None:
        db = Database(database_url)
        try:
            async with db.uow() as uow:
                sty = await uow.groups.add("STY", "Styringsgruppe", "steering")
                for n, (name, place) in enumerate(
                    (("Anne Lise Bjerke", "3905"), ("Trond Wold", "3905"), ("Berit Lund", "4003"))
                ):
                    person = await uow.people.add(
                        Person(name=name, teams_user_id=f"29:p{n}", municipality_number=place)
                    )
                    await uow.groups.add_member(sty, person, "member")
                for place in ("3905", "4003"):
                    await uow.municipalities.set_participating(place, True)
                await uow.commit()
        finally:
            await db.dispose()

    asyncio.run(group())
    return database_url


def test_delegates_weights_and_a_per_municipality_poll(
    cli: str, capsys: pytest.CaptureFixture[str]
) -> None:
    opening = ["poll", "open", "--group", "STY", "--title", "Felles EPJ", "--options", "Ja;Nei"]
    opening += ["--deadline", "2099-12-10T12:00", "--per-municipality"]
    # No delegates yet: refused, nothing opened.
    assert main(opening) == 2
    assert "Ingen deltakerkommune har representant" in capsys.readouterr().err
    # A delegate speaks for the municipality in one group: the group is required.
    assert main(["people", "set-role", "Anne Lise Bjerke", "delegate"]) == 2
    assert "gjelder i en gruppe" in capsys.readouterr().err
    assert main(["people", "set-role", "Anne Lise Bjerke", "delegate", "--group", "STY"]) == 0
    assert main(["people", "set-role", "Trond Wold", "deputy", "--group", "STY"]) == 0
    assert main(["people", "set-role", "Berit Lund", "delegate", "--group", "STY"]) == 0
    capsys.readouterr()
    assert main(["groups", "show", "STY"]) == 0
    shown = capsys.readouterr().out
    assert "Anne Lise Bjerke | Tønsberg | representant (Tønsberg)" in shown
    assert "Trond Wold | Tønsberg | vara (Tønsberg)" in shown
    assert main(["municipalities", "set-weight", "Skien", "0"]) == 2
    assert "fra 1 til 100" in capsys.readouterr().err
    assert main(["municipalities", "set-weight", "Skien", "2"]) == 0
    assert "Skien har stemmevekt 2." in capsys.readouterr().out
    assert main(opening) == 0
    out = capsys.readouterr()
    poll_id = int(out.out.strip())
    assert main(["poll", "close", str(poll_id)]) == 0
    capsys.readouterr()
    assert main(["export", "poll", str(poll_id), "--format", "md"]) == 0
    minutes = capsys.readouterr().out
    assert "## Sak " in minutes and "### Forslag til vedtak" in minutes
    assert "Én stemme per kommune:** 0 av 2 kommuner" in minutes
    assert "Stemmevekt:** Skien 2" in minutes
    assert "### Votering" in minutes and "### Vedtak" in minutes
