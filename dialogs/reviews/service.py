"""Opening and closing review rounds: what the Teams handlers, the timers and the CLI all call.

Every proactive message (round card, review cards, summaries) and every timer (reminders,
close) is enqueued in the caller's unit of work, in the same transaction as the change that
causes it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Final
from zoneinfo import ZoneInfo

from cards.base import Card
from cards.reach import missing_words
from cards.review_cards import (
    MAX_MINIMUM,
    OutcomeRow,
    SummaryView,
    review_card,
    round_card,
    summary_card,
)
from cards.texts import Language, text
from dialogs import quality
from dialogs.decisions import DecisionDraft, record_decision
from dialogs.kernel.context import DialogContext
from dialogs.kernel.delivery import send_to_conversation, send_to_person, update_card
from dialogs.kernel.errors import Problem, WorkflowError
from dialogs.kernel.language import person_language
from dialogs.kernel.reachability import leads_of, missing_of, reach_of, tell_leads
from dialogs.kernel.workdays import reminder_times as working_reminders
from dialogs.reviews.rules import (
    AGREED,
    CONTESTED,
    INSUFFICIENT,
    SETTLED_STATUS,
    Coverage,
    Progress,
    RequirementOutcome,
    build_outcome,
    contested_first,
    progress,
    round_minimum,
)
from dialogs.reviews.selection import parse_selection
from dialogs.reviews.views import (
    card_view,
    coverage_places,
    label,
    member_card_key,
    progress_view,
    round_progress,
    round_view,
)
from storage.models import Group, Membership, Person, Requirement, ReviewRound, utcnow
from storage.requirements import Change
from storage.uow import UnitOfWork
from vocabulary import DecisionKind, RequirementStatus, RoundStatus, TimerKind

MAX_REQUIREMENTS: Final = 3000
MAX_INSTRUCTIONS: Final = 2000
REMINDER_AT: Final = time(9, 0)


class ReviewError(WorkflowError):
    """A round cannot be opened, closed or exported; nothing was changed."""

    area = "review"


@dataclass(frozen=True, slots=True)
class OpenRequest:
    """What the lead asked for."""

    group_code: str
    selection: str
    deadline: datetime
    instructions: str = ""
    by_name: str = ""
    by_person_id: int | None = None
    # How many participating municipalities must answer each requirement; None = default.
    min_municipalities: int | None = None


@dataclass(frozen=True, slots=True)
class CloseRequest:
    """Close round `round_id` now, in the name of `by` (the lead, or the CLI user)."""

    round_id: int
    by: str


@dataclass(frozen=True, slots=True)
class ClosedRound:
    """What closing a round produced."""

    review: ReviewRound
    outcomes: list[RequirementOutcome]
    agreed: int
    contested: int
    decision_sequence: int
    insufficient: int = 0


def closed_words(language: Language, closed: ClosedRound) -> str:
    """What the lead is told after closing: agreed, contested and, if any, insufficient."""
    words = text(
        language,
        "review.closed_now",
        id=closed.review.id,
        agreed=closed.agreed,
        contested=closed.contested,
    )
    if closed.insufficient:
        words += " " + text(language, "review.closed_insufficient", count=closed.insufficient)
    return words


# ---------------------------------------------------------------- opening


async def _select(
    uow: UnitOfWork, group: Group, raw: str
) -> tuple[list[Requirement], list[Problem]]:
    selection = parse_selection(raw)
    nothing = [ReviewError.problem("requirements", selection=raw.strip())]
    if selection.invalid:
        return [], nothing
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
        return (found, []) if found else ([], nothing)
    by_key = await uow.requirements.by_keys(selection.keys)
    unknown = [k for k in selection.keys if k not in by_key and k not in selection.from_ranges]
    if unknown:
        return [], [ReviewError.problem("unknown_keys", keys=", ".join(unknown[:20]))]
    found = [by_key[key] for key in selection.keys if key in by_key]
    return (found, []) if found else ([], nothing)


def reminder_times(deadline: datetime, now: datetime, zone: ZoneInfo) -> list[datetime]:
    """Two working days before the deadline at 09:00 and the deadline's working morning at
    09:00 (Oslo), leaving out any that is not strictly between now and the deadline."""
    return working_reminders(deadline, now, zone, REMINDER_AT)


@dataclass(frozen=True, slots=True)
class _Checked:
    group: Group
    home: str
    members: list[tuple[Person, Membership]]
    requirements: list[Requirement]


async def _check_request(uow: UnitOfWork, request: OpenRequest, now: datetime) -> _Checked:
    """The group, its home, members and requirements a request names; raises `ReviewError`
    with every problem found."""
    group = await uow.groups.find(request.group_code)
    if group is None:
        raise ReviewError("group", group=request.group_code.strip())
    if group.archived_at is not None:
        raise ReviewError("archived", group=group.code)
    problems: list[Problem] = []
    if group.conversation_id is None:
        problems.append(ReviewError.problem("no_home", group=group.code))
    members = await uow.groups.members(group)
    if not members:
        problems.append(ReviewError.problem("no_members", group=group.code))
    requirements, selection_problems = await _select(uow, group, request.selection)
    problems += selection_problems
    if len(requirements) > MAX_REQUIREMENTS:
        problems.append(ReviewError.problem("too_many", limit=MAX_REQUIREMENTS))
    busy = await uow.reviews.open_round_requirements([r.id for r in requirements])
    if busy:
        keys = [r.key for r in requirements if r.id in busy]
        problems.append(ReviewError.problem("busy", keys=", ".join(keys[:20])))
    if request.deadline <= now:
        problems.append(ReviewError.problem("deadline_past"))
    if len(request.instructions) > MAX_INSTRUCTIONS:
        problems.append(ReviewError.problem("instructions", limit=MAX_INSTRUCTIONS))
    if request.min_municipalities is not None and not (
        1 <= request.min_municipalities <= MAX_MINIMUM
    ):
        problems.append(ReviewError.problem("minimum", limit=MAX_MINIMUM))
    if problems or group.conversation_id is None:
        raise ReviewError.of(problems)
    return _Checked(group, group.conversation_id, members, requirements)


async def _announce(
    uow: UnitOfWork, ctx: DialogContext, review: ReviewRound, checked: _Checked
) -> None:
    """The round card to the group's channel and the first review card to every member."""
    group, members = checked.group, checked.members
    municipalities = await coverage_places(uow, group)
    reaches = await reach_of(uow, [person for person, _ in members])
    missing = missing_of(reaches)
    state = progress(municipalities, {}, len(review.requirement_ids), 0)
    await send_to_conversation(
        uow,
        key=review.card_key,
        conversation_id=checked.home,
        card=round_card(
            ctx.default_language, round_view(group, review, state, missing), ctx.timezone
        ),
    )
    leads = await leads_of(uow, review.opened_by_person_id)
    first = checked.requirements[0]
    found = await quality.summary(uow, quality.book_for(ctx), first)
    for (person, _membership), reach in zip(members, reaches, strict=True):
        if not reach.reachable:
            continue  # the lead is told below; a card for them could only fail
        language = person_language(person, ctx.default_language)
        shown = card_view(group, review, first, 0, None, member=person, quality=found)
        card = review_card(language, shown, ctx.timezone)
        await send_to_person(
            uow,
            key=member_card_key(review, person),
            person_id=person.id,
            card=card,
            report_to=leads[0].id if leads else None,
        )
    if missing:
        await tell_leads(
            uow,
            key=f"review:{review.id}:unreachable",
            leads=leads,
            default=ctx.default_language,
            message=lambda language: text(
                language,
                "catalogue.reach.lead_review",
                id=review.id,
                group=label(group),
                count=len(missing),
                names=missing_words(language, missing),
            ),
        )


async def _schedule(
    uow: UnitOfWork, ctx: DialogContext, review: ReviewRound, now: datetime
) -> None:
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


async def open_round(
    uow: UnitOfWork, ctx: DialogContext, request: OpenRequest, *, now: datetime | None = None
) -> ReviewRound:
    """Open a round in the caller's unit of work (which commits); raises `ReviewError`."""
    now = now or utcnow()
    checked = await _check_request(uow, request, now)
    requirements = checked.requirements
    review = await uow.reviews.add(
        ReviewRound(
            group_id=checked.group.id,
            requirement_ids=[r.id for r in requirements],
            deadline=request.deadline.astimezone(UTC),
            instructions=request.instructions,
            status=RoundStatus.OPEN,
            opened_by=request.by_name,
            opened_by_person_id=request.by_person_id,
            nonce=secrets.token_hex(8),
            card_key="",
            opened_at=now,
            min_municipalities=request.min_municipalities,
        )
    )
    review.card_key = f"review:{review.id}:round"
    change = Change(by=request.by_name, reason=text("nb", "review.change.in_review", id=review.id))
    for requirement in requirements:
        await uow.requirements.update(requirement, {"status": RequirementStatus.IN_REVIEW}, change)
    # Findings stored now, so every review card reads them instead of computing them per click.
    book = quality.book_for(ctx)
    await quality.refresh(uow, book, [quality.text_of(r, checked.group.code) for r in requirements])
    await _announce(uow, ctx, review, checked)
    await _schedule(uow, ctx, review, now)
    return review


# ---------------------------------------------------------------- closing


async def outcome_of(
    uow: UnitOfWork, review: ReviewRound, group: Group
) -> tuple[list[RequirementOutcome], dict[int, Person]]:
    """The outcome of every requirement of the round, and the people who took part."""
    answers = await uow.reviews.answers(review.id)
    members = [person for person, _ in await uow.groups.members(group)]
    people = {person.id: person for person in members}
    missing = {a.person_id for a in answers} - people.keys()
    people.update(await uow.people.by_ids(sorted(missing)))
    represented = await uow.municipalities.participating_in_group(group)
    participating = {m.number for m in await uow.municipalities.participating()}
    municipality_of = {
        pid: person.municipality_number if person.municipality_number in participating else None
        for pid, person in people.items()
    }
    suspect: dict[int, int] = {}
    for answer in answers:
        if not answer.current:
            suspect[answer.requirement_id] = suspect.get(answer.requirement_id, 0) + 1
    outcomes = build_outcome(
        review.requirement_ids,
        ((a.requirement_id, a.person_id, a.verdict) for a in answers if a.current),
        municipality_of,
        Coverage(frozenset(represented), minimum_of(review, len(represented)), suspect),
    )
    return outcomes, people


def minimum_of(review: ReviewRound, represented: int) -> int:
    """The round's coverage minimum: as set when it opened, else the default rule."""
    return round_minimum(review.min_municipalities, represented)


@dataclass(frozen=True, slots=True)
class _Outcome:
    """A closed round's outcome, with what the decision and summaries show of it."""

    review: ReviewRound
    group: Group
    outcomes: list[RequirementOutcome]
    contested: list[RequirementOutcome]
    key_of: dict[int, str]
    state: Progress
    by: str

    @property
    def agreed(self) -> int:
        return sum(1 for o in self.outcomes if o.status == AGREED)

    @property
    def insufficient(self) -> int:
        return sum(1 for o in self.outcomes if o.status == INSUFFICIENT)


async def _settle(
    uow: UnitOfWork, review: ReviewRound, outcomes: list[RequirementOutcome], by: str
) -> dict[int, str]:
    """Move each requirement still in review to agreed or contested (versioned); their keys."""
    requirements = await uow.requirements.by_ids(review.requirement_ids)
    change = Change(by=by, reason=text("nb", "review.change.outcome", id=review.id))
    for outcome in outcomes:
        requirement = requirements.get(outcome.requirement_id)
        if requirement is not None and requirement.status == RequirementStatus.IN_REVIEW:
            status = SETTLED_STATUS[outcome.status]
            await uow.requirements.update(requirement, {"status": status}, change)
    return {rid: r.key for rid, r in requirements.items()}


async def _record(uow: UnitOfWork, ctx: DialogContext, result: _Outcome, now: datetime) -> int:
    """Write the outcome to the decision log; its sequence number."""
    review, group, language = result.review, result.group, ctx.default_language
    contested = len(result.contested)
    decision = await record_decision(
        uow,
        DecisionDraft(
            kind=DecisionKind.REVIEW,
            title=text(language, "review.decision.title", id=review.id, group=label(group)),
            text=text(
                language,
                "review.decision.text",
                group=label(group),
                count=len(result.outcomes),
                agreed=result.agreed,
                contested=contested,
                insufficient=result.insufficient,
            ),
            group_code=group.code,
            recorded_by=result.by,
            outcome="noted",
            decided_at=now,
            basis={
                "round": review.id,
                "tallies": {
                    "agreed": result.agreed,
                    "contested": contested,
                    "insufficient": result.insufficient,
                },
                "contested": [result.key_of.get(o.requirement_id, "") for o in result.contested],
                "insufficient": [
                    result.key_of.get(o.requirement_id, "")
                    for o in result.outcomes
                    if o.status == INSUFFICIENT
                ],
                "minimum_municipalities": minimum_of(review, result.state.municipalities),
                "rule": " ".join(
                    (
                        text(language, "review.summary.rule"),
                        text(
                            language,
                            "review.summary.coverage_rule",
                            minimum=minimum_of(review, result.state.municipalities),
                        ),
                    )
                ),
                "members_finished": result.state.finished,
                "municipalities_covered": result.state.covered,
            },
        ),
    )
    return decision.sequence


async def _remarks(
    uow: UnitOfWork, review: ReviewRound, municipalities: dict[str, str]
) -> dict[int, list[tuple[str, str, str]]]:
    """Per requirement, the comments and proposals of current answers, by municipality name."""
    answers = [a for a in await uow.reviews.answers(review.id) if a.current]
    people = await uow.people.by_ids(sorted({a.person_id for a in answers}))
    found: dict[int, list[tuple[str, str, str]]] = {}
    for answer in answers:
        if not (answer.comment.strip() or answer.proposal.strip()):
            continue
        person = people.get(answer.person_id)
        number = person.municipality_number if person is not None else None
        place = municipalities.get(number, "") if number else ""
        remark = (place, answer.comment.strip(), answer.proposal.strip())
        found.setdefault(answer.requirement_id, []).append(remark)
    return found


async def _publish(
    uow: UnitOfWork, ctx: DialogContext, result: _Outcome, lead: Person | None
) -> None:
    """The summary to the group's channel and the lead; the round card marked closed."""
    review, group = result.review, result.group
    municipalities = {m.number: m.name for m in await uow.municipalities.all()}
    remarks = await _remarks(uow, review, municipalities)
    rows = [
        OutcomeRow(
            key=result.key_of.get(o.requirement_id, "?"),
            status=o.status,
            counts=o.counts,
            positions=[(municipalities.get(n, n), p) for n, p in o.positions.items()],
            missing=[municipalities.get(n, n) for n in o.missing],
            suspect=o.suspect,
            remarks=remarks.get(o.requirement_id, ()),
        )
        for o in contested_first(result.outcomes)
    ]

    def summary(language: Language) -> Card:
        view = SummaryView(
            round_id=review.id,
            group=label(group),
            rows=rows,
            progress=progress_view(result.state),
            agreed=result.agreed,
            contested=len(result.contested),
            minimum=minimum_of(review, result.state.municipalities),
        )
        return summary_card(language, view)

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
            card=round_card(
                ctx.default_language, round_view(group, review, result.state), ctx.timezone
            ),
        )
    if lead is not None:
        await send_to_person(
            uow,
            key=f"review:{review.id}:summary:lead",
            person_id=lead.id,
            card=summary(person_language(lead, ctx.default_language)),
        )


async def close_round(
    uow: UnitOfWork, ctx: DialogContext, review: ReviewRound, *, by: str, now: datetime
) -> ClosedRound | None:
    """Close the round in the caller's unit of work; None when it was already closed.

    Moves every requirement still in review to agreed or contested (versioned), records the
    outcome in the decision log, posts the summary to the group and the lead, and marks the
    round card closed, all in the same transaction.
    """
    found = await uow.reviews.with_group(review.id)
    if found is None or not await uow.reviews.close(review, by=by, now=now):
        return None
    if ctx.answers is not None:
        ctx.answers.forget_round(review.id)
    await uow.timers.cancel_prefix(f"review:{review.id}:")
    group = found[1]
    outcomes, people = await outcome_of(uow, review, group)
    key_of = await _settle(uow, review, outcomes, by)
    contested = [o for o in outcomes if o.status == CONTESTED]
    state = await round_progress(uow, review, group)
    result = _Outcome(review, group, outcomes, contested, key_of, state, by)
    review.decision_sequence = await _record(uow, ctx, result, now)
    lead = None
    if review.opened_by_person_id is not None:
        lead = people.get(review.opened_by_person_id) or await uow.people.get(
            review.opened_by_person_id
        )
    await _publish(uow, ctx, result, lead)
    return ClosedRound(
        review,
        outcomes,
        result.agreed,
        len(contested),
        review.decision_sequence,
        result.insufficient,
    )


async def close_by_id(ctx: DialogContext, request: CloseRequest) -> ClosedRound:
    """Close a round now (the lead's command or the CLI); raises `ReviewError`."""
    async with ctx.db.uow() as uow:
        review = await uow.reviews.get(request.round_id)
        if review is None:
            raise ReviewError("not_found", 404, id=request.round_id)
        closed = await close_round(uow, ctx, review, by=request.by, now=utcnow())
        if closed is None:
            raise ReviewError("already_closed", 409, id=request.round_id)
        await uow.commit()
        return closed
