"""The language each person chose (Person.language), which wins over their Teams locale."""

from __future__ import annotations

import time
from collections.abc import Callable

from cards.texts import Language, language_for
from storage.database import Database


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
