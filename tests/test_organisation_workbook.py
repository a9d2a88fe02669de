"""The organisation workbook (issue 13): template, import all or nothing with every problem by
sheet, row and column, idempotent re-import, on SQLite and PostgreSQL; and the go-live path on
an empty PostgreSQL database: template, fill, import, serve, a review round and a poll."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from bot.cli import main
from storage.database import Database
from tests.catalogue_support import dump, write_csv
from tests.emulator.server import ConnectorEmulator, personal_conversation_id
from tests.support import activities as act
from tests.support.botserver import running_bot, settings_for
from tests.support.cardgate import assert_card_ok

OSLO = ZoneInfo("Europe/Oslo")
KARI = act.KARI
ANNE = act.User("29:anne", "Anne Berg", "00000000-0000-4000-8000-0000000000a1")
PER = act.User("29:per", "Per Moe", "00000000-0000-4000-8000-0000000000b1")
Sheets = dict[str, list[list[Any]]]


def _fill(path: Path, sheets: Sheets) -> None:
    """Replace the example rows of the template's sheets with `sheets`, as a user would."""
    workbook = load_workbook(path)
    for name, rows in sheets.items():
        sheet = workbook[name]
        sheet.delete_rows(2, sheet.max_row)
        for row in rows:
            sheet.append(row)
    workbook.save(path)


def _organisation() -> Sheets:
    return {
        "kommuner": [
            ["Skien", "ja", "kari.nordmann@skien.kommune.no"],
            ["3905", "ja", "anne.berg@tonsberg.kommune.no"],
            ["Vinje", "ja", ""],
        ],
        "grupper": [
            ["HJT", "Hjemmetjeneste", "Arbeidsgruppe", "Hjemmetjenesten", "Anne Berg", ""],
            ["STY", "Styringsgruppe", "Styringsgruppe", "", "kari.nordmann@skien.kommune.no", ""],
            ["PRO", "Prosjektgruppe", "prosjektgruppe", "", "", ""],
            ["KS", "KS", "Referansegruppe", "Kommunesektorens organisasjon", "", ""],
        ],
        "personer": [
            [
                KARI.name,
                "Kari.Nordmann@skien.kommune.no",
                KARI.aad_object_id,
                "Skien",
                "STY; PRO; HJT",
                "admin, prosjektleder",
            ],
            [
                ANNE.name,
                "anne.berg@tonsberg.kommune.no",
                ANNE.aad_object_id,
                "3905",
                "HJT; STY",
                "",
            ],
            [
                PER.name,
                "per.moe@vinje.kommune.no",
                PER.aad_object_id,
                "Vinje",
                "hjemmetjenesten",
                "",
            ],
        ],
        "milepæler": [
            ["Kravspesifikasjon ferdig", "2026-12", "måned", 1, "Kari Nordmann", "PRO", "planlagt"],
            ["Markedsdialog", datetime(2026, 10, 15), "", 1, "", "Styringsgruppe", "pågår"],
        ],
    }


def _workbook(tmp_path: Path, edit: Callable[[Sheets], None] | None = None) -> Path:
    path = tmp_path / "organisasjon.xlsx"
    assert main(["template", "organisation", "-o", str(path)]) == 0
    sheets = _organisation()
    if edit is not None:
        edit(sheets)
    _fill(path, sheets)
    return path


@pytest.fixture
def cli(clean_env: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("KRAVBOT_DATABASE_URL", database_url)
    return database_url


def test_the_template_has_four_sheets_with_norwegian_headers_and_an_example(
    clean_env: Path,
) -> None:
    path = clean_env / "mal.xlsx"
    assert main(["template", "organisation", "-o", str(path)]) == 0
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["kommuner", "grupper", "personer", "milepæler"]
    headers = {name: [c.value for c in workbook[name][1]] for name in workbook.sheetnames}
    assert headers["grupper"] == ["Kode", "Navn", "Type", "Også kalt", "Leder", "Nestleder"]
    assert headers["personer"][:2] == ["Navn", "E-post"]
    assert all(workbook[name].max_row == 2 for name in workbook.sheetnames)
    assert main(["template", "organisation", "-o", str(clean_env / "mal.csv")]) == 2


async def test_import_then_reimport_changes_nothing(
    cli: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _workbook(tmp_path)
    assert await asyncio.to_thread(main, ["import", "organisation", str(path), "--dry-run"]) == 0
    db = Database(cli)
    try:
        before = await dump(db)
        assert await asyncio.to_thread(main, ["import", "organisation", str(path)]) == 0
        out = capsys.readouterr().out
        assert "grupper: lagt til: 4, endret: 0, uendret: 0" in out
        assert "personer: lagt til: 3" in out
        first = await dump(db)
        assert first != before
        async with db.uow() as uow:
            groups = {g.code: g for g in await uow.groups.all()}
            assert groups["KS"].kind == "reference" and groups["STY"].kind == "steering"
            assert (await uow.groups.find("hjemmetjenesten")) is groups["HJT"]
            anne = await uow.people.by_email("anne.berg@tonsberg.kommune.no")
            kari = await uow.people.by_email("kari.nordmann@skien.kommune.no")
            assert anne is not None and kari is not None and kari.is_project_lead
            chair = await uow.groups.membership(groups["HJT"], anne)
            assert chair is not None and chair.role == "chair"
            sty = await uow.groups.membership(groups["STY"], kari)
            assert sty is not None and sty.role == "chair"
            per = await uow.people.by_email("per.moe@vinje.kommune.no")
            assert per is not None and await uow.groups.membership(groups["HJT"], per)
            assert {m.number for m in await uow.municipalities.participating()} == {
                "3905",
                "4003",
                "4036",
            }
            roles = {(r.municipality_number, r.person_id) for r in await uow.municipalities.roles()}
            assert roles == {("4003", kari.id), ("3905", anne.id)}
            milestones = {m.title: m for m in await uow.milestones.all()}
            done = milestones["Kravspesifikasjon ferdig"]
            assert (done.precision, str(done.due_date), done.owner_id) == (
                "month",
                "2026-12-01",
                kari.id,
            )
            assert milestones["Markedsdialog"].status == "in_progress"
            logged = [d for d in await uow.decisions.latest(20) if d.kind == "organisation"]
            assert len(logged) == 4  # one per new group: who, when, what
        # Again: nothing changes, nothing more in the decision log.
        assert await asyncio.to_thread(main, ["import", "organisation", str(path)]) == 0
        assert "grupper: lagt til: 0, endret: 0, uendret: 4" in capsys.readouterr().out
        assert await dump(db) == first
    finally:
        await db.dispose()


def _duplicate_code(sheets: Sheets) -> None:
    sheets["grupper"].append(["hjt", "Hjemmetjeneste 2", "Arbeidsgruppe", "", "", ""])


def _duplicate_alias(sheets: Sheets) -> None:
    sheets["grupper"].append(["RUS", "Rus og psykiatri", "", "Hjemmetjenesten", "", ""])


def _alias_is_a_code(sheets: Sheets) -> None:
    sheets["grupper"].append(["RUS", "Rus og psykiatri", "", "STY", "", ""])


def _unknown_municipality(sheets: Sheets) -> None:
    sheets["kommuner"].append(["Atlantis", "ja", ""])
    sheets["personer"][2][3] = "Oslo"


def _person_twice(sheets: Sheets) -> None:
    sheets["personer"].append(["Anne B.", "ANNE.BERG@tonsberg.kommune.no", "", "3905", "", ""])


def _chair_not_member(sheets: Sheets) -> None:
    sheets["grupper"][3][4] = "per.moe@vinje.kommune.no"


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (_duplicate_code, "ark grupper, rad 6, kolonne Kode: «HJT» står også i rad 2"),
        (
            _duplicate_alias,
            "ark grupper, rad 6, kolonne Også kalt: «Hjemmetjenesten» brukes allerede av "
            "gruppen HJT",
        ),
        (_alias_is_a_code, "ark grupper, rad 6, kolonne Også kalt: «STY» brukes allerede av"),
        (_unknown_municipality, "ark kommuner, rad 5, kolonne Kommune: ukjent kommune «Atlantis»"),
        (_unknown_municipality, "ark personer, rad 4, kolonne Kommune: ukjent kommune «Oslo»"),
        (
            _person_twice,
            "ark personer, rad 5, kolonne E-post: «anne.berg@tonsberg.kommune.no» står også i "
            "rad 3",
        ),
        (
            _chair_not_member,
            "ark grupper, rad 5, kolonne Leder: Per Moe er ikke medlem av gruppen KS",
        ),
    ],
)
def test_bad_workbooks_are_refused_with_sheet_row_and_column_and_nothing_written(
    cli: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    edit: Callable[[Sheets], None],
    expected: str,
) -> None:
    path = _workbook(tmp_path, edit)
    before = asyncio.run(_dump(cli))
    assert main(["import", "organisation", str(path)]) == 2
    err = capsys.readouterr().err
    assert expected in err, err
    assert "Ingenting er importert." in err
    assert asyncio.run(_dump(cli)) == before


async def _dump(url: str) -> dict[str, list[tuple[Any, ...]]]:
    db = Database(url)
    try:
        return await dump(db)
    finally:
        await db.dispose()


def test_a_group_named_differently_in_the_database_is_refused(
    cli: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["groups", "add", "RUS", "Rus og psykiatri", "--alias", "Psykiatri"]) == 0
    path = _workbook(tmp_path, lambda s: s["grupper"].append(["PSY", "Psykiatri", "", "", "", ""]))
    assert main(["import", "organisation", str(path)]) == 2
    assert "rad 6, kolonne Navn: «Psykiatri» brukes allerede av gruppen RUS" in (
        capsys.readouterr().err
    )
    broken = tmp_path / "bare-to-ark.xlsx"
    workbook = load_workbook(path)
    del workbook["milepæler"]
    workbook.save(broken)
    assert main(["import", "organisation", str(broken)]) == 2
    assert "ark milepæler: arket mangler" in capsys.readouterr().err


@pytest.mark.parametrize("backend", ["postgresql"])
async def test_go_live_on_an_empty_postgresql_database(
    clean_env: Path,
    empty_database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    connector_emulator: ConnectorEmulator,
) -> None:
    """Template, filled with openpyxl, imported, served: a round and a poll, no demo data."""
    url = empty_database_url
    monkeypatch.setenv("KRAVBOT_DATABASE_URL", url)
    assert await asyncio.to_thread(main, ["db", "upgrade"]) == 0
    path = _workbook(clean_env)
    assert await asyncio.to_thread(main, ["import", "organisation", str(path)]) == 0
    rows = [[f"HJT-{n:03d}", f"Løsningen skal vise vedtak nr. {n}.", "Skal", "HJT"] for n in (1, 2)]
    sheet = write_csv(
        clean_env / "krav.csv", rows, header=["Krav-ID", "Kravtekst", "Type", "Gruppe"]
    )
    assert await asyncio.to_thread(main, ["import", "requirements", str(sheet)]) == 0
    emulator = connector_emulator.url
    channel = act.CHANNEL
    async with running_bot(settings_for(url), background=True) as bot:
        async with bot.services.db.uow() as uow:
            # No demo data: only the workbook's people and groups.
            assert len(await uow.people.list()) == 3
            assert [g.code for g in await uow.groups.all()] == ["HJT", "KS", "PRO", "STY"]
        # Kari, imported with her Entra id, links the channel of Hjemmetjeneste from a reply.
        status, _ = await bot.post(act.message("koble hjemmetjenesten", emulator, where=channel))
        assert status == 200
        [linked] = await connector_emulator.wait_for_sent(1, 15, conversation_id=channel.id)
        assert "HJT – Hjemmetjeneste" in json.dumps(linked, ensure_ascii=False), linked
        # `grupper`: the participating municipalities, chairs, and the channel by its name.
        await bot.post(act.message("grupper", emulator, where=channel))
        listed = (await connector_emulator.wait_for_sent(2, 15, conversation_id=channel.id))[-1]
        card = listed["attachments"][0]["content"]
        assert_card_ok(card)
        words = json.dumps(card, ensure_ascii=False)
        assert "Deltakerkommuner: Tønsberg, Skien og Vinje." in words
        assert '{"title": "Leder", "value": "Anne Berg"}' in words
        assert f'"value": "{channel.name or "Generelt"}"' in words
        day = (datetime.now(UTC) + timedelta(days=14)).astimezone(OSLO).date()
        values = {
            "verb": "review-open-round",
            "group": "Hjemmetjenesten",
            "requirements": "HJT-001..HJT-002",
            "deadline_date": day.isoformat(),
            "deadline_time": "15:00",
            "instructions": "",
        }
        status, body = await bot.post(act.card_action("review-open-round", values, emulator))
        assert status == 200 and body["statusCode"] == 200, body
        assert_card_ok(body["value"])
        words = json.dumps(body["value"], ensure_ascii=False)
        assert "Gjennomgang nr. 1: HJT – Hjemmetjeneste" in words and "kan ikke nås" not in words
        # Per (by his Entra id: Kravbot creates his 1:1 chat) gets his card and answers it.
        per_chat = personal_conversation_id(channel_tenant(), PER.aad_object_id)
        [card] = await connector_emulator.wait_for_sent(1, 15, conversation_id=per_chat)
        content = card["attachments"][0]["content"]
        save = next(a for a in content["actions"] if a["id"] == "review-save-next")
        answer = {**save["data"], "verdict": "agree", "comment": ""}
        status, body = await bot.post(
            act.card_action("review-save-next", answer, emulator, user=PER, where=_chat(per_chat))
        )
        assert status == 200 and body["statusCode"] == 200, body
        async with bot.services.db.uow() as uow:
            review = await uow.reviews.get(1)
            assert review is not None
            per = await uow.people.by_aad(PER.aad_object_id)
            assert per is not None
            assert len(await uow.reviews.answers_of(review.id, per.id)) == 1
        # A poll for the steering group (the form offers its groups by code); Anne votes.
        deadline = (datetime.now(UTC) + timedelta(days=7)).astimezone(OSLO)
        form = {
            "verb": "poll-create",
            "group": "STY",
            "title": "Godkjenne prosjektplanen?",
            "description": "",
            "options": "Godkjent\nIkke godkjent",
            "deadline_date": deadline.date().isoformat(),
            "deadline_time": "15:00",
            "quorum": "50",
            "majority": "simple",
            "anonymous": "false",
            "multiple": "false",
            "live": "true",
        }
        status, body = await bot.post(act.card_action("poll-create", form, emulator))
        assert status == 200 and body["statusCode"] == 200, body
        async with bot.services.db.uow() as uow:
            [poll] = await uow.polls.open_polls()
        vote = {"verb": "poll-vote", "poll": poll.id, "rev": 0, "choice": "o1"}
        status, body = await bot.post(
            act.card_action("poll-vote", vote, emulator, user=ANNE, where=_chat("a:anne"))
        )
        assert status == 200 and body["statusCode"] == 200, body
        async with bot.services.db.uow() as uow:
            assert len(await uow.polls.votes(poll)) == 1


def channel_tenant() -> str:
    return act.TENANT


def _chat(conversation_id: str) -> act.Where:
    return act.Where(id=conversation_id)
