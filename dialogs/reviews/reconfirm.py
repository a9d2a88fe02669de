"""Answers on an older text: when a requirement changes during an open round, every member who
answered it gets a card (1:1, through the outbox) with the old and the new text and the words
that changed, to confirm the answer for the new text or change it."""

from __future__ import annotations

from cards.review_cards import ReconfirmView, reconfirm_card
from dialogs.kernel.context import DialogContext
from dialogs.kernel.delivery import send_to_person
from dialogs.kernel.language import person_language
from dialogs.kernel.registry import FiredTimer
from dialogs.reviews.views import answer_view, label
from dialogs.reviews.wording import marked_difference
from storage.models import Group, Person, Requirement, ReviewAnswer, ReviewRound
from storage.reviews import AnswerData
from storage.uow import UnitOfWork
from vocabulary import RoundStatus


async def old_text(uow: UnitOfWork, requirement: Requirement, version: int | None) -> str:
    """The requirement's text as it was at `version` (empty when that version is unknown)."""
    for stored in await uow.requirements.versions(requirement):
        if stored.version == version:
            return str(stored.snapshot.get("text", ""))
    return ""


def reconfirm_view(
    review: ReviewRound,
    group: Group,
    requirement: Requirement,
    answer: ReviewAnswer,
    before: str,
    member: Person,
    *,
    confirmed: bool = False,
) -> ReconfirmView:
    """What the re-confirm card of `member` shows for their answer on an older text."""
    shown = answer_view(answer)
    if shown is None:  # answer_view returns None only for a missing answer
        raise ValueError("a re-confirm card needs an answer")
    return ReconfirmView(
        round_id=review.id,
        nonce=review.nonce,
        group=label(group),
        requirement_id=requirement.id,
        key=requirement.key,
        old_text=before,
        new_text=requirement.text,
        marked=marked_difference(before, requirement.text),
        answer=shown,
        deadline=review.deadline,
        version=requirement.version,
        fingerprint=requirement.fingerprint,
        member=member.teams_user_id,
        confirmed=confirmed,
    )


def confirmed_answer(answer: ReviewAnswer, requirement: Requirement) -> AnswerData:
    """The member's answer as it stands, bound to the requirement's current text."""
    return AnswerData(
        verdict=answer.verdict,
        comment=answer.comment,
        proposal=answer.proposal,
        priority=answer.priority,
        requirement_version=requirement.version,
        fingerprint=requirement.fingerprint,
    )


async def changed_timer(uow: UnitOfWork, ctx: DialogContext, timer: FiredTimer) -> None:
    """A requirement changed: a re-confirm card to every member whose answer in an open round
    was given on an older text (one card per member, requirement and new text)."""
    requirement_id = int(timer.args["requirement"])
    requirement = (await uow.requirements.by_ids([requirement_id])).get(requirement_id)
    if requirement is None:
        return
    suspect = await uow.reviews.suspect_answers(requirement_id)
    people = await uow.people.by_ids(sorted({a.person_id for a in suspect}))
    rounds: dict[int, tuple[ReviewRound, Group] | None] = {}
    for answer in suspect:
        if answer.round_id not in rounds:
            rounds[answer.round_id] = await uow.reviews.with_group(answer.round_id)
        found, person = rounds[answer.round_id], people.get(answer.person_id)
        if found is None or person is None or found[0].status != RoundStatus.OPEN:
            continue
        review, group = found
        before = await old_text(uow, requirement, answer.requirement_version)
        view = reconfirm_view(review, group, requirement, answer, before, person)
        language = person_language(person, ctx.default_language)
        await send_to_person(
            uow,
            key=(
                f"review:{review.id}:reconfirm:{requirement.id}:"
                f"{requirement.fingerprint[:16]}:{person.id}"
            ),
            person_id=person.id,
            card=reconfirm_card(language, view, ctx.timezone),
        )
