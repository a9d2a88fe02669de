"""The registry of workflows: which step answers a command, a card verb, a timer or a cron job.

Each workflow package declares a `Workflow` value; the composition root (`bot/bootstrap.py`)
lists them once and builds the `Registry` at start-up. Nothing is registered by importing a
module. A clash (two handlers for one command, verb or timer kind) or a timer kind without a
handler stops start-up with a clear message instead of failing, or dropping a timer, later.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from cards.milestone_cards import DigestSection
from cards.report_cards import ReportSection
from cards.texts import Language
from dialogs.kernel.context import DialogContext
from dialogs.kernel.turns import CardResult, Message, TurnInput
from storage.uow import UnitOfWork
from vocabulary import TimerKind


@dataclass(frozen=True, slots=True)
class FiredTimer:
    """What a timer handler is told about the timer it runs for."""

    key: str
    job: str
    args: dict[str, Any]
    due_at: datetime
    now: datetime
    late: bool


# A typed command: the turn, the context and the text after the command word.
CommandHandler = Callable[[TurnInput, DialogContext, str], Awaitable[list[Message]]]
# A card button (Action.Execute or Action.Submit) with its verb.
CardHandler = Callable[[TurnInput, DialogContext], Awaitable[CardResult]]
# A due timer, run in the unit of work that claims it: its effects and the claim commit together.
TimerHandler = Callable[[UnitOfWork, DialogContext, FiredTimer], Awaitable[None]]
# A section of the weekly digest (open rounds, open polls), or None when it has nothing to say.
SectionProvider = Callable[[UnitOfWork, Language, date, ZoneInfo], Awaitable[DigestSection | None]]


@dataclass(frozen=True, slots=True)
class ReportPeriod:
    """What a status report covers: local dates `start` to `end` (both included) in `zone`."""

    start: date
    end: date
    zone: ZoneInfo

    def bounds(self) -> tuple[datetime, datetime]:
        """The period as aware datetimes: the first day's midnight to the day after the end."""
        start = datetime.combine(self.start, time(), self.zone)
        return start, datetime.combine(self.end + timedelta(days=1), time(), self.zone)


# A section of the status report to the steering group (milestones, rounds, risks), or None.
ReportProvider = Callable[[UnitOfWork, Language, ReportPeriod], Awaitable[ReportSection | None]]


@dataclass(frozen=True, slots=True)
class CronJob:
    """A job run on a calendar schedule by the leading process.

    `cron` holds cron fields (`day_of_week`, `hour`, `minute`) in the configured time zone;
    `run` gets the context, the registry (to reach other workflows' digest sections) and now.
    """

    job_id: str
    run: Callable[[DialogContext, Registry, datetime], Awaitable[object]]
    cron: Mapping[str, str | int]


@dataclass(frozen=True, slots=True)
class Workflow:
    """What one workflow package contributes; declared once in its `__init__.py`."""

    name: str
    commands: Mapping[str, CommandHandler] = field(default_factory=dict)
    card_verbs: Mapping[str, CardHandler] = field(default_factory=dict)
    timers: Mapping[str, TimerHandler] = field(default_factory=dict)
    digest_sections: Sequence[SectionProvider] = ()
    report_sections: Sequence[ReportProvider] = ()
    cron_jobs: Sequence[CronJob] = ()


class RegistryError(RuntimeError):
    """The workflows do not fit together; raised at start-up."""


V = TypeVar("V")


def _merge(kind: str, parts: Iterable[tuple[str, Mapping[str, V]]]) -> dict[str, V]:
    merged: dict[str, V] = {}
    owner: dict[str, str] = {}
    for workflow, entries in parts:
        for name, value in entries.items():
            if name in merged:
                raise RegistryError(f"{kind} {name!r} is claimed by {owner[name]} and {workflow}")
            merged[name] = value
            owner[name] = workflow
    return merged


class Registry:
    """Every workflow's handlers, checked for clashes and for timer kinds left unhandled."""

    def __init__(self, workflows: Sequence[Workflow], *, timer_kinds: Iterable[str] = TimerKind):
        names = [w.name for w in workflows]
        if len(set(names)) != len(names):
            raise RegistryError(f"a workflow is listed twice: {names}")
        self.workflows = tuple(workflows)
        self.commands = _merge("command", ((w.name, w.commands) for w in workflows))
        self.card_verbs = _merge("card verb", ((w.name, w.card_verbs) for w in workflows))
        self.timers = _merge(
            "timer kind", ((w.name, {str(k): h for k, h in w.timers.items()}) for w in workflows)
        )
        crons = _merge(
            "cron job", ((w.name, {c.job_id: c for c in w.cron_jobs}) for w in workflows)
        )
        self.cron_jobs: tuple[CronJob, ...] = tuple(crons.values())
        self.digest_sections: tuple[SectionProvider, ...] = tuple(
            section for w in workflows for section in w.digest_sections
        )
        self.report_sections: tuple[ReportProvider, ...] = tuple(
            section for w in workflows for section in w.report_sections
        )
        unhandled = sorted(set(map(str, timer_kinds)) - self.timers.keys())
        if unhandled:
            raise RegistryError(f"no handler for timer kind(s): {', '.join(unhandled)}")

    def check_pending(self, jobs: Iterable[str]) -> None:
        """Fail when the database holds pending timers that no workflow handles."""
        unknown = sorted(set(jobs) - self.timers.keys())
        if unknown:
            raise RegistryError(f"pending timers of unknown kind(s): {', '.join(unknown)}")

    def cron(self, job_id: str) -> CronJob | None:
        """The cron job with this id, or None."""
        return next((job for job in self.cron_jobs if job.job_id == job_id), None)
