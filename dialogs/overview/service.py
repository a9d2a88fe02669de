"""The tab's data as a service: who is reading, and the sections they may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from cards.texts import Language
from dialogs.overview.tab import TabSection, tab_sections
from storage.database import Database
from storage.models import Person


@dataclass(frozen=True, slots=True)
class TabOverview:
    """What the tab shows one reader."""

    reader: Person
    sections: list[TabSection]


async def overview_for(
    db: Database, entra_id: str | None, language: Language, now: datetime, zone: ZoneInfo
) -> TabOverview | None:
    """The sections for the person with this Entra object id; with None (local mode only) the
    first project lead reads. None when the person is not in the catalogue."""
    async with db.read() as uow:
        if entra_id is None:
            reader = next((p for p in await uow.people.list() if p.is_project_lead), None)
        else:
            reader = await uow.people.by_aad(entra_id)
        if reader is None:
            return None
        sections = await tab_sections(uow, [reader], language, now, now.astimezone(zone).date())
    return TabOverview(reader, sections)
