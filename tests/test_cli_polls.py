"""`kravbot poll open|close` and `kravbot export poll` on both databases."""

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
                for n, name in enumerate(("Anne Lise Bjerke", "Trond Wold", "Berit Lund")):
                    person = await uow.people.add(Person(name=name, teams_user_id=f"29:p{n}"))
                    await uow.groups.add_member(sty, person, "chair" if n == 0 else "member")
                await uow.commit()
        finally:
            await db.dispose()

    asyncio.run(group())
    return database_url


def test_open_close_export(cli: str, capsys: pytest.CaptureFixture[str]) -> None:
    arguments = ["poll", "open", "--group", "sty", "--title", "Milepæl flyttes"]
    arguments += ["--options", "Godkjent;Ikke godkjent;Utsatt", "--deadline", "2099-12-10T12:00"]
    assert main([*arguments, "--quorum", "0.5", "--majority", "two-thirds"]) == 0
    out = capsys.readouterr()
    poll_id = int(out.out.strip())
    assert "3 som kan stemme" in out.err and "10. desember 2099 kl. 12.00" in out.err
    assert main(["export", "poll", str(poll_id), "--format", "md"]) == 0
    assert "Avstemningen er ikke avsluttet." in capsys.readouterr().out
    assert main(["poll", "close", str(poll_id)]) == 0
    assert "Ikke beslutningsdyktig" in capsys.readouterr().out
    assert main(["poll", "close", str(poll_id)]) == 2
    assert "avsluttet" in capsys.readouterr().err
    assert main(["export", "poll", str(poll_id), "--format", "csv", "-o", "m.csv"]) == 0
    assert Path("m.csv").read_text(encoding="utf-8").splitlines()[1] == "opptelling,Godkjent,0"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--deadline", "2000-01-01T12:00"], "fram i tid"),
        (["--deadline", "tomorrow"], "2026-12-10T12:00"),
        (["--options", "Ja"], "alternativer"),
        (["--quorum", "2"], "fra 0 til 100"),
        (["--group", "XYZ"], "XYZ"),
    ],
)
def test_bad_input_exit_2(
    cli: str, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    base = {"--group": "STY", "--title": "T", "--options": "A;B", "--deadline": "2099-01-05T12:00"}
    base.update(dict(zip(extra[::2], extra[1::2], strict=True)))
    assert main(["poll", "open", *[x for pair in base.items() for x in pair]]) == 2
    assert message in capsys.readouterr().err
    assert main(["export", "poll", "1"]) == 2
