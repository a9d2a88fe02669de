"""The Teams side of review rounds: commands and card buttons, turned into service calls and
cards. The only module of the package that knows about turns and card results."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Final

from cards.review_cards import (
    CARD_VERSION,
    MAX_MINIMUM,
    PREV,
    SKIP,
    AnswerView,
    OverviewView,
    RoundView,
    close_confirm_card,
    closed_card,
    closed_now_card,
    opened_card,
    overview_card,
    reconfirm_card,
    review_card,
    review_form_card,
    rounds_card,
)
from cards.texts import Language, text
from dialogs import quality
from dialogs.kernel.access import sender_lead
from dialogs.kernel.context import DialogContext
from dialogs.kernel.fields import form_field, int_field, parse_number, text_field
from dialogs.kernel.turns import CardResult, Message, TurnInput
from dialogs.reviews import answering
from dialogs.reviews.answering import Answering, CardAction, Refusal, Refused
from dialogs.reviews.reconfirm import confirmed_answer, old_text, reconfirm_view
from dialogs.reviews.selection import parse_deadline
from dialogs.reviews.service import (
    CloseRequest,
    OpenRequest,
    ReviewError,
    close_by_id,
    closed_words,
    open_round,
)
from dialogs.reviews.views import card_view, label, round_missing, round_progress, round_view
from storage.models import Requirement, ReviewAnswer
from storage.reviews import AnswerData
from storage.uow import UnitOfWork
from vocabulary import RoundStatus

# The overview lists at most this many missing requirements.
MAX_MISSING: Final = 200
FORM_FIELDS: Final = (
    "group",
    "requirements",
    "deadline_date",
    "deadline_time",
    "instructions",
    "min_municipalities",
)


def _action(turn: TurnInput) -> CardAction | None:
    round_id = int_field(turn.data, "round")
    requirement_id = int_field(turn.data, "requirement")
    nonce = turn.data.get("nonce")
    if round_id is None or requirement_id is None or not isinstance(nonce, str):
        return None
    if int_field(turn.data, "v") != CARD_VERSION:
        return None
    sender = turn.sender
    return CardAction(
        round_id,
        requirement_id,
        nonce,
        sender.teams_user_id if sender is not None else None,
        sender.aad_object_id if sender is not None else None,
    )


def _refusal(language: Language, refused: Refused) -> CardResult:
    if refused.group is None or refused.reason == Refusal.STALE:
        return CardResult(message=text(language, "review.refused.stale"), status=400)
    if refused.reason == Refusal.NOT_MEMBER:
        message = text(language, "review.refused.not_member", group=refused.group.code)
        return CardResult(message=message, status=403)
    return CardResult(card=closed_card(language, label(refused.group)))


async def _show(
    uow: UnitOfWork,
    ctx: DialogContext,
    language: Language,
    state: Answering,
    index: int,
    **extra: Any,
) -> CardResult:
    requirement_id = state.review.requirement_ids[index]
    requirement = (await uow.requirements.by_ids([requirement_id])).get(requirement_id)
    if requirement is None:
        return CardResult(message=text(language, "review.refused.stale"), status=400)
    answers = await uow.reviews.answers_of(state.review.id, state.person.id)
    view = card_view(
        state.group,
        state.review,
        requirement,
        index,
        answers.get(requirement_id),
        member=state.person,
        quality=await quality.summary(uow, quality.book_for(ctx), requirement),
        **extra,
    )
    return CardResult(card=review_card(language, view, ctx.timezone))


async def _overview(
    uow: UnitOfWork | None,
    ctx: DialogContext,
    language: Language,
    state: Answering,
    answered: set[int],
) -> CardResult:
    # `uow` may be None when nothing is missing: then no key needs to be looked up.
    ids = state.review.requirement_ids
    missing_ids = [rid for rid in ids if rid not in answered]
    keys: dict[int, str] = {}
    if missing_ids and uow is not None:
        keys = await uow.requirements.keys_by_ids(missing_ids[:MAX_MISSING])
    view = OverviewView(
        round_id=state.review.id,
        nonce=state.review.nonce,
        group=label(state.group),
        total=len(ids),
        answered=len(ids) - len(missing_ids),
        missing=[(rid, keys.get(rid, "?")) for rid in missing_ids[:MAX_MISSING]],
        deadline=state.review.deadline,
        member=state.person.teams_user_id,
        requirement_id=ids[state.index],
        first_id=ids[0],
    )
    return CardResult(card=overview_card(language, view, ctx.timezone))


def _typed(data: dict[str, Any]) -> AnswerData:
    fingerprint = text_field(data, "fp")
    return AnswerData(
        verdict=text_field(data, "verdict", strip=False),
        comment=text_field(data, "comment", strip=False),
        proposal=text_field(data, "proposal", strip=False),
        priority=text_field(data, "priority", strip=False) or None,
        requirement_version=int_field(data, "ver") if fingerprint else None,
        fingerprint=fingerprint[:64] or None,
    )


def _bound(answer: AnswerData, requirement: Requirement | None) -> AnswerData:
    """The answer bound to the text the card showed; a card without a fingerprint (an older
    card) is bound to the requirement as it is now."""
    if answer.fingerprint is not None or requirement is None:
        return answer
    return replace(
        answer, requirement_version=requirement.version, fingerprint=requirement.fingerprint
    )


async def save_next(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`review-save-next`: save this answer, then show the next unanswered requirement.

    A read-only unit checks the card and loads what the next card shows (two queries: the
    member with their answers, the requirements shown); the answer writer stores the answer
    (see `answering`); the card is built after commit from what was read.
    """
    language = turn.language
    answer = _typed(turn.data)
    problem = answering.answer_problem(answer)
    writer = answering.writer(ctx)
    async with ctx.db.read() as uow:
        state = await answering.locate(uow, _action(turn), writer)
        if isinstance(state, Refused):
            return _refusal(language, state)
        if problem is not None:
            typed = AnswerView(answer.verdict, answer.comment, answer.proposal, answer.priority)
            return await _show(
                uow,
                ctx,
                language,
                state,
                state.index,
                problem=problem.message(language),
                typed=typed,
            )
        ids = state.review.requirement_ids
        answered = state.answered | {state.requirement_id}
        following = answering.next_unanswered(ids, state.index, answered)
        shown = [state.requirement_id] + ([ids[following]] if following is not None else [])
        requirements = await uow.requirements.by_ids(shown)
        upcoming = requirements.get(ids[following]) if following is not None else None
        found = (
            await quality.summary(uow, quality.book_for(ctx), upcoming)
            if upcoming is not None
            else None
        )
    saved = requirements.get(state.requirement_id)
    if not await answering.save(writer, state, _bound(answer, saved)):
        return CardResult(card=closed_card(language, label(state.group)))
    notice = text(language, "review.saved", requirement=saved.key if saved is not None else "")
    if following is None:
        return await _overview(None, ctx, language, state, answered)
    view = card_view(
        state.group,
        state.review,
        requirements[ids[following]],
        following,
        None,
        notice=notice,
        member=state.person,
        quality=found,
    )
    return CardResult(card=review_card(language, view, ctx.timezone))


async def step(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`review-prev`, `review-skip`, `review-open`: show another requirement; nothing saved."""
    async with ctx.db.read() as uow:
        state = await answering.locate(uow, _action(turn))
        if isinstance(state, Refused):
            return _refusal(turn.language, state)
        total = len(state.review.requirement_ids)
        if turn.verb == PREV:
            index = (state.index - 1) % total
        elif turn.verb == SKIP:
            index = (state.index + 1) % total
        else:
            index = state.index
        return await _show(uow, ctx, turn.language, state, index)


async def finish(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`review-finish`: the overview of answered and missing requirements, and thanks."""
    async with ctx.db.read() as uow:
        state = await answering.locate(uow, _action(turn))
        if isinstance(state, Refused):
            return _refusal(turn.language, state)
        return await _overview(uow, ctx, turn.language, state, state.answered)


async def refresh(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`review-refresh`: Teams asks for the card's current state as the member views it.

    A card left open after the round closed shows the closed state; otherwise the same
    requirement (with the member's current answer) or the overview, as it was.
    """
    async with ctx.db.read() as uow:
        state = await answering.locate(uow, _action(turn))
        if isinstance(state, Refused):
            return _refusal(turn.language, state)
        if turn.data.get("view") == "overview":
            return await _overview(uow, ctx, turn.language, state, state.answered)
        if turn.data.get("view") == "reconfirm":
            changed = await _changed(uow, state)
            if changed is not None:
                confirmed = changed[1].fingerprint == changed[0].fingerprint
                return _reconfirm_result(ctx, turn.language, state, changed, confirmed=confirmed)
        return await _show(uow, ctx, turn.language, state, state.index)


async def _changed(
    uow: UnitOfWork, state: Answering
) -> tuple[Requirement, ReviewAnswer, str] | None:
    """The requirement a re-confirm card is about, the member's answer and the text they
    answered; None when they have no answer to it (then the plain review card is shown)."""
    rid = state.requirement_id
    requirement = (await uow.requirements.by_ids([rid])).get(rid)
    answer = (await uow.reviews.answers_of(state.review.id, state.person.id)).get(rid)
    if requirement is None or answer is None:
        return None
    return requirement, answer, await old_text(uow, requirement, answer.requirement_version)


def _reconfirm_result(
    ctx: DialogContext,
    language: Language,
    state: Answering,
    changed: tuple[Requirement, ReviewAnswer, str],
    *,
    confirmed: bool,
) -> CardResult:
    requirement, answer, before = changed
    view = reconfirm_view(
        state.review, state.group, requirement, answer, before, state.person, confirmed=confirmed
    )
    return CardResult(card=reconfirm_card(language, view, ctx.timezone))


async def reconfirm(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`review-reconfirm`: keep the member's answer for the requirement's new text.

    A card about a text that has changed again since it was sent shows the newest text and
    asks again; nothing is saved for a text the member did not see.
    """
    language = turn.language
    async with ctx.db.read() as uow:
        state = await answering.locate(uow, _action(turn))
        if isinstance(state, Refused):
            return _refusal(language, state)
        changed = await _changed(uow, state)
        if changed is None:
            return await _show(uow, ctx, language, state, state.index)
    requirement, answer, _before = changed
    if text_field(turn.data, "fp") != requirement.fingerprint:
        return _reconfirm_result(ctx, language, state, changed, confirmed=False)
    if answer.fingerprint != requirement.fingerprint:
        bound = confirmed_answer(answer, requirement)
        if not await answering.save(answering.writer(ctx), state, bound):
            return CardResult(card=closed_card(language, label(state.group)))
    return _reconfirm_result(ctx, language, state, changed, confirmed=True)


async def _group_choices(uow: UnitOfWork) -> list[tuple[str, str]]:
    return [(group.code, label(group)) for group in await uow.groups.all()]


async def home_group(uow: UnitOfWork, turn: TurnInput) -> str | None:
    """The code of the group whose home is the turn's conversation (one only), for a form."""
    here = await uow.groups.by_conversation(turn.conversation.id)
    return here[0].code if len(here) == 1 else None


async def new_review(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """`ny gjennomgang`: the form for opening a round (project lead and administrators), with
    the group of the conversation chosen."""
    async with ctx.db.uow() as uow:
        if await sender_lead(uow, turn) is None:
            return [Message(text=text(turn.language, "review.error.not_allowed"))]
        choices = await _group_choices(uow)
        chosen = await home_group(uow, turn)
    values = {"group": chosen} if chosen else None
    return [Message(card=review_form_card(turn.language, choices, values=values))]


def form_minimum(raw: str) -> int | None:
    """The form's coverage minimum: None when left empty; raises `ReviewError` when it is not
    a whole number (some clients send `3.0`)."""
    cleaned = raw.strip().removesuffix(".0")
    if not cleaned:
        return None
    if not (cleaned.isascii() and cleaned.isdigit() and len(cleaned) <= 3):
        raise ReviewError("minimum", limit=MAX_MINIMUM)
    return int(cleaned)


async def open_from_form(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`review-open-round`: open the round from the form, or show the form with its problems."""
    language = turn.language
    values = {name: form_field(turn.data, name) for name in FORM_FIELDS}
    async with ctx.db.uow() as uow:
        lead = await sender_lead(uow, turn)
        if lead is None:
            return CardResult(message=text(language, "review.error.not_allowed"), status=403)
        choices = await _group_choices(uow)
        deadline = parse_deadline(values["deadline_date"], ctx.timezone, values["deadline_time"])
        try:
            if deadline is None:
                raise ReviewError("deadline")
            request = OpenRequest(
                group_code=values["group"],
                selection=values["requirements"],
                deadline=deadline,
                instructions=values["instructions"],
                by_name=lead.name,
                by_person_id=lead.id,
                min_municipalities=form_minimum(values["min_municipalities"]),
            )
            review = await open_round(uow, ctx, request)
            found = await uow.reviews.with_group(review.id)
        except ReviewError as exc:
            messages = [problem.message(language) for problem in exc.problems]
            card = review_form_card(language, choices, values=values, problems=messages)
            return CardResult(card=card)
        if found is None:
            raise LookupError(f"review round {review.id} vanished while it was opened")
        state = await round_progress(uow, review, found[1])
        missing = await round_missing(uow, review, found[1])
        await uow.commit()
    view = round_view(found[1], review, state, missing)
    return CardResult(card=opened_card(language, view, ctx.timezone))


async def _round_view(uow: UnitOfWork, round_id: int) -> RoundView | None:
    """The round as its card shows it now, or None when there is no such round."""
    found = await uow.reviews.with_group(round_id)
    if found is None:
        return None
    review, group = found
    return round_view(group, review, await round_progress(uow, review, group))


async def list_reviews(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """`gjennomganger`: the open rounds with progress, and a close button for each (the lead)."""
    async with ctx.db.read() as uow:
        if await sender_lead(uow, turn) is None:
            return [Message(text=text(turn.language, "review.error.not_allowed"))]
        views = [await _round_view(uow, review.id) for review in await uow.reviews.open_rounds()]
    shown = [view for view in views if view is not None]
    return [Message(card=rounds_card(turn.language, shown, ctx.timezone))]


async def _confirmation(turn: TurnInput, ctx: DialogContext, round_id: int | None) -> Message:
    language = turn.language
    async with ctx.db.read() as uow:
        if await sender_lead(uow, turn) is None:
            return Message(text=text(language, "review.error.not_allowed"))
        if round_id is None:
            open_rounds = await uow.reviews.open_rounds()
            if len(open_rounds) != 1:
                return Message(text=text(language, "review.close.usage"))
            round_id = open_rounds[0].id
        view = await _round_view(uow, round_id)
    if view is None:
        return Message(text=ReviewError("not_found", 404, id=round_id).message(language))
    if view.status != RoundStatus.OPEN:
        return Message(text=ReviewError("already_closed", 409, id=round_id).message(language))
    return Message(card=close_confirm_card(language, view, ctx.timezone))


async def close_review(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """`avslutt gjennomgang 3`: ask the lead to confirm, with how many have finished."""
    return [await _confirmation(turn, ctx, parse_number(argument))]


async def close_ask(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`review-close-ask` (the button of `gjennomganger`): the confirmation card."""
    message = await _confirmation(turn, ctx, int_field(turn.data, "round"))
    if message.card is None:
        return CardResult(message=message.text, status=403)
    return CardResult(card=message.card)


async def close_confirmed(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`review-close`: close the round now; the card says what came of it."""
    language = turn.language
    round_id = int_field(turn.data, "round")
    async with ctx.db.read() as uow:
        lead = await sender_lead(uow, turn)
    if lead is None:
        return CardResult(message=text(language, "review.error.not_allowed"), status=403)
    if round_id is None:
        return CardResult(message=text(language, "review.close.usage"), status=400)
    try:
        closed = await close_by_id(ctx, CloseRequest(round_id, lead.name))
    except ReviewError as exc:
        return CardResult(message=exc.problems[0].message(language), status=exc.status)
    return CardResult(card=closed_now_card(language, closed_words(language, closed)))
