"""What the review cards show, built from the stored round (views for `cards.review_cards`)."""

from __future__ import annotations

from collections.abc import Sequence

from cards.quality_cards import QualityView
from cards.reach import Missing
from cards.review_cards import AnswerView, ProgressView, ReviewCardView, RoundView
from dialogs.kernel.reachability import delivery_reach, missing_of
from dialogs.reviews.rules import Progress, progress, round_minimum
from storage.models import Group, Person, Requirement, ReviewAnswer, ReviewRound
from storage.uow import UnitOfWork


def label(group: Group) -> str:
    """`HJT – Hjemmetjeneste`."""
    return f"{group.code} – {group.name}"


def round_view(
    group: Group, review: ReviewRound, state: Progress, missing: Sequence[Missing] = ()
) -> RoundView:
    """The round card of the group's channel (`missing`: members who got no card, and why)."""
    return RoundView(
        round_id=review.id,
        group=label(group),
        requirements=len(review.requirement_ids),
        deadline=review.deadline,
        instructions=review.instructions,
        status=review.status,
        progress=progress_view(state),
        closed_at=review.closed_at,
        missing=tuple(missing),
        minimum=round_minimum(review.min_municipalities, state.municipalities),
    )


def progress_view(state: Progress) -> ProgressView:
    """The progress lines of the round and summary cards."""
    return ProgressView(
        finished=state.finished,
        members=state.members,
        covered=state.covered,
        municipalities=state.municipalities,
        disagreed=state.disagreed,
    )


def answer_view(answer: ReviewAnswer | None) -> AnswerView | None:
    """A stored answer as the review card shows it."""
    if answer is None:
        return None
    return AnswerView(answer.verdict, answer.comment, answer.proposal, answer.priority)


def card_view(
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
    quality: QualityView | None = None,
) -> ReviewCardView:
    """A member's review card at the requirement at `index` of the round."""
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
        current=answer_view(current),
        notice=notice,
        problem=problem,
        typed=typed,
        member=member.teams_user_id if member is not None else None,
        quality=quality,
        version=requirement.version,
        fingerprint=requirement.fingerprint,
    )


async def coverage_places(uow: UnitOfWork, group: Group) -> dict[int, str | None]:
    """Member -> municipality, for coverage: only participating municipalities count, so a
    member of a municipality that does not take part has None."""
    participating = await uow.municipalities.participating_in_group(group)
    return {
        person.id: person.municipality_number
        if person.municipality_number in participating
        else None
        for person, _ in await uow.groups.members(group)
    }


async def round_progress(uow: UnitOfWork, review: ReviewRound, group: Group) -> Progress:
    """The round's progress now, over the group's current members."""
    members = await coverage_places(uow, group)
    answered = await uow.reviews.answer_counts(review.id)
    disagreed = await uow.reviews.disagreed_requirements(review.id)
    return progress(members, answered, len(review.requirement_ids), disagreed)


def member_card_key(review: ReviewRound, person: Person) -> str:
    """The outbox key of a member's first review card."""
    return f"review:{review.id}:card:{person.id}"


async def round_missing(uow: UnitOfWork, review: ReviewRound, group: Group) -> list[Missing]:
    """The members who did not get the round's card (unreachable, or Teams refused it)."""
    members = [person for person, _ in await uow.groups.members(group)]
    keys = {person.id: member_card_key(review, person) for person in members}
    return missing_of(await delivery_reach(uow, members, keys))
