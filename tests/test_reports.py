"""Status reports: the schedule rules, a draft from every workflow's section on both databases,
the cron job, approval over HTTP (lead only, decision log, outbox to the steering group) and
the Markdown and HTML exports."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from bot.cli import main
from cards.report_cards import APPROVE_VERB, MAX_ASSESSMENT, SAVE_VERB
from dialogs.demo.load import load_demo
from dialogs.demo.organisation import PLAYGROUND_GROUP_CHAT_ID
from dialogs.kernel.context import DialogContext
from dialogs.kernel.workdays import OSLO
from dialogs.reports import (
    ApproveReport,
    ReportError,
    approve_report,
    draft_report,
    drafted_on_schedule,
    is_report_week,
    parse_schedule,
    report_html,
    report_markdown,
    report_view,
)
from dialogs.reports.rules import DEFAULT_CRON, assessment_problem, period_start
from storage.database import Database
from storage.models import Decision, OutboxMessage
from tests.emulator.server import ConnectorEmulator
from tests.support import activities as act
from tests.support.botserver import RunningBot, running_bot, settings_for
from tests.support.cardgate import assert_card_ok
from tests.support.registry import REGISTRY
from vocabulary import DecisionKind, ReportStatus

KARI = act.User("29:digitv-kari-nordmann", "Kari Nordmann", "d1617000-0000-4000-8000-000000000101")
OLA = act.User("29:digitv-ola-hansen", "Ola Hansen", "d1617000-0000-4000-8000-000000000102")
# Monday 16 September 2024, 08:00 in Oslo.
MONDAY = datetime(2024, 9, 16, 8, 0, tzinfo=OSLO)
PROVIDERS = REGISTRY.report_sections


# ---- rules


@given(
    st.sampled_from(("mon", "tue", "fri")),
    st.integers(0, 23),
    st.integers(0, 59),
    st.integers(1, 12),
)
def test_schedule_reads_back(day: str, hour: int, minute: int, every: int) -> None:
    schedule = parse_schedule(f"{day} {hour:02d}:{minute:02d} every {every} weeks")
    assert schedule.cron_fields() == {"day_of_week": day, "hour": hour, "minute": minute}
    assert schedule.every == every and schedule.at == time(hour, minute)


def test_default_is_every_other_monday_and_bad_specs_fail() -> None:
    default = parse_schedule(DEFAULT_CRON)
    assert (default.weekday, default.every, default.at) == (0, 2, time(8, 0))
    assert parse_schedule("fri 14:00").every == 1
    for bad in ("monday 8", "mon 25:00", "mon 08:00 every 0 weeks", "mon 08:00 every"):
        with pytest.raises(ValueError, match="expected a weekday"):
            parse_schedule(bad)


@given(st.dates(date(2020, 1, 1), date(2035, 12, 31)), st.integers(1, 6))
def test_one_report_week_in_every_run_of_weeks(day: date, every: int) -> None:
    monday = day - timedelta(days=day.weekday())
    weeks = [is_report_week(monday + timedelta(weeks=n), every) for n in range(every)]
    assert weeks.count(True) == 1
    # Every day of a week agrees with its Monday, across new year too.
    assert all(is_report_week(monday + timedelta(days=n), every) == weeks[0] for n in range(7))


@given(st.dates(date(2020, 1, 1), date(2035, 12, 31)), st.integers(1, 6), st.integers(0, 60))
def test_period_starts_after_the_previous_report(end: date, every: int, back: int) -> None:
    previous = end - timedelta(days=back)
    start = period_start(end, every, previous)
    assert start <= end
    assert start == min(previous + timedelta(days=1), end)
    assert period_start(end, every, None) == end - timedelta(weeks=every)


def test_assessment_rules() -> None:
    assert assessment_problem("", approving=False) is None
    assert assessment_problem("  ", approving=True) == "assessment_missing"
    assert assessment_problem("x" * (MAX_ASSESSMENT + 1), approving=False) == "assessment_long"
    assert assessment_problem("Godt i rute.", approving=True) is None


# ---- drafting on both databases


async def _milestone_history(db: Database) -> None:
    """One milestone done and one moved in the period (September 2024)."""
    async with db.uow() as uow:
        first, second, *_ = await uow.milestones.open()
        await uow.milestones.set_status(first, "done", "ferdig", "Kari Nordmann")
        await uow.milestones.move(second, date(2024, 12, 2), "day", "mer tid", "Kari Nordmann")
        for change in await uow.milestones.history(first.id) + await uow.milestones.history(
            second.id
        ):
            change.changed_at = MONDAY - timedelta(days=3)
        await uow.commit()


async def test_draft_has_every_section_and_is_made_once_a_day(db: Database) -> None:
    await load_demo(db)
    await _milestone_history(db)
    ctx = DialogContext(db=db)
    async with db.uow() as uow:
        report, new = await draft_report(uow, ctx, PROVIDERS, MONDAY, 2)
        await uow.commit()
    assert new and report.status == ReportStatus.DRAFT
    view = report_view(report, ctx)
    keys = [section.key for section in view.sections]
    assert {"milestones", "reviews", "polls", "participation", "risks"} <= set(keys)
    assert view.period_start == date(2024, 9, 2) and view.period_end == date(2024, 9, 16)
    milestones = next(s for s in view.sections if s.key == "milestones")
    counts = {label: value for label, value, _ in milestones.figures}
    assert counts["Ferdige"] == 1 and counts["Ny dato"] == 1
    # Every figure counts the rows it summarises.
    details = [detail for _, detail in milestones.rows]
    assert sum(d.startswith("Ferdig ") for d in details) == counts["Ferdige"]
    assert sum(d.startswith("Flyttet fra") for d in details) == counts["Ny dato"]
    assert sum(d.startswith("Forfalt") for d in details) == counts["Forfalt"]
    risks = next(s for s in view.sections if s.key == "risks")
    assert 0 < len(risks.rows) <= 5
    async with db.uow() as uow:
        again, new = await draft_report(uow, ctx, PROVIDERS, MONDAY + timedelta(hours=3), 2)
    assert not new and again.id == report.id


async def test_cron_drafts_in_report_weeks_and_sends_the_leads(db: Database) -> None:
    await load_demo(db)
    ctx = DialogContext(db=db)
    report_week = MONDAY if is_report_week(MONDAY.date(), 2) else MONDAY + timedelta(weeks=1)
    other_week = report_week + timedelta(weeks=1)
    assert await drafted_on_schedule(ctx, PROVIDERS, other_week, 2) is None
    report = await drafted_on_schedule(ctx, PROVIDERS, report_week, 2)
    assert report is not None
    assert await drafted_on_schedule(ctx, PROVIDERS, report_week + timedelta(hours=1), 2) is None
    async with db.read() as uow:
        rows = (
            await uow.session.scalars(
                select(OutboxMessage).where(OutboxMessage.key.like(f"report:{report.id}:draft:%"))
            )
        ).all()
        leads = [p for p in await uow.people.list() if p.is_project_lead]
    assert sorted(r.person_id or 0 for r in rows) == sorted(p.id for p in leads) and rows
    for row in rows:
        card = row.activity["attachments"][0]["content"]
        assert_card_ok(card)
        assert APPROVE_VERB in json.dumps(card)


async def test_approval_is_all_or_nothing(db: Database) -> None:
    await load_demo(db)
    ctx = DialogContext(db=db)
    async with db.uow() as uow:
        report, _ = await draft_report(uow, ctx, PROVIDERS, MONDAY, 2)
        steering = await uow.groups.by_code("STY")
        assert steering is not None
        await uow.groups.link(steering, None)
        await uow.commit()
    with pytest.raises(ReportError) as unlinked:
        async with db.uow() as uow:
            await approve_report(uow, ctx, ApproveReport(report.id, "Bra.", "Kari"), MONDAY)
    assert unlinked.value.status == 409 and unlinked.value.code == "no_steering"
    async with db.read() as uow:
        assert (await uow.reports.get(report.id)).status == ReportStatus.DRAFT  # type: ignore[union-attr]
        assert (
            await uow.session.scalar(select(Decision).where(Decision.kind == "status_report"))
            is None
        )


# ---- Teams


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[RunningBot]:
    async with running_bot(settings_for(database_url)) as running:
        await load_demo(running.services.db)
        yield running


async def test_lead_edits_and_approves_over_http(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    url = connector_emulator.url
    await bot.post(act.message("statusrapport", url, user=OLA))
    [refused] = await connector_emulator.wait_for_sent(1)
    assert "attachments" not in refused and "prosjektlederen" in str(refused["text"])
    await bot.post(act.message("statusrapport", url, user=KARI))
    [_, draft] = await connector_emulator.wait_for_sent(2)
    card = draft["attachments"][0]["content"]
    assert_card_ok(card)
    assert any(e.get("type") == "Chart.HorizontalBar" for e in card["body"])
    report_id = _report_id(card)
    data = {"verb": APPROVE_VERB, "report": report_id, "assessment": "Prosjektet er i rute."}
    status, body = await bot.post(act.card_action(APPROVE_VERB, data, url, user=OLA))
    assert status == 200 and body["statusCode"] == 403
    empty = data | {"assessment": "   "}
    status, body = await bot.post(act.card_action(APPROVE_VERB, empty, url, user=KARI))
    assert body["statusCode"] == 400
    long = data | {"verb": SAVE_VERB, "assessment": "x" * (MAX_ASSESSMENT + 1)}
    status, body = await bot.post(act.card_action(SAVE_VERB, long, url, user=KARI))
    assert body["statusCode"] == 400
    forged = data | {"report": {"x": 1}}
    status, body = await bot.post(act.card_action(APPROVE_VERB, forged, url, user=KARI))
    assert body["statusCode"] == 404
    saved = data | {"verb": SAVE_VERB, "assessment": "Utkast: i rute."}
    status, body = await bot.post(act.card_action(SAVE_VERB, saved, url, user=KARI))
    assert body["statusCode"] == 200 and "Utkast: i rute." in json.dumps(
        body["value"], ensure_ascii=False
    )
    assert_card_ok(body["value"])
    status, body = await bot.post(act.card_action(APPROVE_VERB, data, url, user=KARI))
    assert status == 200 and body["statusCode"] == 200
    assert_card_ok(body["value"])
    assert APPROVE_VERB not in json.dumps(body["value"])
    status, body = await bot.post(act.card_action(APPROVE_VERB, data, url, user=KARI))
    assert body["statusCode"] == 409
    await _check_approved(bot.services.db, report_id)


def _report_id(card: dict[str, object]) -> int:
    found = json.dumps(card)
    marker = '"report": '
    start = found.index(marker) + len(marker)
    return int(found[start : found.index("}", start)])


async def _check_approved(db: Database, report_id: int) -> None:
    async with db.read() as uow:
        report = await uow.reports.get(report_id)
        assert report is not None and report.status == ReportStatus.APPROVED
        assert (
            report.approved_by == "Kari Nordmann" and report.assessment == "Prosjektet er i rute."
        )
        decision = await uow.decisions.get(report.decision_sequence or 0)
        sent = await uow.outbox.by_key(f"report:{report_id}:steering")
    assert decision is not None and decision.kind == DecisionKind.STATUS_REPORT
    assert decision.basis["report"] == report_id and decision.group_code == "STY"
    assert "Prosjektet er i rute." in decision.text
    assert sent is not None and sent.conversation_id == PLAYGROUND_GROUP_CHAT_ID
    card = sent.activity["attachments"][0]["content"]
    assert_card_ok(card)
    assert "Prosjektet er i rute." in json.dumps(card, ensure_ascii=False)


# ---- exports


def test_cli_drafts_and_exports_md_and_html(
    demo_cli: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert main(["report", "draft"]) == 0
    assert "Utkastet til statusrapport 1 er laget og sendt til" in capsys.readouterr().out
    assert main(["report", "draft"]) == 0
    again = capsys.readouterr().out
    assert again == "Utkastet til statusrapport 1 ble allerede laget i dag.\n"
    monkeypatch.setenv("KRAVBOT_LANGUAGE", "en")
    assert main(["report", "draft"]) == 0
    assert capsys.readouterr().out == "Status report 1 was already drafted today.\n"
    monkeypatch.setenv("KRAVBOT_LANGUAGE", "nb")
    assert main(["export", "report", "1", "--format", "md"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("# Utkast til statusrapport") and "## Milepæler" in markdown
    out = tmp_path / "rapport.html"
    assert main(["export", "report", "1", "--format", "html", "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"Skrev {out}.\n"
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="nb"' in page
    assert 'class="chart" role="img"' in page and "<table>" in page
    # Self-contained: nothing is loaded from elsewhere.
    assert "src=" not in page and "<link" not in page
    assert main(["export", "report", "99", "--format", "md"]) == 2
    assert "Fant ikke statusrapport 99" in capsys.readouterr().err


def test_exports_escape_what_people_wrote() -> None:
    from cards.report_cards import ReportSection, ReportView

    view = ReportView(
        id=1,
        period_start=date(2024, 9, 2),
        period_end=date(2024, 9, 16),
        status="approved",
        assessment="<script>alert(1)</script> | tabell",
        sections=(ReportSection("x", "Milepæler", (("<b>", "a|b"),), (("Ferdige", 2, "good"),)),),
        approved_by="Kari <Nordmann>",
        approved_on=date(2024, 9, 17),
        decision_sequence=7,
    )
    page = report_html("nb", view)
    assert "<script>" not in page and "&lt;script&gt;" in page and "Kari &lt;Nordmann&gt;" in page
    markdown = report_markdown("en", view)
    assert "a\\|b" in markdown
    assert "decision 7 in the decision log" in markdown
