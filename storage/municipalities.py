"""The municipalities of Vestfold and Telemark (2024 numbering), built into Kravbot, and their
repository (which of them take part is data, not code)."""

from __future__ import annotations

from typing import Final

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Municipality

VESTFOLD: Final = "Vestfold"
TELEMARK: Final = "Telemark"

# (kommunenummer, name, county)
MUNICIPALITIES: Final[tuple[tuple[str, str, str], ...]] = (
    ("3901", "Horten", VESTFOLD),
    ("3903", "Holmestrand", VESTFOLD),
    ("3905", "Tønsberg", VESTFOLD),
    ("3907", "Sandefjord", VESTFOLD),
    ("3909", "Larvik", VESTFOLD),
    ("3911", "Færder", VESTFOLD),
    ("4001", "Porsgrunn", TELEMARK),
    ("4003", "Skien", TELEMARK),
    ("4005", "Notodden", TELEMARK),
    ("4010", "Siljan", TELEMARK),
    ("4012", "Bamble", TELEMARK),
    ("4014", "Kragerø", TELEMARK),
    ("4016", "Drangedal", TELEMARK),
    ("4018", "Nome", TELEMARK),
    ("4020", "Midt-Telemark", TELEMARK),
    ("4022", "Seljord", TELEMARK),
    ("4024", "Hjartdal", TELEMARK),
    ("4026", "Tinn", TELEMARK),
    ("4028", "Kviteseid", TELEMARK),
    ("4030", "Nissedal", TELEMARK),
    ("4032", "Fyresdal", TELEMARK),
    ("4034", "Tokke", TELEMARK),
    ("4036", "Vinje", TELEMARK),
)


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
