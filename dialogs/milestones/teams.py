"""Milestones in Teams: the overview, mark done, the change form and saving it."""

from __future__ import annotations

from datetime import date, datetime

from cards.milestone_cards import milestone_form_card, milestones_card
from cards.texts import Language, text
from dialogs.kernel.access import sender_people
from dialogs.kernel.context import DialogContext
from dialogs.kernel.errors import WorkflowError
from dialogs.kernel.fields import int_field, text_field
from dialogs.kernel.turns import CardResult, Message, TurnInput
from dialogs.milestones.service import (
    ChangeMilestone,
    ChangeOutcome,
    change_milestone,
)
from dialogs.milestones.views import milestone_view, milestone_views, today
from storage.models import Milestone, Person, utcnow
from storage.uow import UnitOfWork
from vocabulary import MilestoneStatus

FORM_FIELDS = ("due", "precision", "status", "reason")


async def list_milestones(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """`milepæler`: overdue and upcoming milestones; buttons on those the reader may change."""
    async with ctx.db.uow() as uow:
        overdue, upcoming = await milestone_views(uow, today(ctx), await sender_people(uow, turn))
    return [Message(card=milestones_card(turn.language, overdue, upcoming))]


async def _allowed(uow: UnitOfWork, turn: TurnInput, milestone: Milestone) -> Person | None:
    for person in await sender_people(uow, turn):
        if person.is_admin or person.is_project_lead or person.id == milestone.owner_id:
            return person
    return None


async def _load(uow: UnitOfWork, turn: TurnInput) -> tuple[Milestone, Person] | CardResult:
    """The milestone of the card and the sender allowed to change it, or the refusal."""
    milestone_id = int_field(turn.data, "milestone")
    milestone = await uow.milestones.get(milestone_id) if milestone_id is not None else None
    if milestone is None:
        return CardResult(message=text(turn.language, "milestones.not_found"), status=404)
    person = await _allowed(uow, turn, milestone)
    if person is None:
        return CardResult(message=text(turn.language, "milestones.not_allowed"), status=403)
    return milestone, person


async def mark_done(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`milestone-done`: mark the milestone done (cancels its reminders); the list again."""
    now = utcnow()
    async with ctx.db.uow() as uow:
        loaded = await _load(uow, turn)
        if isinstance(loaded, CardResult):
            return loaded
        milestone, person = loaded
        command = ChangeMilestone(by=person.name, status=MilestoneStatus.DONE)
        await change_milestone(uow, ctx, milestone, command, now)
        await uow.commit()
        overdue, upcoming = await milestone_views(uow, today(ctx, now), [person])
    notice = text(turn.language, "milestones.saved")
    return CardResult(card=milestones_card(turn.language, overdue, upcoming, notice=notice))


async def edit_form(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`milestone-edit`: the change form for one milestone."""
    async with ctx.db.uow() as uow:
        loaded = await _load(uow, turn)
        if isinstance(loaded, CardResult):
            return loaded
        view = await milestone_view(uow, loaded[0], today(ctx))
    return CardResult(card=milestone_form_card(turn.language, view))


async def _saved(
    uow: UnitOfWork,
    ctx: DialogContext,
    language: Language,
    person: Person,
    outcome: ChangeOutcome,
    now: datetime,
) -> CardResult:
    """The overview again, saying the change was saved (and its number in the log, if any)."""
    overdue, upcoming = await milestone_views(uow, today(ctx, now), [person])
    if outcome.decision is not None:
        notice = text(language, "milestones.saved_logged", sequence=outcome.decision.sequence)
    else:
        notice = text(language, "milestones.saved")
    return CardResult(card=milestones_card(language, overdue, upcoming, notice=notice))


async def save_change(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`milestone-save`: apply the form, or show it again with what is wrong."""
    language = turn.language
    now = utcnow()
    values = {name: text_field(turn.data, name) for name in FORM_FIELDS}
    async with ctx.db.uow() as uow:
        loaded = await _load(uow, turn)
        if isinstance(loaded, CardResult):
            return loaded
        milestone, person = loaded
        milestone_id = milestone.id
        try:
            due = date.fromisoformat(values["due"])
        except ValueError:
            problems = [text(language, "milestones.error.date_invalid")]
        else:
            command = ChangeMilestone(
                by=person.name,
                due=due,
                precision=values["precision"] or None,
                status=values["status"] or None,
                reason=values["reason"],
            )
            try:
                outcome = await change_milestone(uow, ctx, milestone, command, now)
            except WorkflowError as exc:
                # The milestone's own refusals, or the decision log's (e.g. no project group).
                problems = [exc.message(language)]
            else:
                if outcome.changed:
                    await uow.commit()
                    return await _saved(uow, ctx, language, person, outcome, now)
                problems = [text(language, "milestones.error.nothing")]
    # The unit above ended without a commit, so nothing of the refused change was kept: the form
    # shows the milestone as stored.
    async with ctx.db.read() as uow:
        fresh = await uow.milestones.get(milestone_id)
        if fresh is None:
            return CardResult(message=text(language, "milestones.not_found"), status=404)
        view = await milestone_view(uow, fresh, today(ctx, now))
    return CardResult(card=milestone_form_card(language, view, values=values, problems=problems))
