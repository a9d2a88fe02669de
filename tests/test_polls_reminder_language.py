"""The poll reminder speaks each non-voter's language (the kernel's one rule), on both databases."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from cards.texts import Language, text
from dialogs.kernel.context import DialogContext
from dialogs.kernel.timers import fire_due
from dialogs.polls import PollSpec, open_poll
from storage.database import Database
from storage.models import Person, utcnow
from tests.support.registry import REGISTRY

OSLO = ZoneInfo("Europe/Oslo")
# (name, chosen language, Teams locale) -> the language the reminder must be written in.
MEMBERS: tuple[tuple[str, str | None, str | None, Language], ...] = (
    ("Emma English", None, "en-US", "en"),
    ("Nils Nynorsk", "nn", "en-US", "nn"),
    ("Berit Bokmål", None, None, "nb"),
)


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    try:
        yield database
    finally:
        await database.dispose()


async def test_reminder_in_chosen_language_else_teams_locale_else_default(db: Database) -> None:
    ctx = DialogContext(db=db, default_language="nb", timezone=OSLO)
    async with db.uow() as uow:
        group = await uow.groups.add("STY", "Styringsgruppe", "steering")
        people: dict[int, Language] = {}
        for n, (name, chosen, locale, expected) in enumerate(MEMBERS):
            person = await uow.people.add(
                Person(name=name, teams_user_id=f"29:m{n}", language=chosen, locale=locale)
            )
            await uow.groups.add_member(group, person)
            people[person.id] = expected
        poll = await open_poll(
            uow,
            ctx,
            PollSpec(
                group_code="STY",
                title="Godkjenning av kravspesifikasjonen",
                options=["Godkjent", "Ikke godkjent"],
                deadline=utcnow() + timedelta(days=14),
            ),
            creator=None,
            creator_name="cli:test",
        )
        await uow.commit()
        reminder = await uow.timers.pending(f"poll:{poll.id}:reminder")
    assert len(reminder) == 1
    assert await fire_due(ctx, REGISTRY, reminder[0].due_at) == 1
    async with db.uow() as uow:
        sent = [
            m
            for m in await uow.outbox.due(utcnow() + timedelta(days=60), limit=100)
            if ":reminder:" in m.key
        ]
    assert sorted(m.person_id for m in sent if m.person_id is not None) == sorted(people)
    for message in sent:
        expected = people[message.person_id or 0]
        card = message.activity["attachments"][0]["content"]
        assert card["fallbackText"].startswith(text(expected, "polls.reminder.title"))
