"""Baselines and endorsement rounds, on both databases: the CLI, bad input (exit 2 or 4xx,
nothing written), one answer per municipality under a burst, the status card and the result."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from bot.cli import main
from cards.endorsement_cards import status_card
from dialogs.baselines import BaselineError, CreateBaseline, create_baseline
from dialogs.endorsements import (
    EndorsementAnswer,
    EndorsementError,
    OpenEndorsement,
    answer,
    close_by_id,
    open_endorsement,
    status_view,
)
from dialogs.kernel.context import DialogContext
from storage.database import Database
from storage.models import Conversation, Person
from storage.municipalities import MUNICIPALITIES
from storage.requirements import Change, RequirementData
from tests.support import activities as act
from tests.support.cardgate import assert_card_ok
from vocabulary import MunicipalityRole, Stance

STY_HOME = "19:sty-home@thread.tacv2"
NUMBERS = [number for number, _name, _county in MUNICIPALITIES]
OSLO = ZoneInfo("Europe/Oslo")


async def _populate(db: Database) -> None:
    """Three requirements, 23 participating municipalities each with a contact person, the
    steering group with a channel."""
    async with db.uow() as uow:
        uow.session.add(
            Conversation(
                id=STY_HOME,
                kind="channel",
                channel_id="msteams",
                service_url="http://127.0.0.1:1",
                bot_id=act.BOT_ID,
                reference={},
            )
        )
        await uow.groups.add("PRO", "Prosjektgruppe", "project")
        steering = await uow.groups.add("STY", "Styringsgruppe", "steering")
        await uow.groups.link(steering, STY_HOME)
        group = await uow.groups.add("HJT", "Hjemmetjeneste", "working")
        for n in range(1, 4):
            await uow.requirements.create(
                RequirementData(
                    key=f"HJT-{n:03d}", group_code="HJT", text=f"Krav {n}", type="must"
                ),
                group,
                Change(by="test"),
            )
        for number in NUMBERS:
            await uow.municipalities.set_participating(number, True)
            person = await uow.people.add(
                Person(
                    teams_user_id=f"29:c{number}",
                    name=f"Kontakt {number}",
                    municipality_number=number,
                )
            )
            await uow.municipalities.set_role(number, person, MunicipalityRole.CONTACT)
        await uow.people.add(
            Person(teams_user_id="29:other", name="Ikke kontakt", municipality_number="3901")
        )
        await uow.commit()


def _ctx(db: Database) -> DialogContext:
    return DialogContext(db=db, default_language="nb", timezone=OSLO)


async def _count(db: Database, table: str) -> int:
    async with db.engine.connect() as conn:
        return int((await conn.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one())


async def _person(db: Database, teams_id: str) -> Person:
    async with db.read() as uow:
        person = await uow.people.by_teams_id(teams_id)
    assert person is not None
    return person


async def test_baseline_fingerprint_and_decision_and_bad_input(db: Database) -> None:
    await _populate(db)
    async with db.uow() as uow:
        first = await create_baseline(
            uow, CreateBaseline("Kravspesifikasjon 1.0", "lead"), language="nb"
        )
        await uow.commit()
    assert len(first.fingerprint) == 64 and first.decision_sequence == 1
    async with db.read() as uow:
        decision = await uow.decisions.get(1)
    assert decision is not None and decision.basis["fingerprint"] == first.fingerprint
    before = await _count(db, "baselines"), await _count(db, "decisions")
    for request, code in (
        (CreateBaseline("B", "lead", keys=("HJT-001", "HJT-999")), "unknown_keys"),
        (CreateBaseline("Kravspesifikasjon 1.0", "lead"), "exists"),
        (CreateBaseline("B", "lead", status="approved"), "empty"),
        (CreateBaseline("B", "lead", group_code="NOPE"), "group"),
    ):
        async with db.uow() as uow:
            with pytest.raises(BaselineError) as refused:
                await create_baseline(uow, request, language="nb")
        assert refused.value.code == code
    assert (await _count(db, "baselines"), await _count(db, "decisions")) == before
    # The same versions give the same fingerprint; a changed text gives another.
    async with db.uow() as uow:
        same = await create_baseline(uow, CreateBaseline("Kopi", "lead"), language="nb")
        requirement = await uow.requirements.by_key("HJT-002")
        assert requirement is not None
        await uow.requirements.update(requirement, {"text": "Ny tekst"}, Change(by="lead"))
        changed = await create_baseline(uow, CreateBaseline("1.1", "lead"), language="nb")
        await uow.commit()
    assert same.fingerprint == first.fingerprint != changed.fingerprint


async def test_endorsement_round_burst_and_result(db: Database) -> None:
    await _populate(db)
    ctx = _ctx(db)
    async with db.uow() as uow:
        await create_baseline(uow, CreateBaseline("Kravspesifikasjon 1.0", "lead"), language="nb")
        await uow.commit()
    async with db.uow() as uow:
        with pytest.raises(EndorsementError) as past:
            await open_endorsement(
                uow,
                ctx,
                OpenEndorsement(
                    "Kravspesifikasjon 1.0", datetime.now(UTC) - timedelta(hours=1), "lead"
                ),
            )
    assert past.value.code == "deadline_past"
    assert await _count(db, "endorsements") == 0
    async with db.uow() as uow:
        opened = await open_endorsement(
            uow,
            ctx,
            OpenEndorsement("Kravspesifikasjon 1.0", datetime.now(UTC) + timedelta(days=5), "lead"),
        )
        await uow.commit()
    contacts = {number: await _person(db, f"29:c{number}") for number in NUMBERS}
    # Bad input: not entitled, reservation left empty, a reason left empty; nothing written.
    other = await _person(db, "29:other")
    bad: list[tuple[EndorsementAnswer, str, int]] = [
        (EndorsementAnswer(opened.id, "3901", other, Stance.ENDORSE), "not_entitled", 403),
        (
            EndorsementAnswer(opened.id, "3903", contacts["3901"], Stance.ENDORSE),
            "not_entitled",
            403,
        ),
        (
            EndorsementAnswer(opened.id, "3901", contacts["3901"], Stance.WITH_RESERVATIONS, "  "),
            "reservation_missing",
            400,
        ),
        (
            EndorsementAnswer(opened.id, "3901", contacts["3901"], Stance.NOT_ENDORSE),
            "reason_missing",
            400,
        ),
    ]
    for request, code, status in bad:
        with pytest.raises(EndorsementError) as refused:
            await answer(ctx, request)
        assert (refused.value.code, refused.value.status) == (code, status)
    assert await _count(db, "endorsement_answer_history") == 0
    # The burst: 23 municipalities at once, each twice (a double click), the second changed.
    requests = [
        EndorsementAnswer(opened.id, number, contacts[number], stance, reservation)
        for number in NUMBERS
        for stance, reservation in ((Stance.ENDORSE, ""), (Stance.WITH_RESERVATIONS, "HJT-002"))
    ]
    results = await asyncio.gather(*(answer(ctx, r) for r in requests), return_exceptions=True)
    assert not [r for r in results if isinstance(r, BaseException)]
    assert await _count(db, "endorsement_answers") == 23
    assert await _count(db, "endorsement_answer_history") == 46
    async with db.read() as uow:
        endorsement = await uow.endorsements.get(opened.id)
        baseline = await uow.baselines.by_name("Kravspesifikasjon 1.0")
        assert endorsement is not None and baseline is not None
        revisions = {a.revision for a in (await uow.endorsements.answers(opened.id)).values()}
        view = await status_view(uow, endorsement, baseline)
    assert revisions == {2}
    assert sum(view.counts.values()) == 23 and view.counts["no_answer"] == 0
    assert_card_ok(status_card("nb", view, OSLO))
    closed = await close_by_id(ctx, opened.id, "lead")
    async with db.read() as uow:
        decision = await uow.decisions.get(closed.decision_sequence)
    assert decision is not None
    assert decision.basis["fingerprint"] == baseline.fingerprint
    assert len(decision.basis["municipalities"]) == 23
    with pytest.raises(EndorsementError) as late:
        await answer(ctx, requests[0])
    assert late.value.status == 409
    assert await _count(db, "endorsement_answer_history") == 46


def _cli(
    url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    monkeypatch.setenv("KRAVBOT_DATABASE_URL", url)
    monkeypatch.setenv("KRAVBOT_LANGUAGE", "en")
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_baseline_endorsement_and_signature_page(
    clean_env: Path,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    async def setup() -> None:
        db = Database(database_url)
        try:
            await _populate(db)
        finally:
            await db.dispose()

    asyncio.run(setup())
    run: Any = lambda *args: _cli(database_url, monkeypatch, capsys, *args)  # noqa: E731
    # Open quality findings on skal-krav are listed first, and nothing is frozen without --yes.
    code, out, _ = run("baseline", "create", "--name", "Kravspesifikasjon 1.0")
    assert code == 1 and "HJT-" in out
    assert out.endswith("open quality findings: add --yes to make the baseline anyway.\n")
    monkeypatch.setenv("KRAVBOT_LANGUAGE", "nb")
    assert main(["baseline", "create", "--name", "Kravspesifikasjon 1.0"]) == 1
    assert "legg til --yes for å lage baselinen likevel" in capsys.readouterr().out
    code, out, _ = run("baseline", "list")
    assert code == 0 and "Kravspesifikasjon 1.0" not in out
    code, out, _ = run("baseline", "create", "--name", "Kravspesifikasjon 1.0", "--yes")
    assert code == 0 and out.split("\t")[1] == "Kravspesifikasjon 1.0"
    code, _, err = run("baseline", "create", "--name", "X", "--requirements", "HJT-404")
    assert code == 2 and "HJT-404" in err
    assert run("baseline", "create", "--name", "1.1", "--requirements", "HJT-001", "--yes")[0] == 0
    code, out, _ = run("baseline", "diff", "Kravspesifikasjon 1.0", "1.1")
    assert code == 0 and "- HJT-002" in out and "- HJT-003" in out
    code, out, _ = run("baseline", "export", "1.1", "--format", "csv")
    assert code == 0 and "HJT-001" in out and "Must" in out
    code, _, err = run("endorsement", "open", "--baseline", "1.1", "--deadline", "2020-01-01T12:00")
    assert code == 2 and "passed" in err
    code, out, _ = run("endorsement", "open", "--baseline", "1.1", "--deadline", "2099-01-01T12:00")
    assert code == 0
    endorsement_id = out.strip()
    code, out, _ = run("endorsement", "status", endorsement_id)
    assert code == 0 and out.count("No answer") == 23
    assert run("endorsement", "close", endorsement_id)[0] == 0
    assert run("endorsement", "close", endorsement_id)[0] == 2
    target = clean_env / "signature.xlsx"
    code, _, _ = run("export", "endorsement", endorsement_id, "--format", "xlsx", "-o", str(target))
    assert code == 0
    sheet = load_workbook(io.BytesIO(target.read_bytes())).active
    assert sheet is not None and sheet.max_row >= 24
