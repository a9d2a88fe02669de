"""Decision polls as services: open, vote and change, close, and the result by the poll's rules.

The CLI, the timers and the Teams handlers all call these. Every step runs in the caller's unit
of work with its effects: the poll card and its updates go through the outbox; the close and
reminder timers are scheduled in the transaction that opens the poll; the decision is recorded
in the transaction that closes it. Votes lock the poll row, so a vote is either counted before
the close or refused after it. Refusals raise `PollError` before anything is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time
from fractions import Fraction
from typing import Any, Final, Literal
from zoneinfo import ZoneInfo

from cards.poll_cards import (
    ABSTAIN,
    PollView,
    ResultView,
    outcome_words,
    poll_card,
    quorum_words,
    result_card,
)
from cards.reach import missing_words
from cards.texts import Language, text
from dialogs.decisions import DecisionDraft, record_decision
from dialogs.kernel.context import DialogContext
from dialogs.kernel.delivery import send_to_conversation, update_card
from dialogs.kernel.errors import WorkflowError
from dialogs.kernel.reachability import leads_of, tell_leads
from dialogs.kernel.workdays import local_time, previous_working_day
from dialogs.polls.rules import MAJORITIES, Ballot, PollRules, decide
from dialogs.polls.views import (
    AFTER_CLOSE,
    LIVE,
    card_key,
    named_votes,
    options_of,
    result_view,
    view_of,
)
from storage.models import Group, Person, Poll, utcnow
from storage.uow import UnitOfWork
from vocabulary import DecisionKind, Majority, MemberRole, RoundStatus, TimerKind

MAX_OPTIONS: Final = 10
MAX_OPTION: Final = 100
MAX_TITLE: Final = 200
MAX_DESCRIPTION: Final = 2000
REMINDER_AT: Final = time(9, 0)

# Why a poll closed: its deadline passed, every elector voted, or someone closed it now.
CloseReason = Literal["deadline", "all-voted", "creator"]


class PollError(WorkflowError):
    """A refused poll step; its text is `polls.error.<code>`."""

    area = "polls"


@dataclass(frozen=True, slots=True)
class PollSpec:
    """What a new poll asks and how it is decided."""

    group_code: str
    title: str
    options: Sequence[str]
    deadline: datetime
    description: str = ""
    quorum: Fraction = Fraction(1, 2)
    majority: str = Majority.SIMPLE
    anonymous: bool = False
    multiple: bool = False
    live: bool = False
    close_when_all_voted: bool = False


@dataclass(frozen=True, slots=True)
class Vote:
    """A member's vote as a card sends it: the raw choice and the revision their card showed."""

    poll_id: int
    choice: object
    seen_revision: int


@dataclass(frozen=True, slots=True)
class CastVote:
    """A stored vote: the poll as it is now, the vote, and the result if the vote closed it."""

    poll: Poll
    view: PollView
    choices: tuple[str, ...]
    revision: int
    result: ResultView | None


def check_spec(spec: PollSpec, now: datetime) -> list[PollError]:
    """Everything wrong with a spec that can be seen without the database."""
    problems: list[PollError] = []
    if not spec.title.strip() or len(spec.title.strip()) > MAX_TITLE:
        problems.append(PollError("title"))
    if len(spec.description) > MAX_DESCRIPTION:
        problems.append(PollError("description"))
    options = _cleaned(spec.options)
    folded = {option.casefold() for option in options}
    if (
        not 2 <= len(options) <= MAX_OPTIONS
        or len(folded) != len(options)
        or any(len(option) > MAX_OPTION for option in options)
    ):
        problems.append(PollError("options"))
    if spec.deadline.tzinfo is None or spec.deadline <= now:
        problems.append(PollError("deadline"))
    if not 0 <= spec.quorum <= 1:
        problems.append(PollError("quorum"))
    if spec.majority not in MAJORITIES:
        problems.append(PollError("majority"))
    return problems


def _cleaned(options: Sequence[str]) -> list[str]:
    return [option.strip() for option in options if option.strip()]


def parse_options(raw: str) -> list[str]:
    """Options separated by `;` or new lines."""
    return [part.strip() for part in raw.replace("\r", "\n").replace(";", "\n").split("\n")]


def parse_deadline(raw: str, zone: ZoneInfo) -> datetime:
    """`2026-12-10T12:00` (local time in `zone`) as an aware UTC datetime; ValueError if not."""
    moment = datetime.fromisoformat(raw.strip())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)


async def may_open(uow: UnitOfWork, person: Person | None, group: Group) -> bool:
    """The project lead, an administrator, or the group's chair."""
    if person is None:
        return False
    if person.is_project_lead or person.is_admin:
        return True
    membership = await uow.groups.membership(group, person)
    return membership is not None and membership.role == MemberRole.CHAIR


async def open_poll(
    uow: UnitOfWork,
    ctx: DialogContext,
    spec: PollSpec,
    *,
    creator: Person | None,
    creator_name: str,
    now: datetime | None = None,
) -> Poll:
    """Open a poll: snapshot the electorate, schedule close and reminder, post the card."""
    now = now or utcnow()
    problems = check_spec(spec, now)
    if problems:
        raise problems[0]
    group = await uow.groups.find(spec.group_code)
    if group is None:
        raise PollError("group", group=spec.group_code)
    if group.archived_at is not None:
        raise PollError("archived", group=group.code)
    members = await uow.groups.members(group)
    if not members:
        raise PollError("no_members", group=group.code)
    poll = Poll(
        group_id=group.id,
        title=spec.title.strip(),
        description=spec.description.strip(),
        options=[
            {"id": f"o{n}", "title": title} for n, title in enumerate(_cleaned(spec.options), 1)
        ],
        multiple=spec.multiple,
        anonymous=spec.anonymous,
        quorum=str(spec.quorum),
        majority=spec.majority,
        results=LIVE if spec.live else AFTER_CLOSE,
        close_when_all_voted=spec.close_when_all_voted,
        deadline=spec.deadline,
        status=RoundStatus.OPEN,
        created_by=creator.id if creator is not None else None,
        created_by_name=creator_name,
        created_at=now,
        conversation_id=group.conversation_id,
        card_version=0,
    )
    electors = [(person.id, membership.role == MemberRole.CHAIR) for person, membership in members]
    await uow.polls.add(poll, electors)
    await _schedule_timers(uow, ctx, poll, now)
    view = await view_of(uow, poll)
    if poll.conversation_id:
        await send_to_conversation(
            uow,
            key=card_key(poll),
            conversation_id=poll.conversation_id,
            card=poll_card(ctx.default_language, view, ctx.timezone),
        )
    await _report_missing(uow, ctx, poll, view)
    return poll


async def _report_missing(uow: UnitOfWork, ctx: DialogContext, poll: Poll, view: PollView) -> None:
    """One message to the poll's creator (or the project leads) naming who Kravbot cannot
    reach, and why."""
    if not view.missing:
        return
    await tell_leads(
        uow,
        key=f"poll:{poll.id}:unreachable",
        leads=await leads_of(uow, poll.created_by),
        default=ctx.default_language,
        message=lambda language: text(
            language,
            "catalogue.reach.lead_poll",
            id=poll.id,
            group=view.group,
            count=len(view.missing),
            names=missing_words(language, view.missing),
        ),
    )


async def _schedule_timers(uow: UnitOfWork, ctx: DialogContext, poll: Poll, now: datetime) -> None:
    """The close at the deadline, and the reminder at 09:00 the working day before."""
    args = {"poll": poll.id}
    await uow.timers.schedule(f"poll:{poll.id}:close", TimerKind.POLL_CLOSE, poll.deadline, args)
    local_deadline = poll.deadline.astimezone(ctx.timezone)
    remind_at = local_time(previous_working_day(local_deadline.date()), REMINDER_AT, ctx.timezone)
    if remind_at > now:
        await uow.timers.schedule(
            f"poll:{poll.id}:reminder", TimerKind.POLL_REMINDER, remind_at, args
        )


async def _redraw(uow: UnitOfWork, poll: Poll, card: dict[str, Any]) -> None:
    """Replace the shared poll card in the group's conversation (coalesced by the dispatcher)."""
    if not poll.conversation_id:
        return
    version = await uow.polls.bump_card(poll)
    await update_card(
        uow,
        key=f"{card_key(poll)}:{version}",
        replaces=card_key(poll),
        conversation_id=poll.conversation_id,
        card=card,
    )


def parse_choice(poll: Poll, raw: object) -> list[str]:
    """The option ids of a ChoiceSet value (`o1` or `o1,o3`); [] for an abstention.

    Raises `PollError("unknown_option")` for anything not offered on the card.
    """
    if not isinstance(raw, str) or not raw.strip():
        raise PollError("unknown_option")
    values = [part.strip() for part in raw.split(",") if part.strip()]
    known = {option["id"] for option in poll.options}
    if values == [ABSTAIN]:
        return []
    if (
        not values
        or len(set(values)) != len(values)
        or any(value not in known for value in values)
        or (len(values) > 1 and not poll.multiple)
    ):
        raise PollError("unknown_option")
    order = [option["id"] for option in poll.options]
    return sorted(values, key=order.index)


async def _check_eligible(uow: UnitOfWork, poll: Poll, person: Person) -> None:
    if await uow.polls.elector(poll, person.id) is not None:
        return
    group = await uow.groups.get(poll.group_id)
    membership = await uow.groups.membership(group, person) if group is not None else None
    if membership is not None and membership.joined_at > poll.created_at:
        raise PollError("joined_after", status=403)
    raise PollError("not_elector", status=403)


async def cast_vote(
    uow: UnitOfWork, ctx: DialogContext, vote: Vote, person: Person, now: datetime | None = None
) -> CastVote:
    """Store a vote (or a change); returns what the voter's card needs. The caller commits."""
    now = now or utcnow()
    poll = await uow.polls.get(vote.poll_id, lock=True)
    if poll is None:
        raise PollError("unknown_poll")
    if poll.status != RoundStatus.OPEN or now >= poll.deadline:
        raise PollError("closed", status=409)
    await _check_eligible(uow, poll, person)
    choices = parse_choice(poll, vote.choice)
    current = await uow.polls.vote_of(poll, person.id)
    if (current.revision if current is not None else 0) != vote.seen_revision:
        raise PollError("stale", status=409)
    revision = await uow.polls.cast(poll, person.id, choices, now)
    view = await view_of(uow, poll)
    if poll.close_when_all_voted and view.voted >= view.electorate:
        result = await close_poll(uow, ctx, poll, "all-voted", now=now)
        return CastVote(poll, view, tuple(choices), revision, result)
    await _redraw(uow, poll, poll_card(ctx.default_language, view, ctx.timezone))
    return CastVote(poll, view, tuple(choices), revision, None)


async def result_of(uow: UnitOfWork, poll: Poll, now: datetime | None = None) -> ResultView:
    """Apply the poll's rules to its current votes."""
    electors = await uow.polls.electors(poll)
    # A sealed anonymous poll has ballots without voters: number them, no one is the chair.
    votes = await uow.polls.votes(poll) if poll.ballots is None else []
    ballots = (
        [Ballot(v.person_id, frozenset(v.choices)) for v in votes]
        if poll.ballots is None
        else [Ballot(-n, frozenset(c)) for n, c in enumerate(poll.ballots, 1)]
    )
    chair = next((person.id for person, elector in electors if elector.is_chair), None)
    rules = PollRules(
        options=tuple(option["id"] for option in poll.options),
        electorate=len(electors),
        quorum=Fraction(poll.quorum),
        majority=Majority.TWO_THIRDS if poll.majority == Majority.TWO_THIRDS else Majority.SIMPLE,
        multiple=poll.multiple,
        chair=chair,
        # The chair's tie-break would disclose the chair's vote in an anonymous poll.
        chair_breaks_ties=not poll.anonymous,
    )
    outcome = decide(rules, ballots)
    view = await view_of(uow, poll, tallies=True)
    named = () if poll.anonymous else named_votes(view, electors, votes)
    abstentions = sum(1 for ballot in ballots if not ballot.choices)
    return result_view(poll, view, outcome, abstentions, named, now or utcnow())


async def close_poll(
    uow: UnitOfWork,
    ctx: DialogContext,
    poll: Poll,
    reason: CloseReason,
    *,
    now: datetime | None = None,
    closed_by: str | None = None,
) -> ResultView:
    """Close the poll, record the decision, replace the card with the result. Caller commits."""
    now = now or utcnow()
    poll.status, poll.closed_at, poll.closed_reason = RoundStatus.CLOSED, now, reason
    result = await result_of(uow, poll, now)
    group = await uow.groups.get(poll.group_id)
    draft = _decision_draft(
        ctx.default_language,
        poll,
        result,
        group_code=group.code if group is not None else "",
        recorded_by=closed_by or poll.created_by_name,
        now=now,
    )
    decision = await record_decision(uow, draft)
    poll.outcome, poll.winner, poll.decision_sequence = (
        result.status,
        result.winner,
        decision.sequence,
    )
    await uow.timers.cancel_prefix(f"poll:{poll.id}:")
    if poll.anonymous:
        # In the close's transaction: once the result is recorded, no one is linked to a choice.
        await uow.polls.seal(poll)
    final = replace(result, decision_sequence=decision.sequence)
    await _redraw(uow, poll, result_card(ctx.default_language, final, ctx.timezone))
    return final


async def close_now(
    uow: UnitOfWork, ctx: DialogContext, poll_id: int, *, closed_by: str
) -> ResultView:
    """Close an open poll at once (from the command line); refuses unknown and closed polls."""
    poll = await uow.polls.get(poll_id, lock=True)
    if poll is None:
        raise PollError("unknown_poll")
    if poll.status != RoundStatus.OPEN:
        raise PollError("closed")
    return await close_poll(uow, ctx, poll, "creator", closed_by=closed_by)


def _decision_draft(
    language: Language,
    poll: Poll,
    result: ResultView,
    *,
    group_code: str,
    recorded_by: str,
    now: datetime,
) -> DecisionDraft:
    """The decision-log entry of a closed poll: outcome, tallies and, unless anonymous, votes."""
    titles = dict(options_of(poll))
    basis: dict[str, Any] = {
        "poll": poll.id,
        "tallies": {titles[o]: n for o, n in result.tallies.items()},
        "abstentions": result.abstentions,
        "turnout": result.turnout,
        "electorate": result.poll.electorate,
        "quorum": poll.quorum,
        "quorum_met": result.quorum_met,
        "majority": poll.majority,
        "result": result.status,
        "anonymous": poll.anonymous,
    }
    if result.chair_decided:
        basis["chair_decided"] = True
    if not poll.anonymous:
        basis["votes"] = dict(result.votes)
    quorum = f"{text(language, 'polls.result.quorum')}: {quorum_words(language, result)}"
    return DecisionDraft(
        kind=DecisionKind.POLL,
        title=poll.title,
        text=text(
            language,
            "polls.decision.text",
            group=result.poll.group,
            title=poll.title,
            outcome=outcome_words(language, result),
            quorum=quorum,
        ),
        group_code=group_code,
        recorded_by=recorded_by,
        # The log's outcome column is short: the winning option's title, or why none won.
        outcome=(titles[result.winner] if result.winner else result.status)[:64],
        basis=basis,
        decided_at=now,
    )
