"""The public status of the project, for DigiTV's website: phase, milestones, requirements by
status per group and participation per municipality, as counts. It holds no person: no name,
e-mail, Teams or Entra id, and no owner or author of anything."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from dialogs.milestones.rules import is_overdue
from dialogs.participation import participation_overview
from storage.uow import UnitOfWork
from vocabulary import MilestoneStatus


@dataclass(frozen=True, slots=True)
class MilestoneLine:
    """A milestone without its owner."""

    title: str
    phase: int
    due: date
    precision: str
    status: str
    overdue: bool


@dataclass(frozen=True, slots=True)
class GroupProgress:
    """A group's requirements counted by status."""

    code: str
    name: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        """All the group's requirements."""
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class MunicipalityCounts:
    """A participating municipality's participation as counts."""

    number: str
    name: str
    members: int
    answers: int
    asked: int
    votes: int
    electors: int

    @property
    def answer_percent(self) -> int:
        """Answers given out of those asked for, in whole percent (0 when none asked)."""
        return round(100 * self.answers / self.asked) if self.asked else 0


@dataclass(frozen=True, slots=True)
class PublicStatus:
    """Everything the public page shows."""

    generated_at: datetime
    phase: int
    milestones: tuple[MilestoneLine, ...]
    groups: tuple[GroupProgress, ...]
    municipalities: tuple[MunicipalityCounts, ...]

    def by_status(self) -> dict[str, int]:
        """Requirements of every group counted by status."""
        total: Counter[str] = Counter()
        for group in self.groups:
            total.update(group.counts)
        return dict(sorted(total.items()))


def current_phase(milestones: list[MilestoneLine]) -> int:
    """The earliest phase with an open milestone, else the last phase, else 1."""
    finished = {MilestoneStatus.DONE, MilestoneStatus.CANCELLED}
    open_phases = [m.phase for m in milestones if m.status not in finished]
    if open_phases:
        return min(open_phases)
    return max((m.phase for m in milestones), default=1)


async def public_status(uow: UnitOfWork, now: datetime, today: date) -> PublicStatus:
    """The public status now (`today` is the local date)."""
    milestones = [
        MilestoneLine(
            m.title,
            m.phase,
            m.due_date,
            m.precision,
            m.status,
            m.status not in (MilestoneStatus.DONE, MilestoneStatus.CANCELLED)
            and is_overdue(m.due_date, m.precision, today),
        )
        for m in sorted(await uow.milestones.all(), key=lambda m: (m.due_date, m.id))
    ]
    groups: dict[str, GroupProgress] = {}
    for code, name, status, count in await uow.reports.requirement_counts():
        groups.setdefault(code, GroupProgress(code, name, {})).counts[status] = count
    municipalities = [
        MunicipalityCounts(
            row.number,
            row.name,
            row.members,
            sum(g.answers for g in row.groups),
            sum(g.asked for g in row.groups),
            sum(g.votes for g in row.groups),
            sum(g.electors for g in row.groups),
        )
        for row in await participation_overview(uow, now)
    ]
    return PublicStatus(
        now,
        current_phase(milestones),
        tuple(milestones),
        tuple(groups.values()),
        tuple(municipalities),
    )


def status_json(status: PublicStatus) -> dict[str, Any]:
    """The status as JSON-ready data (field names in English, values as stored)."""
    return {
        "generated_at": status.generated_at.isoformat(),
        "phase": status.phase,
        "milestones": [
            {
                "title": m.title,
                "phase": m.phase,
                "due": m.due.isoformat(),
                "precision": m.precision,
                "status": m.status,
                "overdue": m.overdue,
            }
            for m in status.milestones
        ],
        "requirements": {
            "by_status": status.by_status(),
            "groups": [
                {"code": g.code, "name": g.name, "total": g.total, "by_status": dict(g.counts)}
                for g in status.groups
            ],
        },
        "participation": [
            {
                "number": m.number,
                "municipality": m.name,
                "members": m.members,
                "answers": m.answers,
                "answers_asked": m.asked,
                "votes": m.votes,
                "votes_possible": m.electors,
            }
            for m in status.municipalities
        ],
    }
