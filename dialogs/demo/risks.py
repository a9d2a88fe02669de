"""The risks of the project plan (section 7.1) as the demo's ROS register.

Loading adds missing risks by title and leaves existing ones (and changes people made) alone.
No reminders are scheduled for demo risks: their review dates lie in 2024.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from dialogs.demo.milestones import LEAD_EMAIL
from dialogs.demo.organisation import DEMO_CHANGED_BY
from storage.models import Risk
from storage.uow import UnitOfWork
from vocabulary import RiskStatus


@dataclass(frozen=True, slots=True)
class DemoRisk:
    """A risk of the project plan."""

    title: str
    description: str
    likelihood: int
    consequence: int
    measures: str
    review: date


RISKS: Final[tuple[DemoRisk, ...]] = (
    DemoRisk(
        "Lav deltakelse fra kommunene",
        "Lav deltakelse fra kommunene i prosjektet og arbeidsgruppene.",
        4,
        5,
        "Følge opp deltakelsen per kommune hver uke; kontaktpersonene får påminnelser.",
        date(2024, 10, 15),
    ),
    DemoRisk(
        "Svakt eierskap i kommunene",
        "Kommunene eier ikke kravene og stiller seg ikke bak kravspesifikasjonen.",
        3,
        5,
        "Kommunalsjefene i styringsgruppen forankrer arbeidet i egen kommune.",
        date(2024, 10, 29),
    ),
    DemoRisk(
        "Kravspesifikasjon av dårlig kvalitet eller uten forankring",
        "Kravene blir for vage, for mange eller mangler støtte i kommunene.",
        3,
        4,
        "Gjennomganger i arbeidsgruppene og tilslutning fra hver kommune før anskaffelsen.",
        date(2024, 11, 12),
    ),
    DemoRisk(
        "For liten kapasitet i prosjektet",
        "Prosjektleder og arbeidsgruppene har for lite tid til arbeidet.",
        3,
        3,
        "Avklare frikjøp av tid med kommunene; prioritere arbeidsgruppene.",
        date(2024, 11, 26),
    ),
)


async def load_risks(uow: UnitOfWork) -> int:
    """Add the project plan's risks that are missing; returns how many were added."""
    lead = await uow.people.by_email(LEAD_EMAIL)
    added = 0
    for demo in RISKS:
        if await uow.risks.by_title(demo.title) is not None:
            continue
        risk = Risk(
            title=demo.title,
            description=demo.description,
            owner_id=lead.id if lead else None,
            likelihood=demo.likelihood,
            consequence=demo.consequence,
            measures=demo.measures,
            status=RiskStatus.OPEN,
            next_review=demo.review,
        )
        await uow.risks.add(risk, DEMO_CHANGED_BY)
        added += 1
    return added
