"""The demo project plan: the plan's phase-1 milestones of 2024, all done (the history), and the
work of today, dated relative to the day the demo is loaded: one done last month, one due within
two weeks, one overdue, and the milestones ahead.

Where the plan only gives a season ("autumn"), the milestone is known to the month. Loading adds
missing milestones by title and leaves existing ones (and any changes people made) alone, so a
demo loaded last week keeps last week's dates. Reminders are not scheduled for demo milestones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from dialogs.demo.organisation import DEMO_CHANGED_BY
from storage.uow import UnitOfWork
from vocabulary import PROJECT_GROUP, STEERING_GROUP, MilestoneStatus, Precision

LEAD_EMAIL: Final = "kari.nordmann@digitv.example"


@dataclass(frozen=True, slots=True)
class DemoMilestone:
    """A milestone of the demo project plan."""

    title: str
    due: date
    precision: Precision
    status: MilestoneStatus
    group: str = PROJECT_GROUP
    phase: int = 1


MILESTONES: Final[tuple[DemoMilestone, ...]] = (
    DemoMilestone(
        "Vedta prosjekt og finansiering",
        date(2024, 1, 1),
        Precision.MONTH,
        MilestoneStatus.DONE,
        STEERING_GROUP,
    ),
    DemoMilestone(
        "Søke Helseteknologiordningen om midler",
        date(2024, 1, 15),
        Precision.DAY,
        MilestoneStatus.DONE,
    ),
    DemoMilestone(
        "Søke Statsforvalteren om skjønnsmidler",
        date(2024, 3, 1),
        Precision.DAY,
        MilestoneStatus.DONE,
    ),
    DemoMilestone(
        "Prosjektstart og ansettelse av prosjektleder",
        date(2024, 6, 1),
        Precision.MONTH,
        MilestoneStatus.DONE,
    ),
    DemoMilestone(
        "Etablere prosjektorganisasjonen",
        date(2024, 9, 13),
        Precision.DAY,
        MilestoneStatus.DONE,
    ),
    DemoMilestone(
        "Markedsdialog med leverandører",
        date(2024, 10, 1),
        Precision.MONTH,
        MilestoneStatus.DONE,
    ),
    DemoMilestone(
        "Kartlegge dagens systemer, integrasjoner, ønsker og behov",
        date(2024, 10, 18),
        Precision.DAY,
        MilestoneStatus.DONE,
    ),
    DemoMilestone(
        "Første utkast til kravspesifikasjon",
        date(2024, 11, 1),
        Precision.MONTH,
        MilestoneStatus.DONE,
    ),
)


def living_milestones(today: date) -> tuple[DemoMilestone, ...]:
    """The milestones of today's work, placed relative to `today`."""
    return (
        DemoMilestone(
            "Oppsummere markedsdialogen for styringsgruppen",
            today - timedelta(days=30),
            Precision.DAY,
            MilestoneStatus.DONE,
            STEERING_GROUP,
        ),
        DemoMilestone(
            "Gjennomgang av kravene i arbeidsgruppene",
            today + timedelta(days=10),
            Precision.DAY,
            MilestoneStatus.IN_PROGRESS,
        ),
        DemoMilestone(
            "Avklare integrasjoner med fagsystemene",
            today - timedelta(days=7),
            Precision.DAY,
            MilestoneStatus.PLANNED,
        ),
        DemoMilestone(
            "Kravspesifikasjon 1.0 til styringsgruppen",
            today + timedelta(days=60),
            Precision.DAY,
            MilestoneStatus.PLANNED,
            STEERING_GROUP,
        ),
        DemoMilestone(
            "Kunngjøre felles konkurranse",
            (today + timedelta(days=180)).replace(day=1),
            Precision.MONTH,
            MilestoneStatus.PLANNED,
            STEERING_GROUP,
            phase=2,
        ),
    )


async def load_milestones(uow: UnitOfWork, today: date) -> int:
    """Add the demo milestones that are missing (by title); returns how many were added."""
    owner = await uow.people.by_email(LEAD_EMAIL)
    added = 0
    for demo in (*MILESTONES, *living_milestones(today)):
        if await uow.milestones.by_title(demo.title) is not None:
            continue
        group = await uow.groups.by_code(demo.group)
        await uow.milestones.add(
            title=demo.title,
            phase=demo.phase,
            due_date=demo.due,
            precision=demo.precision,
            owner_id=owner.id if owner is not None else None,
            group_id=group.id if group is not None else None,
            status=demo.status,
            changed_by=DEMO_CHANGED_BY,
        )
        added += 1
    return added
