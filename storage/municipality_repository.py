"""Repository of municipalities."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Municipality


class MunicipalityRepository:
    """Reads `municipalities` and marks which take part."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def all(self) -> list[Municipality]:
        """All built-in municipalities, by number."""
        return list(
            (await self._session.scalars(select(Municipality).order_by(Municipality.number))).all()
        )

    async def find(self, name_or_number: str) -> Municipality | None:
        """By kommunenummer (`3905`) or name (`Tønsberg`, any case), or None."""
        value = name_or_number.strip()
        if value.isdigit():
            return await self._session.get(Municipality, value.zfill(4))
        # Compared in Python: SQLite's lower() leaves Æ, Ø and Å as they are.
        wanted = value.casefold()
        return next((m for m in await self.all() if m.name.casefold() == wanted), None)

    async def set_participating(self, number: str, participating: bool) -> None:
        """Mark a municipality as taking part (or not)."""
        municipality = await self._session.get(Municipality, number)
        if municipality is None:
            raise ValueError(f"unknown municipality {number!r}")
        municipality.participating = participating
        await self._session.flush()
