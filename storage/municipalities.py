"""The municipalities of Vestfold and Telemark (2024 numbering), built into Kravbot, and their
repository (which of them take part is data, not code)."""

from __future__ import annotations

from typing import Final

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Group, Membership, Municipality, MunicipalityRole, Person

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

    async def set_weight(self, number: str, weight: int) -> None:
        """Set a municipality's votes in per-municipality polls."""
        municipality = await self._session.get(Municipality, number)
        if municipality is None:
            raise ValueError(f"unknown municipality {number!r}")
        municipality.vote_weight = weight
        await self._session.flush()

    async def group_roles(self, group: Group) -> list[MunicipalityRole]:
        """The municipality roles held within one group (delegates, deputies), by number."""
        rows = await self._session.scalars(
            select(MunicipalityRole)
            .where(MunicipalityRole.group_id == group.id)
            .order_by(MunicipalityRole.municipality_number, MunicipalityRole.role)
        )
        return list(rows.all())

    async def participating(self) -> list[Municipality]:
        """The municipalities that take part, by number."""
        return [m for m in await self.all() if m.participating]

    async def participating_in_group(self, group: Group) -> set[str]:
        """Numbers of the participating municipalities represented among the group's members:
        the denominator of a group's coverage."""
        rows = await self._session.scalars(
            select(Municipality.number)
            .join(Person, Person.municipality_number == Municipality.number)
            .join(Membership, Membership.person_id == Person.id)
            .where(Membership.group_id == group.id, Municipality.participating.is_(True))
            .distinct()
        )
        return set(rows.all())

    async def set_role(
        self, number: str, person: Person, role: str, group: Group | None = None
    ) -> bool:
        """Give `person` the municipality's `role` (in `group`), replacing its holder; True
        when something changed."""
        key = group.id if group is not None else 0
        held = await self._session.scalar(
            select(MunicipalityRole).where(
                MunicipalityRole.municipality_number == number,
                MunicipalityRole.role == role,
                MunicipalityRole.group_key == key,
            )
        )
        if held is not None:
            if held.person_id == person.id:
                return False
            held.person_id = person.id
        else:
            self._session.add(
                MunicipalityRole(
                    municipality_number=number,
                    person_id=person.id,
                    role=role,
                    group_id=None if group is None else group.id,
                    group_key=key,
                )
            )
        await self._session.flush()
        return True

    async def roles(self) -> list[MunicipalityRole]:
        """Every municipality role, by municipality and role."""
        rows = await self._session.scalars(
            select(MunicipalityRole).order_by(
                MunicipalityRole.municipality_number, MunicipalityRole.role
            )
        )
        return list(rows.all())

    async def roles_of(self, person: Person) -> list[MunicipalityRole]:
        """The municipality roles a person holds."""
        rows = await self._session.scalars(
            select(MunicipalityRole).where(MunicipalityRole.person_id == person.id)
        )
        return list(rows.all())
