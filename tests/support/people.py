"""Test helpers: a Teams user as a person in the catalogue, a group linked to its chat, and
Kravbot's own logging at DEBUG captured as text."""

from __future__ import annotations

import io
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

from bot.logs import QUIET_LIBRARIES, configure
from storage.database import Database
from storage.models import Person
from storage.uow import UnitOfWork
from tests.support.activities import KARI, User
from tests.support.botserver import RunningBot, running_bot, settings_for


async def add_user(uow: UnitOfWork, user: User, *, lead: bool = False) -> Person:
    """The Teams user as a catalogue person (the project lead when `lead`)."""
    return await uow.people.add(
        Person(
            teams_user_id=user.id,
            aad_object_id=user.aad_object_id or None,
            name=user.name,
            is_project_lead=lead,
        )
    )


async def link_group(db: Database, code: str, conversation_id: str) -> None:
    """Make the conversation the group's home."""
    async with db.uow() as uow:
        group = await uow.groups.by_code(code)
        assert group is not None
        await uow.groups.link(group, conversation_id)
        await uow.commit()


@contextmanager
def debug_log() -> Iterator[io.StringIO]:
    """Kravbot's logging configured at DEBUG (KRAVBOT_LOG_LEVEL=DEBUG), written to a string."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    configure("DEBUG")
    stream = io.StringIO()
    handler = root.handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    try:
        yield stream
    finally:
        root.handlers[:], root.level = saved
        for name in QUIET_LIBRARIES:
            logging.getLogger(name).setLevel(logging.NOTSET)


@asynccontextmanager
async def steering_bot(database_url: str) -> AsyncIterator[RunningBot]:
    """A running bot whose catalogue has the steering group and Kari, the project lead."""
    async with running_bot(settings_for(database_url)) as running:
        async with running.services.db.uow() as uow:
            await uow.groups.add("STY", "Styringsgruppe", "steering")
            await add_user(uow, KARI, lead=True)
            await uow.commit()
        yield running
