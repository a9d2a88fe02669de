"""Milestone reminders with the clock driven by the test, the digest, cards and the calendar."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, cast

import icalendar
from sqlalchemy import select

from cards.milestone_cards import digest_card, milestone_form_card, milestones_card
from cards.texts import LANGUAGES
from dialogs.demo.load import load_demo
from dialogs.digest import build_digest, digest_content, send_weekly_digest
from dialogs.kernel.context import DialogContext
from dialogs.kernel.timers import fire_due
from dialogs.kernel.workdays import OSLO
from dialogs.milestones import (
    ChangeMilestone,
    change_milestone,
    milestone_views,
    milestones_ics,
    schedule_reminders,
)
from storage.database import Database
from storage.models import Decision, OutboxMessage, Timer
from tests.support.cardgate import assert_card_ok
from tests.support.registry import REGISTRY

KARI = "kari.nordmann@digitv.example"


def oslo(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=OSLO)


async def _milestone(ctx: DialogContext, due: date, now: datetime) -> int:
    async with ctx.db.uow() as uow:
        owner = await uow.people.by_email(KARI)
        group = await uow.groups.by_code("PRO")
        assert owner is not None and group is not None
        milestone = await uow.milestones.add(
            title="Testmilepæl",
            phase=1,
            due_date=due,
            precision="day",
            owner_id=owner.id,
            group_id=group.id,
            changed_by="test",
        )
        await schedule_reminders(uow, milestone, now, ctx)
        await uow.commit()
        return milestone.id


async def _sent(db: Database, prefix: str) -> dict[str, OutboxMessage]:
    async with db.uow() as uow:
        rows = await uow.session.scalars(
            select(OutboxMessage).where(OutboxMessage.key.like(prefix + "%"))
        )
        return {row.key: row for row in rows.all()}


async def _drive(ctx: DialogContext, start: date, end: date) -> None:
    """Run the scheduler's clock day by day: early morning, 09:00, afternoon, night."""
    day = start
    while day <= end:
        for hour, minute in ((7, 0), (9, 0), (9, 1), (15, 0), (23, 0)):
            await fire_due(ctx, REGISTRY, oslo(day.year, day.month, day.day, hour, minute))
        day += timedelta(days=1)


def _expected(mid: int, plan: list[tuple[str, str, tuple[str, ...]]]) -> set[str]:
    return {f"milestone:{mid}:{kind}:{day}:{who}" for kind, day, whos in plan for who in whos}


async def test_fifteen_days_of_reminders_and_the_escalation(db: Database) -> None:
    await load_demo(db)
    ctx = DialogContext(db=db)
    now = oslo(2024, 9, 2, 10)
    mid = await _milestone(ctx, date(2024, 9, 17), now)
    await _drive(ctx, date(2024, 9, 2), date(2024, 9, 25))
    sent = await _sent(db, f"milestone:{mid}:")
    both = ("owner", "group")
    assert set(sent) == _expected(
        mid,
        [
            ("d14", "2024-09-03", both),
            ("wd3", "2024-09-12", both),
            ("due", "2024-09-17", both),
            *[("overdue", d, ("owner",)) for d in ("2024-09-18", "2024-09-19", "2024-09-20")],
            *[("overdue", d, ("owner",)) for d in ("2024-09-23", "2024-09-24", "2024-09-25")],
            ("escalation", "2024-09-24", ("steering",)),
        ],
    )
    async with db.uow() as uow:
        pro = await uow.groups.by_code("PRO")
        sty = await uow.groups.by_code("STY")
        timers = list(
            (await uow.session.scalars(select(Timer).where(Timer.status == "fired"))).all()
        )
        milestone = await uow.milestones.get(mid)
    assert milestone is not None and milestone.status == "late"
    assert pro is not None and sty is not None
    assert sent[f"milestone:{mid}:due:2024-09-17:group"].conversation_id == pro.conversation_id
    assert (
        sent[f"milestone:{mid}:escalation:2024-09-24:steering"].conversation_id
        == sty.conversation_id
    )
    for timer in timers:
        assert timer.fired_at is not None
        assert timer.fired_at.astimezone(OSLO).time().isoformat() == "09:00:00"
        assert not timer.late
    for row in sent.values():
        assert_card_ok(row.activity["attachments"][0]["content"])


async def test_an_owner_without_a_chosen_language_gets_the_reminder_in_their_teams_language(
    db: Database,
) -> None:
    await load_demo(db)
    async with db.uow() as uow:
        owner = await uow.people.by_email(KARI)
        assert owner is not None
        owner.language, owner.locale = None, "en-US"
        await uow.commit()
    ctx = DialogContext(db=db)  # the default language stays bokmål
    mid = await _milestone(ctx, date(2024, 9, 17), oslo(2024, 9, 2, 10))
    await fire_due(ctx, REGISTRY, oslo(2024, 9, 3, 9))
    sent = await _sent(db, f"milestone:{mid}:d14:2024-09-03:")
    owner_card = str(sent[f"milestone:{mid}:d14:2024-09-03:owner"].activity)
    group_card = str(sent[f"milestone:{mid}:d14:2024-09-03:group"].activity)
    assert "Reminder: milestone due in 14 days" in owner_card
    assert "Påminnelse: milepæl om 14 dager" in group_card


async def test_moving_the_date_cancels_and_reschedules(db: Database) -> None:
    await load_demo(db)
    ctx = DialogContext(db=db)
    mid = await _milestone(ctx, date(2024, 9, 17), oslo(2024, 9, 2, 10))
    await _drive(ctx, date(2024, 9, 2), date(2024, 9, 5))
    moved_at = oslo(2024, 9, 5, 11)
    async with db.uow() as uow:
        milestone = await uow.milestones.get(mid)
        assert milestone is not None
        change = ChangeMilestone(
            by="Kari Nordmann", due=date(2024, 9, 27), reason="Venter på innspill fra kommunene"
        )
        outcome = await change_milestone(uow, ctx, milestone, change, moved_at)
        await uow.commit()
    assert outcome.decision is not None and outcome.decision.kind == "milestone"
    await _drive(ctx, date(2024, 9, 5), date(2024, 9, 30))
    sent = await _sent(db, f"milestone:{mid}:")
    both = ("owner", "group")
    assert set(sent) == _expected(
        mid,
        [
            ("d14", "2024-09-03", both),
            ("d14", "2024-09-13", both),
            ("wd3", "2024-09-24", both),
            ("due", "2024-09-27", both),
            ("overdue", "2024-09-30", ("owner",)),
        ],
    )
    async with db.uow() as uow:
        history = await uow.milestones.history(mid)
        decisions = list((await uow.session.scalars(select(Decision))).all())
    assert [h.field for h in history] == ["created", "due_date", "status"]
    moved = [d for d in decisions if d.kind == "milestone"]  # the demo logs a decision too
    assert len(moved) == 1 and moved[0].basis["milestone"] == mid


async def test_restart_between_reminders_loses_none_and_repeats_none(database_url: str) -> None:
    first = Database(database_url)
    await load_demo(first)
    ctx = DialogContext(db=first)
    mid = await _milestone(ctx, date(2024, 9, 17), oslo(2024, 9, 2, 10))
    await fire_due(ctx, REGISTRY, oslo(2024, 9, 3, 9))
    await first.dispose()
    # A new process: the same reminder time again, then the service was down over the next
    # reminder and comes back an hour late.
    second = Database(database_url)
    try:
        ctx = DialogContext(db=second)
        assert await fire_due(ctx, REGISTRY, oslo(2024, 9, 3, 9, 5)) == 0
        assert await fire_due(ctx, REGISTRY, oslo(2024, 9, 12, 10)) == 1
        sent = await _sent(second, f"milestone:{mid}:")
        assert sorted(sent) == sorted(
            f"milestone:{mid}:{k}:{who}"
            for k in ("d14:2024-09-03", "wd3:2024-09-12")
            for who in ("owner", "group")
        )
        # A timer fired at night waits for office hours in the outbox.
        assert await fire_due(ctx, REGISTRY, oslo(2024, 9, 17, 22)) == 1
        late = await _sent(second, f"milestone:{mid}:due:")
        for row in late.values():
            assert row.next_attempt_at.astimezone(OSLO) == oslo(2024, 9, 18, 8)
    finally:
        await second.dispose()


async def test_digest_for_the_demo_data(db: Database) -> None:
    ctx = DialogContext(db=db)
    assert not await send_weekly_digest(
        ctx, REGISTRY, oslo(2026, 3, 2, 8, 30)
    )  # nothing loaded yet
    # The demo is dated from the day it is loaded: Monday 2 March 2026 here.
    await load_demo(db, today=date(2026, 3, 2))
    await load_demo(db, today=date(2026, 3, 2))  # idempotent: still thirteen milestones
    async with db.uow() as uow:
        assert len(await uow.milestones.all()) == 13
        content = await digest_content(uow, "nb", oslo(2026, 3, 2, 8, 30), OSLO)
        assert content.week == 10
        assert [v.title for v in content.due_soon] == ["Gjennomgang av kravene i arbeidsgruppene"]
        assert [v.title for v in content.overdue] == ["Avklare integrasjoner med fagsystemene"]
        later = await digest_content(uow, "nb", oslo(2026, 3, 16, 8, 30), OSLO)
        assert [v.title for v in later.overdue] == [
            "Avklare integrasjoner med fagsystemene",
            "Gjennomgang av kravene i arbeidsgruppene",
        ]
        for language in LANGUAGES:
            card = await build_digest(uow, language, oslo(2026, 3, 9, 8, 30), OSLO)
            assert card is not None
            assert_card_ok(card)
        overdue, upcoming = await milestone_views(uow, date(2026, 3, 2), [])
    assert await send_weekly_digest(ctx, REGISTRY, oslo(2026, 3, 2, 8, 30))
    assert await send_weekly_digest(ctx, REGISTRY, oslo(2026, 3, 2, 8, 31))  # same week: same key
    sent = await _sent(db, "digest:")
    assert list(sent) == ["digest:2026-W10"]
    assert "Gjennomgang av kravene i arbeidsgruppene" in str(sent["digest:2026-W10"].activity)
    for language in LANGUAGES:
        assert_card_ok(milestones_card(language, overdue, upcoming))
        assert_card_ok(milestones_card(language, [], []))
        assert_card_ok(digest_card(language, 37, upcoming, overdue))
        view = upcoming[0]
        assert_card_ok(milestone_form_card(language, view, problems=["x"]))


async def test_ics_parses_with_the_right_dates_and_zone(db: Database) -> None:
    await load_demo(db)
    body = await milestones_ics(db, "nb", oslo(2024, 9, 9, 8, 30))
    assert "\r\n" in body and all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    parsed = icalendar.Calendar.from_ical(body)
    assert str(parsed["X-WR-TIMEZONE"]) == "Europe/Oslo"
    zones = parsed.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Europe/Oslo"]
    tz = cast(Any, zones[0]).to_tz()
    assert datetime(2024, 7, 1, 12, tzinfo=tz).utcoffset() == timedelta(hours=2)
    assert datetime(2024, 1, 1, 12, tzinfo=tz).utcoffset() == timedelta(hours=1)
    events = {str(e["SUMMARY"]): e for e in parsed.walk("VEVENT")}
    assert len(events) == 13  # the plan's eight of 2024 and five of today's work
    org = events["Etablere prosjektorganisasjonen"]
    assert org.decoded("DTSTART") == date(2024, 9, 13)
    assert org.decoded("DTEND") == date(2024, 9, 14)
    market = events["Markedsdialog med leverandører (oktober 2024)"]
    assert market.decoded("DTSTART") == date(2024, 10, 31)
    assert str(market["STATUS"]) == "CONFIRMED"
