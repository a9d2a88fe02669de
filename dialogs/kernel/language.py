"""Which language Kravbot speaks to a person: one rule for every workflow.

The person's chosen language (`Person.language`, set with `språk`), else the language of their
Teams client (`Person.locale`, recorded from their last activity), else `KRAVBOT_LANGUAGE`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from cards.texts import Language, language_for
from dialogs.kernel.memory import Memory
from storage.database import Database
from storage.models import Person


def person_language(person: Person | None, default: Language) -> Language:
    """The language to write to `person` in (see the module docstring)."""
    if person is None:
        return default
    if person.language:
        return language_for(person.language, default)
    if person.locale:
        return language_for(person.locale, default)
    return default


class LanguagePreferences:
    """Looks up people's chosen language, remembering answers for `ttl` seconds."""

    def __init__(
        self, db: Database, *, ttl: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._db = db
        self._known: Memory[str, Language | None] = Memory(ttl=ttl, clock=clock)

    async def of(self, teams_user_id: str) -> Language | None:
        """The person's chosen language, or None to follow their Teams client."""
        if (remembered := self._known.get(teams_user_id)) is not None:
            return remembered[0]
        # A read-only unit: on SQLite it does not queue for the writer lock.
        async with self._db.read() as uow:
            person = await uow.people.by_teams_id(teams_user_id)
        chosen = language_for(person.language, "") if person and person.language else None
        self._known.put(teams_user_id, chosen)
        return chosen

    def forget(self, teams_user_id: str) -> None:
        """Drop the remembered answer after the person changed their choice."""
        self._known.forget(teams_user_id)
