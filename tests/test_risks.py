"""The ROS register: pure rules, the change log and review reminders on both databases, the
`kravbot risks` command line and `risiko` over HTTP."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.cli import main
from dialogs.demo.load import load_demo
from dialogs.demo.risks import RISKS
from dialogs.kernel.context import DialogContext
from dialogs.kernel.timers import fire_due
from dialogs.kernel.workdays import OSLO, is_working_day
from dialogs.risks import RiskError, RiskValues, add_risk, change_risk, level, matrix, score
from dialogs.risks.rules import reminder_times
from storage.database import Database
from tests.emulator.server import ConnectorEmulator
from tests.support import activities as act
from tests.support.botserver import RunningBot, running_bot, settings_for
from tests.support.cardgate import assert_card_ok
from tests.support.databases import load_demo_into
from tests.support.registry import REGISTRY

KARI = act.User("29:digitv-kari-nordmann", "Kari Nordmann", "d1617000-0000-4000-8000-000000000101")
OLA = act.User("29:digitv-ola-hansen", "Ola Hansen", "d1617000-0000-4000-8000-000000000102")
SCALE = st.integers(1, 5)


@given(SCALE, SCALE, SCALE, SCALE)
def test_level_grows_with_the_score(l1: int, c1: int, l2: int, c2: int) -> None:
    order = ("low", "medium", "high")
    assert 1 <= score(l1, c1) <= 25
    if score(l1, c1) <= score(l2, c2):
        assert order.index(level(l1, c1)) <= order.index(level(l2, c2))


@given(st.lists(st.tuples(SCALE, SCALE), max_size=30))
def test_matrix_places_every_risk_once(cells: list[tuple[int, int]]) -> None:
    placed = matrix((n, lk, cq) for n, (lk, cq) in enumerate(cells))
    assert len(placed) == 25
    assert sorted(i for ids in placed.values() for i in ids) == list(range(len(cells)))
    for n, (lk, cq) in enumerate(cells):
        assert n in placed[(lk, cq)]


# The first look-up of a year's holidays is slow; the rule itself is not timed here.
@settings(deadline=None)
@given(st.dates(date(2024, 1, 1), date(2030, 12, 31)))
def test_reminders_fall_on_working_days_before_the_review(review: date) -> None:
    long_ago = datetime(2023, 1, 1, tzinfo=OSLO)
    planned = reminder_times(review, long_ago, OSLO)
    assert len(planned) == 2
    for day, at in planned:
        assert day < review and is_working_day(day)
        assert at.astimezone(OSLO).hour == 9 and at.astimezone(OSLO).date() == day


async def _kari(db: Database) -> int:
    async with db.read() as uow:
        kari = await uow.people.by_email("kari.nordmann@digitv.example")
        assert kari is not None
        return kari.id


async def test_changes_are_recorded_and_reminders_follow_the_review_date(db: Database) -> None:
    await load_demo(db)
    ctx = DialogContext(db=db)
    now = datetime(2026, 3, 2, 12, tzinfo=OSLO)
    values = RiskValues(
        title="Forsinket markedsdialog",
        owner_id=await _kari(db),
        likelihood=2,
        consequence=3,
        next_review=date(2026, 3, 20),
    )
    async with db.uow() as uow:
        risk = await add_risk(uow, ctx, values, "Kari Nordmann", now)
        await uow.commit()
        risk_id = risk.id
    async with db.uow() as uow:
        stored = await uow.risks.get(risk_id)
        assert stored is not None
        change = RiskValues(likelihood=4, next_review=date(2026, 4, 17), measures="Tidlig dialog")
        assert await change_risk(uow, ctx, stored, change, "Per Olsen", now) == 3
        await uow.commit()
        history = [
            (c.field, c.old_value, c.new_value, c.changed_by)
            for c in await uow.risks.history(risk_id)
        ]
        timers = [t.key for t in await uow.timers.pending(f"risk:{risk_id}:")]
    assert history[0][0] == "created"
    assert ("likelihood", "2", "4", "Per Olsen") in history
    assert ("next_review", "2026-03-20", "2026-04-17", "Per Olsen") in history
    # Only the new date's reminders remain: 5 and 1 working days before 17 April 2026.
    assert timers == [
        f"risk:{risk_id}:review:2026-04-17:2026-04-10",
        f"risk:{risk_id}:review:2026-04-17:2026-04-16",
    ]
    fired = await fire_due(ctx, REGISTRY, datetime(2026, 4, 10, 9, 1, tzinfo=OSLO))
    assert fired == 1
    async with db.read() as uow:
        message = await uow.outbox.by_key(timers[0])
    assert message is not None and message.person_id == await _kari(db)
    assert_card_ok(message.activity["attachments"][0]["content"])


async def test_bad_values_are_refused_and_nothing_is_stored(db: Database) -> None:
    await load_demo(db)
    ctx = DialogContext(db=db)
    now = datetime(2026, 3, 2, 12, tzinfo=OSLO)
    async with db.uow() as uow:
        with pytest.raises(RiskError) as refused:
            await add_risk(uow, ctx, RiskValues(title=" ", likelihood=6, consequence=0), "x", now)
        assert {p.code for p in refused.value.problems} == {"title_missing", "scale"}
        [risk] = [r for r in await uow.risks.all() if r.title == RISKS[0].title]
        with pytest.raises(RiskError):
            await change_risk(uow, ctx, risk, RiskValues(status="gone"), "x", now)
        assert await uow.risks.history(risk.id) and len(await uow.risks.history(risk.id)) == 1


async def test_demo_holds_the_project_plan_risks(db: Database) -> None:
    await load_demo(db)
    await load_demo(db)
    async with db.read() as uow:
        titles = [r.title for r in await uow.risks.all()]
    assert titles == [r.title for r in RISKS]
    assert "Lav deltakelse fra kommunene" in titles


# ---- command line


@pytest.fixture
def cli(clean_env: Path, monkeypatch: pytest.MonkeyPatch, database_url: str) -> str:
    monkeypatch.setenv("KRAVBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("KRAVBOT_LANGUAGE", "nb")
    load_demo_into(database_url)
    return database_url


def test_cli_add_update_export_and_refusals(
    cli: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["risks", "add", "--title", "Leverandører uteblir", "--likelihood", "2"]
    args += ["--consequence", "4", "--owner", "KARI.nordmann@digitv.example", "--by", "Kari"]
    assert main(args) == 0
    assert capsys.readouterr().out == "Risiko R5 er lagt til.\n"
    assert main(["risks", "update", "5", "--likelihood", "5", "--by", "Per"]) == 0
    assert capsys.readouterr().out == "Risiko R5: 1 felt endret.\n"
    monkeypatch.setenv("KRAVBOT_LANGUAGE", "en")
    assert main(["risks", "update", "5", "--likelihood", "5", "--status", "monitoring"]) == 0
    assert capsys.readouterr().out == "Risk R5: 1 field changed.\n"
    monkeypatch.setenv("KRAVBOT_LANGUAGE", "nb")
    assert main(["risks", "update", "5", "--likelihood", "9"]) == 2
    assert "1 til 5" in capsys.readouterr().err
    assert main(["risks", "update", "77", "--status", "closed"]) == 2
    assert main(["risks", "add", "--title", "X", "--likelihood", "two", "--consequence", "1"]) == 2
    assert "hele tall fra 1 til 5, ikke «two»" in capsys.readouterr().err
    assert main(["risks", "update", "5", "--next-review", "i høst"]) == 2
    assert "Neste vurdering må være en dato som 2024-10-15, ikke «i høst»." in (
        capsys.readouterr().err
    )
    assert (
        main(
            [
                "risks",
                "add",
                "--title",
                "X",
                "--likelihood",
                "2",
                "--consequence",
                "1",
                "--owner",
                "nobody@example.org",
            ]
        )
        == 2
    )
    capsys.readouterr()
    out = tmp_path / "risks.json"
    assert main(["risks", "export", "--format", "json", "-o", str(out)]) == 0
    rows = json.loads(out.read_text(encoding="utf-8"))
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True) and len(rows) == 5
    mine = next(r for r in rows if r["title"] == "Leverandører uteblir")
    assert (mine["likelihood"], mine["score"], mine["level"]) == (5, 20, "høy")
    assert main(["risks", "list"]) == 0
    assert "Leverandører uteblir" in capsys.readouterr().out


def test_cli_import_is_all_or_nothing(
    cli: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "good.csv"
    good.write_text(
        "tittel;sannsynlighet;konsekvens;eier;neste vurdering\n"
        "Lav deltakelse fra kommunene;5;5;;\n"
        "Ny risiko;2;2;ola.hansen@digitv.example;2099-01-15\n",
        encoding="utf-8",
    )
    assert main(["risks", "import", str(good)]) == 0
    assert capsys.readouterr().out == "Importerte 1 ny risiko og 1 endret risiko.\n"
    bad = tmp_path / "bad.csv"
    bad.write_text("tittel;sannsynlighet;konsekvens\nEnda en;2;2\nFeil;8;1\n", encoding="utf-8")
    assert main(["risks", "import", str(bad)]) == 2
    missing = str(tmp_path / "missing.csv")
    assert main(["risks", "import", missing]) == 2
    assert f"fila finnes ikke: {missing}" in capsys.readouterr().err
    untitled = tmp_path / "untitled.csv"
    untitled.write_text("navn;sannsynlighet\nEnda en;2\n", encoding="utf-8")
    assert main(["risks", "import", str(untitled)]) == 2
    assert "kolonne for tittel (title / tittel)" in capsys.readouterr().err
    monkeypatch.setenv("KRAVBOT_LANGUAGE", "en")
    assert main(["risks", "import", missing]) == 2
    assert f"the file does not exist: {missing}" in capsys.readouterr().err
    assert main(["risks", "import", str(good)]) == 0
    assert capsys.readouterr().out == "Imported 0 new risks and 0 changed risks.\n"
    assert main(["risks", "list"]) == 0
    listed = capsys.readouterr().out
    assert "Ny risiko" in listed and "Enda en" not in listed


# ---- Teams


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[RunningBot]:
    async with running_bot(settings_for(database_url)) as running:
        await load_demo(running.services.db)
        yield running


async def test_risiko_card_with_matrix_and_chart(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    await bot.post(act.message("risiko", connector_emulator.url, user=KARI))
    [reply] = await connector_emulator.wait_for_sent(1)
    card = reply["attachments"][0]["content"]
    assert_card_ok(card)
    kinds = [e["type"] for e in card["body"]]
    assert "Chart.Donut" in kinds and "Table" in kinds
    assert "Lav deltakelse fra kommunene" in json.dumps(card, ensure_ascii=False)
    await bot.post(act.message("risiko", connector_emulator.url, user=OLA))
    [_, refused] = await connector_emulator.wait_for_sent(2)
    assert "attachments" not in refused
