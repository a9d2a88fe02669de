"""Repository of people."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Person, utcnow
from storage.upsert import upsert_statement


@dataclass(frozen=True, slots=True)
class TeamsUser:
    """What an inbound activity tells us about the person who sent it."""

    teams_user_id: str
    aad_object_id: str | None
    name: str
    locale: str | None
    tenant_id: str | None
    personal_conversation_id: str | None


class PersonRepository:
    """Reads and writes `people`."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def by_teams_id(self, teams_user_id: str) -> Person | None:
        """The person with this Teams user id (`29:...`), or None."""
        return await self._session.scalar(
            select(Person).where(Person.teams_user_id == teams_user_id)
        )

    async def seen(self, user: TeamsUser) -> None:
        """Record that `user` talked to the bot now; fills in what Teams told us.

        Someone imported by Entra id (before they ever used Teams) is the same person: their
        row gets the Teams user id instead of a second row being made.
        """
        now = utcnow()
        aad = user.aad_object_id.strip().lower() if user.aad_object_id else None
        if aad:
            known = await self.by_aad(aad)
            if known is not None and known.teams_user_id != user.teams_user_id:
                if (
                    known.teams_user_id is None
                    and await self.by_teams_id(user.teams_user_id) is None
                ):
                    known.teams_user_id = user.teams_user_id
                    await self._session.flush()
                else:
                    # Another row already holds this Entra id: keep it there, never two.
                    aad = None
        # The Entra id is set in a second statement: ON CONFLICT guards only the Teams id, so
        # two first turns at once would otherwise both insert it and one would hit its unique
        # index. After the upsert the row is locked, and the update below cannot collide.
        values: dict[str, Any] = {
            "teams_user_id": user.teams_user_id,
            "aad_object_id": None,
            "name": user.name,
            "locale": user.locale,
            "tenant_id": user.tenant_id,
            "personal_conversation_id": user.personal_conversation_id,
            "first_seen_at": now,
            "last_seen_at": now,
        }
        refreshed = [
            key
            for key in ("name", "locale", "tenant_id", "personal_conversation_id")
            if values[key]
        ]
        await self._session.execute(
            upsert_statement(
                self._session,
                Person,
                values,
                conflict=["teams_user_id"],
                update=refreshed,
                forward_only=["last_seen_at"],
            )
        )
        if aad:
            await self._session.execute(
                update(Person)
                .where(
                    Person.teams_user_id == user.teams_user_id,
                    or_(Person.aad_object_id.is_(None), Person.aad_object_id != aad),
                )
                .values(aad_object_id=aad)
            )

    async def by_aad(self, aad_object_id: str) -> Person | None:
        """The person with this Entra object id, or None."""
        return await self._session.scalar(
            select(Person).where(Person.aad_object_id == aad_object_id.strip().lower())
        )

    async def identities(self, teams_user_id: str, aad_object_id: str | None) -> set[int]:
        """The ids of the people who hold this Teams user id or this Entra object id."""
        who = [Person.teams_user_id == teams_user_id]
        if aad_object_id:
            who.append(Person.aad_object_id == aad_object_id.strip().lower())
        return set((await self._session.scalars(select(Person.id).where(or_(*who)))).all())

    async def by_email(self, email: str) -> Person | None:
        """The person with this e-mail address or UPN (case-insensitive), or None."""
        return await self._session.scalar(
            select(Person).where(Person.email == email.strip().lower())
        )

    async def get(self, person_id: int) -> Person | None:
        """The person with this id, or None."""
        return await self._session.get(Person, person_id)

    async def by_ids(self, person_ids: Sequence[int]) -> dict[int, Person]:
        """People by id (those that exist)."""
        if not person_ids:
            return {}
        rows = await self._session.scalars(select(Person).where(Person.id.in_(list(person_ids))))
        return {person.id: person for person in rows.all()}

    async def add(self, person: Person) -> Person:
        """Add a new person (e-mail and Entra id stored lower-case)."""
        if person.email:
            person.email = person.email.strip().lower()
        if person.aad_object_id:
            person.aad_object_id = person.aad_object_id.strip().lower()
        self._session.add(person)
        await self._session.flush()
        return person

    async def list(self) -> list[Person]:
        """Everyone, by name."""
        return list((await self._session.scalars(select(Person).order_by(Person.name))).all())

    async def in_municipality(self, number: str) -> Sequence[Person]:
        """The people of one municipality, by name."""
        rows = await self._session.scalars(
            select(Person).where(Person.municipality_number == number).order_by(Person.name)
        )
        return list(rows.all())
