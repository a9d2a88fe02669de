"""The ROS register as a service: add and change risks (every change recorded with who, when,
old and new), schedule the owner's review reminders, and import rows from a file. The CLI, the
timers and Teams all go through these functions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from typing import Any, Final

from cards.risk_cards import RiskView, review_card
from dialogs.kernel.context import DialogContext
from dialogs.kernel.delivery import send_to_person
from dialogs.kernel.errors import WorkflowError
from dialogs.kernel.language import person_language
from dialogs.kernel.registry import FiredTimer
from dialogs.risks import rules
from storage.models import Risk
from storage.uow import UnitOfWork
from vocabulary import RiskStatus, TimerKind

REVIEW_JOB: Final = TimerKind.RISK_REVIEW
# The fields a change may set, in the order the change log lists them.
FIELDS: Final = (
    "title",
    "description",
    "owner_id",
    "likelihood",
    "consequence",
    "measures",
    "status",
    "next_review",
)


class RiskError(WorkflowError):
    """A risk that cannot be stored as given; nothing was changed (`risks.error.<code>`)."""

    area = "risks"


@dataclass(frozen=True, slots=True)
class RiskValues:
    """A risk's values; in a change, None keeps what the risk has."""

    title: str | None = None
    description: str | None = None
    owner_id: int | None = None
    likelihood: int | None = None
    consequence: int | None = None
    measures: str | None = None
    status: str | None = None
    next_review: date | None = None

    def given(self) -> dict[str, Any]:
        """The values that were given."""
        return {
            f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None
        }


def _check(values: Mapping[str, Any]) -> None:
    codes = rules.value_problems(
        title=str(values.get("title") or ""),
        likelihood=int(values.get("likelihood") or 0),
        consequence=int(values.get("consequence") or 0),
        status=str(values.get("status") or ""),
        description=str(values.get("description") or ""),
        measures=str(values.get("measures") or ""),
    )
    if codes:
        raise RiskError.of(
            [
                RiskError.problem(code, limit=rules.MAX_TITLE, text_limit=rules.MAX_TEXT)
                for code in codes
            ]
        )


async def add_risk(
    uow: UnitOfWork, ctx: DialogContext, values: RiskValues, by: str, now: datetime
) -> Risk:
    """Add a risk (status open unless given) and schedule its review reminders."""
    complete = replace(
        values,
        status=values.status or RiskStatus.OPEN,
        description=values.description or "",
        measures=values.measures or "",
    )
    given = complete.given()
    _check(given)
    risk = await uow.risks.add(Risk(**given), by)
    await schedule_reviews(uow, risk, now, ctx)
    return risk


async def change_risk(
    uow: UnitOfWork, ctx: DialogContext, risk: Risk, values: RiskValues, by: str, now: datetime
) -> int:
    """Change the given fields, record each change, reschedule; returns how many changed."""
    given = values.given()
    current = {name: getattr(risk, name) for name in FIELDS}
    _check(current | given)
    changes = await uow.risks.change(risk, given, by, now)
    if changes:
        await schedule_reviews(uow, risk, now, ctx)
    return len(changes)


async def schedule_reviews(uow: UnitOfWork, risk: Risk, now: datetime, ctx: DialogContext) -> int:
    """Cancel the risk's pending reminders and schedule the current ones; returns how many."""
    await uow.timers.cancel_prefix(rules.review_key_prefix(risk.id))
    if risk.next_review is None or risk.owner_id is None or risk.status == RiskStatus.CLOSED:
        return 0
    planned = rules.reminder_times(risk.next_review, now, ctx.timezone)
    for day, at in planned:
        key = f"{rules.review_key_prefix(risk.id)}{risk.next_review.isoformat()}:{day.isoformat()}"
        args = {"risk": risk.id, "review": risk.next_review.isoformat()}
        await uow.timers.schedule(key, REVIEW_JOB, at, args)
    return len(planned)


async def on_review_reminder(uow: UnitOfWork, ctx: DialogContext, fired: FiredTimer) -> None:
    """Remind the owner of a coming review, unless the risk changed or closed since."""
    risk = await uow.risks.get(int(fired.args.get("risk", 0)))
    if risk is None or risk.owner_id is None or risk.status == RiskStatus.CLOSED:
        return
    if risk.next_review is None or risk.next_review.isoformat() != fired.args.get("review"):
        return
    owner = await uow.people.get(risk.owner_id)
    if owner is None:
        return
    language = person_language(owner, ctx.default_language)
    card = review_card(language, risk_view(risk, owner.name))
    await send_to_person(uow, key=fired.key, person_id=owner.id, card=card)


def risk_view(risk: Risk, owner: str | None) -> RiskView:
    """A stored risk as the cards show it."""
    return RiskView(
        id=risk.id,
        title=risk.title,
        description=risk.description,
        owner=owner,
        likelihood=risk.likelihood,
        consequence=risk.consequence,
        score=rules.score(risk.likelihood, risk.consequence),
        level=rules.level(risk.likelihood, risk.consequence),
        measures=risk.measures,
        status=risk.status,
        next_review=risk.next_review,
    )


async def risk_views(uow: UnitOfWork) -> list[RiskView]:
    """Every risk, highest score first."""
    risks = await uow.risks.all()
    owners = await uow.people.by_ids([r.owner_id for r in risks if r.owner_id is not None])
    views = [risk_view(r, owners[r.owner_id].name if r.owner_id in owners else None) for r in risks]
    return sorted(views, key=lambda v: (-v.score, v.id))


async def import_risks(
    uow: UnitOfWork, ctx: DialogContext, rows: Sequence[RiskValues], by: str, now: datetime
) -> tuple[int, int]:
    """Add or change risks by title; returns (added, changed). All or nothing: the caller
    commits only when no row was refused."""
    added = changed = 0
    for row in rows:
        existing = await uow.risks.by_title(row.title or "")
        if existing is None:
            await add_risk(uow, ctx, row, by, now)
            added += 1
        elif await change_risk(uow, ctx, existing, row, by, now):
            changed += 1
    return added, changed
