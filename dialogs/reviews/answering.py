"""A member's answers: which round, requirement and member a card action is for, and saving.

The answer path is kept short so that the writer lock (SQLite) or row locks (PostgreSQL) are
held only for the write itself: a read-only unit checks the card action (`locate`), the answer
writer (`storage.answer_writer`, group commit) stores the answer in a short transaction shared
with the answers arriving meanwhile, only if the round is still open (`save`).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Final

from cards.review_cards import MAX_TEXT
from dialogs.kernel.context import DialogContext
from dialogs.kernel.errors import Problem
from storage.answer_writer import AnswerWriter, ProgressTimer
from storage.models import Group, Person, ReviewRound, utcnow
from storage.reviews import AnswerData
from storage.uow import UnitOfWork
from vocabulary import RequirementType, RoundStatus, TimerKind, Verdict

# At most one progress update of a round card per this many seconds.
PROGRESS_SLOT: Final = 10


@dataclass(frozen=True, slots=True)
class CardAction:
    """What a review card's button names: the round, the requirement shown, the card's nonce."""

    round_id: int
    requirement_id: int
    nonce: str
    teams_user_id: str | None
    aad_object_id: str | None = None


@dataclass(frozen=True, slots=True)
class Answering:
    """The round, group, member and position a card action is for."""

    review: ReviewRound
    group: Group
    person: Person
    index: int
    # The requirement ids the member had answered when the card action was checked.
    answered: set[int]

    @property
    def requirement_id(self) -> int:
        """The requirement the card showed."""
        return self.review.requirement_ids[self.index]


class Refusal(StrEnum):
    """Why a card action is not carried out."""

    STALE = "stale"  # not a card of ours, or of an older round or card version
    NOT_MEMBER = "not_member"  # the sender is not a member of the round's group
    CLOSED = "closed"  # the round is closed or past its deadline


@dataclass(frozen=True, slots=True)
class Refused:
    """A refused card action; `group` is known unless it is stale."""

    reason: Refusal
    group: Group | None = None


STALE: Final = Refused(Refusal.STALE)


def card_refusal(*, member: bool, round_open: bool) -> Refusal | None:
    """The audience of a round's cards: a member of the round's group sees the requirements
    with their own answers only, while the round is open; no one sees another member's answers
    on a card (the group's channel gets counts, the project lead the export). None: allowed.
    """
    if not member:
        return Refusal.NOT_MEMBER
    if not round_open:
        return Refusal.CLOSED
    return None


def writer(ctx: DialogContext) -> AnswerWriter:
    """The process's answer writer, or a writer of its own for a context built without one."""
    return ctx.answers if ctx.answers is not None else AnswerWriter(ctx.db)


async def _round_with_group(
    uow: UnitOfWork, answers: AnswerWriter | None, round_id: int
) -> tuple[ReviewRound, Group] | None:
    if answers is None:
        return await uow.reviews.with_group(round_id)
    found = answers.known_round(round_id)
    if found is None:
        found = await uow.reviews.with_group(round_id)
        if found is not None:
            answers.remember_round(*found)
    return found


async def locate(
    uow: UnitOfWork, action: CardAction | None, answers: AnswerWriter | None = None
) -> Answering | Refused:
    """The round, group, member, position and member's answered requirements of a card action.

    Two queries (round with group, sender as member with answers); one when `answers` (the
    answer path) remembers the round, which only a writing statement that checks the round is
    open again may rely on.
    """
    if action is None:
        return STALE
    found = await _round_with_group(uow, answers, action.round_id)
    if found is None:
        return STALE
    review, group = found
    if not secrets.compare_digest(review.nonce, action.nonce):
        return STALE
    if action.requirement_id not in review.requirement_ids:
        return STALE
    member = None
    if action.teams_user_id is not None:
        member = await uow.reviews.member(
            review.id, group.id, action.teams_user_id, action.aad_object_id
        )
    refusal = card_refusal(
        member=member is not None,
        round_open=review.status == RoundStatus.OPEN and utcnow() < review.deadline,
    )
    if refusal is not None or member is None:
        return Refused(refusal or Refusal.NOT_MEMBER, group)
    person, answered = member
    index = review.requirement_ids.index(action.requirement_id)
    return Answering(review, group, person, index, answered)


def answer_problem(answer: AnswerData) -> Problem | None:
    """What is wrong with an answer as typed (unknown verdict, text too long), or None."""
    if answer.verdict not in tuple(Verdict):
        return Problem("review.refused.verdict")
    if (
        len(answer.comment) > MAX_TEXT
        or len(answer.proposal) > MAX_TEXT
        or answer.priority not in (None, *RequirementType)
    ):
        return Problem("review.refused.too_long", {"limit": MAX_TEXT})
    return None


def next_unanswered(ids: Sequence[int], after: int, answered: set[int]) -> int | None:
    """The index of the first requirement after `after` (wrapping) not answered, or None."""
    for step in range(1, len(ids) + 1):
        index = (after + step) % len(ids)
        if ids[index] not in answered:
            return index
    return None


def progress_timer(review: ReviewRound, now: datetime) -> ProgressTimer:
    """The progress timer of the round's current 10-second slot.

    However many answers arrive in the slot, the round card is updated once, at its end.
    """
    slot = int(now.timestamp()) // PROGRESS_SLOT
    return ProgressTimer(
        key=f"review:{review.id}:progress:{slot}",
        job=TimerKind.REVIEW_PROGRESS,
        due_at=datetime.fromtimestamp((slot + 1) * PROGRESS_SLOT, UTC),
        args={"round": review.id, "slot": slot},
    )


async def save(answers: AnswerWriter, state: Answering, answer: AnswerData) -> bool:
    """Store the member's answer to the requirement the card showed (and the progress timer);
    False when the round no longer takes answers."""
    now = utcnow()
    return await answers.save(
        state.review.id,
        state.person.id,
        state.requirement_id,
        answer,
        now,
        progress_timer(state.review, now),
    )
