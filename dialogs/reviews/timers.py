"""The review rounds' timers: coalesced progress updates, reminders and the close at deadline."""

from __future__ import annotations

from cards.dates import format_datetime
from cards.review_cards import review_card, round_card
from cards.texts import text
from dialogs.kernel.context import DialogContext
from dialogs.kernel.delivery import send_to_person, update_card
from dialogs.kernel.language import person_language
from dialogs.kernel.registry import FiredTimer
from dialogs.reviews.answering import next_unanswered
from dialogs.reviews.service import close_round
from dialogs.reviews.views import card_view, label, round_missing, round_progress, round_view
from storage.models import Group, Person, ReviewRound
from storage.uow import UnitOfWork
from vocabulary import RoundStatus, TimerKind


async def _open_round(uow: UnitOfWork, timer: FiredTimer) -> tuple[ReviewRound, Group] | None:
    found = await uow.reviews.with_group(int(timer.args["round"]))
    if found is None or found[0].status != RoundStatus.OPEN:
        return None
    return found


async def progress_timer(uow: UnitOfWork, ctx: DialogContext, timer: FiredTimer) -> None:
    """Update the round card in the group's channel with the progress at the slot's end."""
    found = await _open_round(uow, timer)
    if found is None or found[1].conversation_id is None:
        return
    review, group = found
    state = await round_progress(uow, review, group)
    missing = await round_missing(uow, review, group)
    card = round_card(ctx.default_language, round_view(group, review, state, missing), ctx.timezone)
    await update_card(
        uow,
        key=f"review:{review.id}:round:p{timer.args['slot']}",
        replaces=review.card_key,
        conversation_id=found[1].conversation_id,
        card=card,
    )


async def reminder_timer(uow: UnitOfWork, ctx: DialogContext, timer: FiredTimer) -> None:
    """Remind every member who has not answered everything, with their next unanswered card."""
    found = await _open_round(uow, timer)
    if found is None:
        return
    review, group = found
    answered = await uow.reviews.answer_counts(review.id)
    total = len(review.requirement_ids)
    number = int(timer.args["number"])
    behind: list[tuple[Person, int, int]] = []
    for person, _membership in await uow.groups.members(group):
        if answered.get(person.id, 0) < total:
            mine = await uow.reviews.answers_of(review.id, person.id)
            index = next_unanswered(review.requirement_ids, -1, set(mine)) or 0
            behind.append((person, answered.get(person.id, 0), index))
    # Only the requirements the cards show: one round may have thousands.
    requirements = await uow.requirements.by_ids(
        sorted({review.requirement_ids[index] for _, _, index in behind})
    )
    for person, done, index in behind:
        language = person_language(person, ctx.default_language)
        requirement = requirements.get(review.requirement_ids[index])
        if requirement is None:
            raise LookupError(f"requirement {review.requirement_ids[index]} of round {review.id}")
        card = review_card(
            language,
            card_view(group, review, requirement, index, None, member=person),
            ctx.timezone,
        )
        message = text(
            language,
            TimerKind.REVIEW_REMINDER,
            group=label(group),
            deadline=format_datetime(language, review.deadline, ctx.timezone),
            answered=done,
            total=total,
        )
        await send_to_person(
            uow,
            key=f"review:{review.id}:reminder:{number}:{person.id}",
            person_id=person.id,
            text=message,
            card=card,
        )


async def close_timer(uow: UnitOfWork, ctx: DialogContext, timer: FiredTimer) -> None:
    """Close the round at its deadline (unless the lead closed it already)."""
    found = await _open_round(uow, timer)
    if found is not None:
        await close_round(uow, ctx, found[0], by="Kravbot", now=timer.now)
