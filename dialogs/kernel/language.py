"""Which language Kravbot speaks to a person: one rule for every workflow.

The person's chosen language (`Person.language`, set with `språk`), else the language of their
Teams client (`Person.locale`, recorded from their last activity), else `KRAVBOT_LANGUAGE`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from cards.texts import Language, language_for
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
        self._ttl = ttl
        self._clock = clock
        self._known: dict[str, tuple[float, Language | None]] = {}

    async def of(self, teams_user_id: str) -> Language | None:
        """The person's chosen language, or None to follow their Teams client."""
        now = self._clock()
        cached = self._known.get(teams_user_id)
        if cached is not None and now - cached[0] < self._ttl:
            return cached[1]
        # A read-only unit: on SQLite it does not queue for the writer lock.
        async with self._db.read() as uow:
            person = await uow.people.by_teams_id(teams_user_id)
        chosen = language_for(person.language, "") if person and person.language else None
        if len(self._known) > 50_000:
            self._known.clear()
        self._known[teams_user_id] = (now, chosen)
        return chosen

    def forget(self, teams_user_id: str) -> None:
        """Drop the remembered answer after the person changed their choice."""
        self._known.pop(teams_user_id, None)
