"""Requirement review rounds: open, answer on a 1:1 card, progress, reminders, close, outcome.

Every step is plain data in and out. What is sent proactively (round card, review cards,
reminders, progress updates, summaries) is enqueued in the outbox in the same transaction as
the change that causes it; timers (reminders, close, coalesced progress) likewise.
"""

from __future__ import annotations

import secrets
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from typing import Any, Final

from cards.base import Card
from cards.dates import format_datetime
from cards.review_cards import (
    CARD_VERSION,
    FINISH,
    MAX_TEXT,
    OPEN,
    OPEN_ROUND,
    PREV,
    REFRESH,
    SAVE_NEXT,
    SKIP,
    AnswerView,
    OutcomeRow,
    OverviewView,
    ProgressView,
    ReviewCardView,
    RoundView,
    SummaryView,
    closed_card,
    overview_card,
    review_card,
    review_form_card,
    round_card,
    summary_card,
)
from cards.texts import Language, language_for, text
from dialogs.decisions import DecisionDraft, record_decision
from dialogs.digest_sections import open_reviews
from dialogs.kernel.access import sender_people
from dialogs.kernel.context import DialogContext
from dialogs.kernel.delivery import send_to_conversation, send_to_person, update_card
from dialogs.kernel.registry import FiredTimer, Workflow
from dialogs.kernel.turns import CardResult, Message, TurnInput
from dialogs.kernel.workdays import add_working_days, local_time, working_morning
from dialogs.review_rules import (
    CONTESTED,
    VERDICTS,
    Progress,
    RequirementOutcome,
    build_outcome,
    contested_first,
    progress,
)
from dialogs.review_selection import parse_deadline, parse_selection
from storage.answer_writer import ProgressTimer, answer_writer
from storage.models import Group, Person, Requirement, ReviewAnswer, ReviewRound, utcnow
from storage.requirements import Change
from storage.reviews import AnswerData
from storage.uow import UnitOfWork
from vocabulary import TimerKind

# At most one progress update of a round card per this many seconds.
PROGRESS_SLOT: Final = 10
MAX_REQUIREMENTS: Final = 3000
MAX_INSTRUCTIONS: Final = 2000
REMINDER_AT: Final = time(9, 0)


@dataclass(frozen=True, slots=True)
class ReviewProblem:
    """Why a round cannot be opened or closed: a text key under `review.error.` and values."""

    code: str
    values: dict[str, Any] = field(default_factory=dict)

    def message(self, language: Language) -> str:
        """The problem in words."""
        return text(language, f"review.error.{self.code}", **self.values)


class ReviewError(Exception):
    """One or more problems; nothing was changed."""

    def __init__(self, problems: Sequence[ReviewProblem]) -> None:
        super().__init__(", ".join(problem.code for problem in problems))
        self.problems = list(problems)


@dataclass(frozen=True, slots=True)
class OpenRequest:
    """What the lead asked for."""

    group_code: str
    selection: str
    deadline: datetime
    instructions: str = ""
    by_name: str = ""
    by_person_id: int | None = None


def label(group: Group) -> str:
    """`HJT – Hjemmetjeneste`."""
    return f"{group.code} – {group.name}"


def _language(person: Person, default: Language) -> Language:
    return language_for(person.language, default) if person.language else default


# ---------------------------------------------------------------- opening


async def _select(
    uow: UnitOfWork, group: Group, raw: str
) -> tuple[list[Requirement], list[ReviewProblem]]:
    selection = parse_selection(raw)
    if selection.invalid:
        return [], [ReviewProblem("requirements", {"selection": raw.strip()})]
    if selection.category is not None or selection.status is not None:
        found = [
            requirement
            for requirement, code in await uow.requirements.all_with_groups()
            if code == group.code
            and (
                selection.category is None
                or requirement.category.casefold() == selection.category.casefold()
            )
            and (selection.status is None or requirement.status == selection.status)
        ]
        if not found:
            return [], [ReviewProblem("requirements", {"selection": raw.strip()})]
        return found, []
    by_key = await uow.requirements.by_keys(selection.keys)
    unknown = [k for k in selection.keys if k not in by_key and k not in selection.from_ranges]
    if unknown:
        return [], [ReviewProblem("unknown_keys", {"keys": ", ".join(unknown[:20])})]
    found = [by_key[key] for key in selection.keys if key in by_key]
    if not found:
        return [], [ReviewProblem("requirements", {"selection": raw.strip()})]
    return found, []


def reminder_times(deadline: datetime, now: datetime, zone: Any) -> list[datetime]:
    """Two working days before the deadline at 09:00 and the deadline's working morning at
    09:00 (Oslo), leaving out any that is not strictly between now and the deadline."""
    day = deadline.astimezone(zone).date()
    candidates = [
        local_time(add_working_days(day, -2), REMINDER_AT, zone),
        working_morning(day, REMINDER_AT, zone),
    ]
    chosen: list[datetime] = []
    for moment in candidates:
        if now < moment < deadline and moment not in chosen:
            chosen.append(moment)
    return chosen


async def open_round(
    uow: UnitOfWork, ctx: DialogContext, request: OpenRequest, *, now: datetime | None = None
) -> ReviewRound:
    """Open a round in the caller's unit of work (which commits); raises `ReviewError`."""
    now = now or utcnow()
    problems: list[ReviewProblem] = []
    group = await uow.groups.by_code(request.group_code) if request.group_code.strip() else None
    if group is None:
        raise ReviewError([ReviewProblem("group", {"group": request.group_code.strip()})])
    if group.conversation_id is None:
        problems.append(ReviewProblem("no_home", {"group": group.code}))
    members = await uow.groups.members(group)
    if not members:
        problems.append(ReviewProblem("no_members", {"group": group.code}))
    requirements, selection_problems = await _select(uow, group, request.selection)
    problems += selection_problems
    if len(requirements) > MAX_REQUIREMENTS:
        problems.append(ReviewProblem("too_many", {"limit": MAX_REQUIREMENTS}))
    busy = await uow.reviews.open_round_requirements([r.id for r in requirements])
    if busy:
        keys = [r.key for r in requirements if r.id in busy]
        problems.append(ReviewProblem("busy", {"keys": ", ".join(keys[:20])}))
    if request.deadline <= now:
        problems.append(ReviewProblem("deadline_past"))
    if len(request.instructions) > MAX_INSTRUCTIONS:
        problems.append(ReviewProblem("instructions", {"limit": MAX_INSTRUCTIONS}))
    if problems:
        raise ReviewError(problems)
    review = await uow.reviews.add(
        ReviewRound(
            group_id=group.id,
            requirement_ids=[r.id for r in requirements],
            deadline=request.deadline.astimezone(UTC),
            instructions=request.instructions,
            status="open",
            opened_by=request.by_name,
            opened_by_person_id=request.by_person_id,
            nonce=secrets.token_hex(8),
            card_key="",
            opened_at=now,
        )
    )
    review.card_key = f"review:{review.id}:round"
    change = Change(by=request.by_name, reason=text("nb", "review.change.in_review", id=review.id))
    for requirement in requirements:
        await uow.requirements.update(requirement, {"status": "in_review"}, change)
    assert group.conversation_id is not None
    municipalities = {person.id: person.municipality_number for person, _ in members}
    view = _round_view(group, review, progress(municipalities, {}, len(requirements), 0))
    await send_to_conversation(
        uow,
        key=review.card_key,
        conversation_id=group.conversation_id,
        card=round_card(ctx.default_language, view, ctx.timezone),
    )
    first = requirements[0]
    for person, _membership in members:
        language = _language(person, ctx.default_language)
        first_view = _card_view(group, review, first, 0, None, member=person)
        card = review_card(language, first_view, ctx.timezone)
        await send_to_person(
            uow, key=f"review:{review.id}:card:{person.id}", person_id=person.id, card=card
        )
    for number, moment in enumerate(reminder_times(review.deadline, now, ctx.timezone), 1):
        await uow.timers.schedule(
            f"review:{review.id}:reminder:{number}",
            TimerKind.REVIEW_REMINDER,
            moment,
            {"round": review.id, "number": number},
        )
    await uow.timers.schedule(
        f"review:{review.id}:close", TimerKind.REVIEW_CLOSE, review.deadline, {"round": review.id}
    )
    return review


# ---------------------------------------------------------------- views


def _round_view(group: Group, review: ReviewRound, state: Progress) -> RoundView:
    return RoundView(
        round_id=review.id,
        group=label(group),
        requirements=len(review.requirement_ids),
        deadline=review.deadline,
        instructions=review.instructions,
        status=review.status,
        progress=_progress_view(state),
        closed_at=review.closed_at,
    )


def _progress_view(state: Progress) -> ProgressView:
    return ProgressView(
        finished=state.finished,
        members=state.members,
        covered=state.covered,
        municipalities=state.municipalities,
        disagreed=state.disagreed,
    )


def _answer_view(answer: ReviewAnswer | None) -> AnswerView | None:
    if answer is None:
        return None
    return AnswerView(answer.verdict, answer.comment, answer.proposal, answer.priority)


def _card_view(
    group: Group,
    review: ReviewRound,
    requirement: Requirement,
    index: int,
    current: ReviewAnswer | None,
    *,
    notice: str | None = None,
    problem: str | None = None,
    typed: AnswerView | None = None,
    member: Person | None = None,
) -> ReviewCardView:
    return ReviewCardView(
        round_id=review.id,
        nonce=review.nonce,
        group=label(group),
        requirement_id=requirement.id,
        key=requirement.key,
        text=requirement.text,
        type=requirement.type,
        category=requirement.category,
        source=requirement.source,
        position=index + 1,
        total=len(review.requirement_ids),
        deadline=review.deadline,
        instructions=review.instructions,
        current=_answer_view(current),
        notice=notice,
        problem=problem,
        typed=typed,
        member=member.teams_user_id if member is not None else None,
    )


async def round_progress(uow: UnitOfWork, review: ReviewRound, group: Group) -> Progress:
    """The round's progress now, over the group's current members."""
    members = {
        person.id: person.municipality_number for person, _ in await uow.groups.members(group)
    }
    answered = await uow.reviews.answer_counts(review.id)
    disagreed = await uow.reviews.disagreed_requirements(review.id)
    return progress(members, answered, len(review.requirement_ids), disagreed)


# ---------------------------------------------------------------- answering


@dataclass(frozen=True, slots=True)
class _Answering:
    review: ReviewRound
    group: Group
    person: Person
    index: int
    # The requirement ids the member had answered when the card action was checked.
    answered: set[int]


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit() and len(value) < 12:
        return int(value)
    return None


# Rounds with their groups by id, per database, in this process, for `save_next` only: what an
# answer needs of them (nonce, requirement ids, deadline, group) does not change while the round
# is open, and whether it still is open is checked again in the writing statement itself.
_rounds: weakref.WeakKeyDictionary[Any, dict[int, tuple[ReviewRound, Group]]] = (
    weakref.WeakKeyDictionary()
)


async def _round_with_group(
    uow: UnitOfWork, ctx: DialogContext | None, round_id: int
) -> tuple[ReviewRound, Group] | None:
    if ctx is None:
        return await uow.reviews.with_group(round_id)
    known = _rounds.setdefault(ctx.db, {})
    found = known.get(round_id)
    if found is None:
        found = await uow.reviews.with_group(round_id)
        if found is not None and found[0].status == "open":
            known[round_id] = found
    return found


async def _check(
    uow: UnitOfWork, turn: TurnInput, cached: DialogContext | None = None
) -> _Answering | CardResult:
    """The round, group, member, position and member's answered requirements a card action is
    for, or the refusal.

    Two queries (round with group, sender as member with answers); one when `cached` (the
    answer path) finds the round in this process's cache, which only a writing statement that
    checks the round is open again may rely on.
    """
    language = turn.language
    stale = CardResult(message=text(language, "review.refused.stale"), status=400)
    round_id = _int(turn.data.get("round"))
    requirement_id = _int(turn.data.get("requirement"))
    nonce = turn.data.get("nonce")
    if round_id is None or requirement_id is None or not isinstance(nonce, str):
        return stale
    if _int(turn.data.get("v")) != CARD_VERSION:
        return stale
    found = await _round_with_group(uow, cached, round_id)
    if found is None:
        return stale
    review, group = found
    if not secrets.compare_digest(review.nonce, nonce):
        return stale
    if requirement_id not in review.requirement_ids:
        return stale
    member = None
    if turn.sender is not None:
        member = await uow.reviews.member(
            review.id, group.id, turn.sender.teams_user_id, turn.sender.aad_object_id
        )
    if member is None:
        return CardResult(
            message=text(language, "review.refused.not_member", group=group.code), status=403
        )
    if review.status != "open" or utcnow() >= review.deadline:
        return CardResult(card=closed_card(language, label(group)))
    person, answered = member
    index = review.requirement_ids.index(requirement_id)
    return _Answering(review, group, person, index, answered)


def _text_input(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    return value if isinstance(value, str) else ""


async def _show(
    uow: UnitOfWork,
    ctx: DialogContext,
    language: Language,
    state: _Answering,
    index: int,
    answers: dict[int, ReviewAnswer] | None = None,
    **extra: Any,
) -> CardResult:
    requirement_id = state.review.requirement_ids[index]
    requirement = await uow.reviews.requirement(requirement_id)
    assert requirement is not None
    if answers is None:
        answers = await uow.reviews.answers_of(state.review.id, state.person.id)
    view = _card_view(
        state.group,
        state.review,
        requirement,
        index,
        answers.get(requirement_id),
        member=state.person,
        **extra,
    )
    return CardResult(card=review_card(language, view, ctx.timezone))


async def _overview(
    uow: UnitOfWork | None,
    ctx: DialogContext,
    language: Language,
    state: _Answering,
    answered: set[int],
) -> CardResult:
    # `uow` may be None when nothing is missing: then no key needs to be looked up.
    ids = state.review.requirement_ids
    missing_ids = [rid for rid in ids if rid not in answered]
    keys: dict[int, str] = {}
    if missing_ids and uow is not None:
        keys = await uow.reviews.requirement_keys(missing_ids[:200])
    view = OverviewView(
        round_id=state.review.id,
        nonce=state.review.nonce,
        group=label(state.group),
        total=len(ids),
        answered=len(ids) - len(missing_ids),
        missing=[(rid, keys.get(rid, "?")) for rid in missing_ids[:200]],
        deadline=state.review.deadline,
        member=state.person.teams_user_id,
        requirement_id=ids[state.index],
    )
    return CardResult(card=overview_card(language, view, ctx.timezone))


def _next_unanswered(ids: Sequence[int], after: int, answered: set[int]) -> int | None:
    for step in range(1, len(ids) + 1):
        index = (after + step) % len(ids)
        if ids[index] not in answered:
            return index
    return None


async def save_next(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`review-save-next`: save this answer, then show the next unanswered requirement.

    Three steps, so that the writer lock (SQLite) or row locks (PostgreSQL) are held only for
    the write itself: a read-only unit checks the card and loads what the next card shows (two
    queries: the member with their answers, the requirements shown); the answer writer
    (`storage.answer_writer`, group commit) stores it in a short transaction shared with the
    answers arriving meanwhile, only if the round is still open, adding the progress timer
    once per round and 10-second slot; the card is built after commit from what was read.
    """
    language = turn.language
    verdict = _text_input(turn.data, "verdict")
    comment = _text_input(turn.data, "comment")
    proposal = _text_input(turn.data, "proposal")
    priority = _text_input(turn.data, "priority") or None
    typed = AnswerView(verdict, comment, proposal, priority)
    problem: str | None = None
    if verdict not in VERDICTS:
        problem = text(language, "review.refused.verdict")
    elif (
        len(comment) > MAX_TEXT
        or len(proposal) > MAX_TEXT
        or priority not in (None, "must", "should")
    ):
        problem = text(language, "review.refused.too_long", limit=MAX_TEXT)
    async with ctx.db.read() as uow:
        state = await _check(uow, turn, ctx)
        if isinstance(state, CardResult):
            return state
        if problem is not None:
            return await _show(uow, ctx, language, state, state.index, problem=problem, typed=typed)
        review = state.review
        requirement_id = review.requirement_ids[state.index]
        answered = state.answered | {requirement_id}
        following = _next_unanswered(review.requirement_ids, state.index, answered)
        shown = [requirement_id]
        if following is not None:
            shown.append(review.requirement_ids[following])
        requirements = await uow.reviews.requirements(shown)
    slot = int(utcnow().timestamp()) // PROGRESS_SLOT
    timer = None
    if _slots.get(ctx.db, {}).get(review.id) != slot:
        timer = _progress_timer_for(review, slot)
    saved_now = await answer_writer(ctx.db).save(
        review.id,
        state.person.id,
        requirement_id,
        AnswerData(verdict, comment, proposal, priority),
        utcnow(),
        timer,
    )
    if not saved_now:
        _rounds.get(ctx.db, {}).pop(review.id, None)
        return CardResult(card=closed_card(language, label(state.group)))
    if timer is not None:
        _slots.setdefault(ctx.db, {})[review.id] = slot
    saved = requirements.get(requirement_id)
    notice = text(language, "review.saved", requirement=saved.key if saved is not None else "")
    if following is None:
        return await _overview(None, ctx, language, state, answered)
    requirement = requirements[review.requirement_ids[following]]
    view = _card_view(
        state.group, review, requirement, following, None, notice=notice, member=state.person
    )
    return CardResult(card=review_card(language, view, ctx.timezone))


# The progress slot each round's timer was last added for, per database, in this process: an
# answer adds the timer only when the slot changed (the timer key makes a second add by another
# process harmless), which saves a statement on almost every answer.
_slots: weakref.WeakKeyDictionary[Any, dict[int, int]] = weakref.WeakKeyDictionary()


def _progress_timer_for(review: ReviewRound, slot: int) -> ProgressTimer:
    # One timer per round and 10-second slot: however many answers arrive in the slot, the
    # round card is updated once, at the end of it.
    return ProgressTimer(
        key=f"review:{review.id}:progress:{slot}",
        job=TimerKind.REVIEW_PROGRESS,
        due_at=datetime.fromtimestamp((slot + 1) * PROGRESS_SLOT, UTC),
        args={"round": review.id, "slot": slot},
    )


async def step(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`review-prev`, `review-skip`, `review-open`: show another requirement; nothing saved."""
    async with ctx.db.read() as uow:
        state = await _check(uow, turn)
        if isinstance(state, CardResult):
            return state
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
        state = await _check(uow, turn)
        if isinstance(state, CardResult):
            return state
        return await _overview(uow, ctx, turn.language, state, state.answered)


async def refresh(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`review-refresh`: Teams asks for the card's current state as the member views it.

    A card left open after the round closed shows the closed state; otherwise the same
    requirement (with the member's current answer) or the overview, as it was.
    """
    async with ctx.db.read() as uow:
        state = await _check(uow, turn)
        if isinstance(state, CardResult):
            return state
        if turn.data.get("view") == "overview":
            return await _overview(uow, ctx, turn.language, state, state.answered)
        return await _show(uow, ctx, turn.language, state, state.index)


# ---------------------------------------------------------------- timers


async def _progress_timer(uow: UnitOfWork, ctx: DialogContext, timer: FiredTimer) -> None:
    review = await uow.reviews.get(int(timer.args["round"]))
    if review is None or review.status != "open":
        return
    group = await uow.reviews.group(review.group_id)
    if group is None or group.conversation_id is None:
        return
    state = await round_progress(uow, review, group)
    card = round_card(ctx.default_language, _round_view(group, review, state), ctx.timezone)
    await update_card(
        uow,
        key=f"review:{review.id}:round:p{timer.args['slot']}",
        replaces=review.card_key,
        conversation_id=group.conversation_id,
        card=card,
    )


async def _reminder_timer(uow: UnitOfWork, ctx: DialogContext, timer: FiredTimer) -> None:
    review = await uow.reviews.get(int(timer.args["round"]))
    if review is None or review.status != "open":
        return
    group = await uow.reviews.group(review.group_id)
    assert group is not None
    answered = await uow.reviews.answer_counts(review.id)
    total = len(review.requirement_ids)
    number = int(timer.args["number"])
    for person, _membership in await uow.groups.members(group):
        done = answered.get(person.id, 0)
        if done >= total:
            continue
        language = _language(person, ctx.default_language)
        mine = await uow.reviews.answers_of(review.id, person.id)
        index = _next_unanswered(review.requirement_ids, -1, set(mine)) or 0
        requirement = await uow.reviews.requirement(review.requirement_ids[index])
        assert requirement is not None
        card = review_card(
            language,
            _card_view(group, review, requirement, index, None, member=person),
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


async def _close_timer(uow: UnitOfWork, ctx: DialogContext, timer: FiredTimer) -> None:
    review = await uow.reviews.get(int(timer.args["round"]))
    if review is not None and review.status == "open":
        await close_round(uow, ctx, review, by="Kravbot", now=timer.now)


# ---------------------------------------------------------------- closing


@dataclass(frozen=True, slots=True)
class ClosedRound:
    """What closing a round produced."""

    review: ReviewRound
    outcomes: list[RequirementOutcome]
    agreed: int
    contested: int
    decision_sequence: int


async def outcome_of(
    uow: UnitOfWork, review: ReviewRound, group: Group
) -> tuple[list[RequirementOutcome], dict[int, Person]]:
    """The outcome of every requirement of the round, and the people who took part."""
    answers = await uow.reviews.answers(review.id)
    members = [person for person, _ in await uow.groups.members(group)]
    people = {person.id: person for person in members}
    missing = {a.person_id for a in answers} - people.keys()
    people.update(await uow.reviews.people(sorted(missing)))
    municipality_of = {pid: person.municipality_number for pid, person in people.items()}
    outcomes = build_outcome(
        review.requirement_ids,
        ((a.requirement_id, a.person_id, a.verdict) for a in answers),
        municipality_of,
    )
    return outcomes, people


async def close_round(
    uow: UnitOfWork, ctx: DialogContext, review: ReviewRound, *, by: str, now: datetime
) -> ClosedRound | None:
    """Close the round in the caller's unit of work; None when it was already closed.

    Moves every requirement still in review to agreed or contested (versioned), records the
    outcome in the decision log, posts the summary to the group and the lead, and marks the
    round card closed, all in the same transaction.
    """
    if not await uow.reviews.close(review, by=by, now=now):
        return None
    _rounds.get(ctx.db, {}).pop(review.id, None)
    await uow.timers.cancel_prefix(f"review:{review.id}:")
    group = await uow.reviews.group(review.group_id)
    assert group is not None
    outcomes, people = await outcome_of(uow, review, group)
    requirements = await uow.reviews.requirements(review.requirement_ids)
    change = Change(by=by, reason=text("nb", "review.change.outcome", id=review.id))
    for outcome in outcomes:
        requirement = requirements.get(outcome.requirement_id)
        if requirement is not None and requirement.status == "in_review":
            await uow.requirements.update(requirement, {"status": outcome.status}, change)
    contested = [o for o in outcomes if o.status == CONTESTED]
    agreed = len(outcomes) - len(contested)
    key_of = {rid: r.key for rid, r in requirements.items()}
    state = await round_progress(uow, review, group)
    decision = await record_decision(
        uow,
        DecisionDraft(
            kind="review",
            title=text(
                ctx.default_language, "review.decision.title", id=review.id, group=label(group)
            ),
            text=text(
                ctx.default_language,
                "review.decision.text",
                group=label(group),
                count=len(outcomes),
                agreed=agreed,
                contested=len(contested),
            ),
            group_code=group.code,
            recorded_by=by,
            outcome="noted",
            decided_at=now,
            basis={
                "round": review.id,
                "tallies": {"agreed": agreed, "contested": len(contested)},
                "contested": [key_of.get(o.requirement_id, "") for o in contested],
                "rule": text(ctx.default_language, "review.summary.rule"),
                "members_finished": state.finished,
                "municipalities_covered": state.covered,
            },
        ),
    )
    review.decision_sequence = decision.sequence
    municipalities = {m.number: m.name for m in await uow.municipalities.all()}
    rows = [
        OutcomeRow(
            key=key_of.get(o.requirement_id, "?"),
            status=o.status,
            counts=o.counts,
            positions=[(municipalities.get(n, n), p) for n, p in o.positions.items()],
        )
        for o in contested_first(outcomes)
    ]

    def summary(language: Language) -> Card:
        return summary_card(
            language,
            SummaryView(
                round_id=review.id,
                group=label(group),
                rows=rows,
                progress=_progress_view(state),
                agreed=agreed,
                contested=len(contested),
            ),
        )

    if group.conversation_id is not None:
        await send_to_conversation(
            uow,
            key=f"review:{review.id}:summary",
            conversation_id=group.conversation_id,
            card=summary(ctx.default_language),
        )
        await update_card(
            uow,
            key=f"review:{review.id}:round:closed",
            replaces=review.card_key,
            conversation_id=group.conversation_id,
            card=round_card(ctx.default_language, _round_view(group, review, state), ctx.timezone),
        )
    lead = people.get(review.opened_by_person_id or -1)
    if lead is None and review.opened_by_person_id is not None:
        lead = await uow.reviews.person(review.opened_by_person_id)
    if lead is not None:
        await send_to_person(
            uow,
            key=f"review:{review.id}:summary:lead",
            person_id=lead.id,
            card=summary(_language(lead, ctx.default_language)),
        )
    return ClosedRound(review, outcomes, agreed, len(contested), decision.sequence)


async def close_by_id(ctx: DialogContext, round_id: int, *, by: str) -> ClosedRound:
    """Close a round now (the lead's command or the CLI); raises `ReviewError`."""
    async with ctx.db.uow() as uow:
        review = await uow.reviews.get(round_id)
        if review is None:
            raise ReviewError([ReviewProblem("not_found", {"id": round_id})])
        closed = await close_round(uow, ctx, review, by=by, now=utcnow())
        if closed is None:
            raise ReviewError([ReviewProblem("already_closed", {"id": round_id})])
        await uow.commit()
        return closed


# ---------------------------------------------------------------- Teams commands


async def _lead(uow: UnitOfWork, turn: TurnInput) -> Person | None:
    for person in await sender_people(uow, turn):
        if person.is_project_lead or person.is_admin:
            return person
    return None


async def _group_choices(uow: UnitOfWork) -> list[tuple[str, str]]:
    return [(group.code, label(group)) for group in await uow.groups.all()]


async def new_review(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """`ny gjennomgang`: the form for opening a round (project lead and administrators)."""
    async with ctx.db.uow() as uow:
        if await _lead(uow, turn) is None:
            return [Message(text=text(turn.language, "review.error.not_allowed"))]
        choices = await _group_choices(uow)
    return [Message(card=review_form_card(turn.language, choices))]


async def open_from_form(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`review-open-round`: open the round from the form, or show the form with its problems."""
    language = turn.language
    names = ("group", "requirements", "deadline_date", "deadline_time", "instructions")
    values = {name: _text_input(turn.data, name) for name in names}
    async with ctx.db.uow() as uow:
        lead = await _lead(uow, turn)
        if lead is None:
            return CardResult(message=text(language, "review.error.not_allowed"), status=403)
        choices = await _group_choices(uow)
        deadline = parse_deadline(values["deadline_date"], ctx.timezone, values["deadline_time"])
        if deadline is None:
            problems = [ReviewProblem("deadline")]
        else:
            request = OpenRequest(
                group_code=values["group"],
                selection=values["requirements"],
                deadline=deadline,
                instructions=values["instructions"],
                by_name=lead.name,
                by_person_id=lead.id,
            )
            try:
                review = await open_round(uow, ctx, request)
            except ReviewError as exc:
                problems = exc.problems
            else:
                group = await uow.reviews.group(review.group_id)
                assert group is not None
                state = await round_progress(uow, review, group)
                await uow.commit()
                card = round_card(language, _round_view(group, review, state), ctx.timezone)
                return CardResult(card=card)
    messages = [problem.message(language) for problem in problems]
    return CardResult(card=review_form_card(language, choices, values=values, problems=messages))


async def close_review(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """`avslutt gjennomgang 3`: close a round now (project lead and administrators)."""
    language = turn.language
    round_id = _int(argument.strip().lstrip("#").removeprefix("nr.").strip())
    async with ctx.db.uow() as uow:
        lead = await _lead(uow, turn)
        if lead is None:
            return [Message(text=text(language, "review.error.not_allowed"))]
        if round_id is None:
            open_rounds = await uow.reviews.open_rounds()
            if len(open_rounds) != 1:
                return [Message(text=text(language, "review.close.usage"))]
            round_id = open_rounds[0].id
    try:
        closed = await close_by_id(ctx, round_id, by=lead.name)
    except ReviewError as exc:
        return [Message(text=exc.problems[0].message(language))]
    return [
        Message(
            text=text(
                language,
                "review.closed_now",
                id=closed.review.id,
                agreed=closed.agreed,
                contested=closed.contested,
            )
        )
    ]


WORKFLOW: Final = Workflow(
    "reviews",
    commands={"new_review": new_review, "close_review": close_review},
    card_verbs={
        SAVE_NEXT: save_next,
        PREV: step,
        SKIP: step,
        OPEN: step,
        FINISH: finish,
        REFRESH: refresh,
        OPEN_ROUND: open_from_form,
    },
    timers={
        TimerKind.REVIEW_PROGRESS: _progress_timer,
        TimerKind.REVIEW_REMINDER: _reminder_timer,
        TimerKind.REVIEW_CLOSE: _close_timer,
    },
    digest_sections=(open_reviews,),
)

__all__ = [
    "WORKFLOW",
    "ClosedRound",
    "OpenRequest",
    "ReviewError",
    "ReviewProblem",
    "close_by_id",
    "close_round",
    "open_round",
    "outcome_of",
    "reminder_times",
]
