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
from dialogs.polls.rules import MAJORITIES, PollRules, decide
from dialogs.polls.views import (
    AFTER_CLOSE,
    LIVE,
    card_key,
    count_of,
    municipality_names,
    named_votes,
    options_of,
    result_view,
    seat_votes,
    view_of,
    vote_reasons,
)
from storage.models import Group, Membership, Person, Poll, PollElector, PollSeat, utcnow
from storage.uow import UnitOfWork
from vocabulary import (
    DecisionKind,
    Majority,
    MemberRole,
    MunicipalityRole,
    Represents,
    RoundStatus,
    TimerKind,
)

SEAT_ROLES: Final = frozenset({MunicipalityRole.DELEGATE, MunicipalityRole.DEPUTY})

MAX_OPTIONS: Final = 10
MAX_OPTION: Final = 100
MAX_TITLE: Final = 200
MAX_DESCRIPTION: Final = 2000
REMINDER_AT: Final = time(9, 0)
MAX_REASON: Final = 500
# How long after the result members may ask for a dissent to be entered in the minutes.
DISSENT_HOURS: Final = 48
MAX_DISSENT_HOURS: Final = 24 * 14

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
    per_municipality: bool = False
    dissent_hours: int = DISSENT_HOURS


@dataclass(frozen=True, slots=True)
class Vote:
    """A member's vote as a card sends it: the raw choice and the revision their card showed,
    an optional reason (named polls only) and, from a representative's card, the municipality
    the vote is for."""

    poll_id: int
    choice: object
    seen_revision: int
    reason: str = ""
    municipality: str | None = None


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
    if spec.per_municipality and spec.anonymous:
        # Sealing unlinks voters from choices; a seat's vote must say who cast it.
        problems.append(PollError("municipal_anonymous"))
    if not 0 <= spec.dissent_hours <= MAX_DISSENT_HOURS:
        problems.append(PollError("dissent_hours", limit=MAX_DISSENT_HOURS))
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
        per_municipality=spec.per_municipality,
        dissent_hours=spec.dissent_hours,
    )
    await _add_with_electorate(uow, poll, group, members)
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


async def _add_with_electorate(
    uow: UnitOfWork, poll: Poll, group: Group, members: Sequence[tuple[Person, Membership]]
) -> None:
    """Store the poll with its electorate: the members, or the municipalities' representatives."""
    chairs = {person.id for person, m in members if m.role == MemberRole.CHAIR}
    if poll.per_municipality:
        seats, speaks_for = await seats_for(uow, group)
        electors = [(person, person in chairs) for person in speaks_for]
        await uow.polls.add(poll, electors, seats, speaks_for)
    else:
        await uow.polls.add(poll, [(person.id, person.id in chairs) for person, _ in members])


async def seats_for(
    uow: UnitOfWork, group: Group
) -> tuple[list[PollSeat], dict[int, tuple[str, str]]]:
    """The seats of a per-municipality poll in `group`: each participating municipality with a
    delegate or deputy in the group, its weight, and who speaks for it how."""
    participating = {m.number: m for m in await uow.municipalities.participating()}
    held: dict[str, dict[str, int]] = {}
    for role in await uow.municipalities.group_roles(group):
        if role.municipality_number in participating and role.role in SEAT_ROLES:
            held.setdefault(role.municipality_number, {})[role.role] = role.person_id
    if not held:
        raise PollError("no_delegates", group=group.code)
    seats: list[PollSeat] = []
    speaks_for: dict[int, tuple[str, str]] = {}
    for number, roles in sorted(held.items()):
        delegate, deputy = roles.get(MunicipalityRole.DELEGATE), roles.get(MunicipalityRole.DEPUTY)
        seats.append(
            PollSeat(
                municipality_number=number,
                weight=participating[number].vote_weight,
                delegate_id=delegate,
                deputy_id=deputy,
            )
        )
        if deputy is not None:
            speaks_for[deputy] = (number, Represents.DEPUTY)
        if delegate is not None:
            speaks_for[delegate] = (number, Represents.DELEGATE)
    return seats, speaks_for


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


async def redraw(uow: UnitOfWork, poll: Poll, card: dict[str, Any]) -> None:
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


async def _check_eligible(
    uow: UnitOfWork, poll: Poll, person: Person, municipality: str | None
) -> None:
    elector = await uow.polls.elector(poll, person.id)
    if poll.per_municipality:
        await _check_representative(uow, poll, person, elector, municipality)
        return
    if elector is not None:
        return
    if await _disqualified(uow, poll, person):
        raise PollError("disqualified", status=403)
    group = await uow.groups.get(poll.group_id)
    membership = await uow.groups.membership(group, person) if group is not None else None
    if membership is not None and membership.joined_at > poll.created_at:
        raise PollError("joined_after", status=403)
    raise PollError("not_elector", status=403)


async def _disqualified(uow: UnitOfWork, poll: Poll, person: Person) -> bool:
    return any(c.person_id == person.id for c in await uow.polls.conflicts(poll))


async def _check_representative(
    uow: UnitOfWork,
    poll: Poll,
    person: Person,
    elector: PollElector | None,
    municipality: str | None,
) -> None:
    """A per-municipality vote: only from someone who speaks for the seat the card names."""
    if elector is None and await _disqualified(uow, poll, person):
        raise PollError("disqualified", status=403)
    wanted = (municipality or "").strip()
    names = await municipality_names(uow)
    if elector is None or elector.municipality_number is None:
        place = names.get(wanted, wanted) or names.get(person.municipality_number or "", "")
        raise PollError("not_representative", status=403, municipality=place[:60])
    if wanted and wanted != elector.municipality_number:
        raise PollError(
            "not_representative", status=403, municipality=names.get(wanted, wanted[:8])
        )
    seat = next(
        s
        for s in await uow.polls.seats(poll)
        if s.municipality_number == elector.municipality_number
    )
    if seat.proxy_id is not None and seat.proxy_id != person.id and seat.deputy_id != person.id:
        raise PollError("proxy_given", status=403)


def check_reason(poll: Poll, reason: str) -> str | None:
    """The reason to store with a vote; refused in anonymous polls and when too long."""
    cleaned = reason.strip()
    if not cleaned:
        return None
    if poll.anonymous:
        raise PollError("reason_anonymous")
    if len(cleaned) > MAX_REASON:
        raise PollError("reason_long", limit=MAX_REASON)
    return cleaned


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
    await _check_eligible(uow, poll, person, vote.municipality)
    choices = parse_choice(poll, vote.choice)
    reason = check_reason(poll, vote.reason)
    current = await uow.polls.vote_of(poll, person.id)
    if (current.revision if current is not None else 0) != vote.seen_revision:
        raise PollError("stale", status=409)
    revision = await uow.polls.cast(poll, person.id, choices, now, reason)
    view = await view_of(uow, poll)
    if poll.close_when_all_voted and view.voted >= view.electorate:
        result = await close_poll(uow, ctx, poll, "all-voted", now=now)
        return CastVote(poll, view, tuple(choices), revision, result)
    await redraw(uow, poll, poll_card(ctx.default_language, view, ctx.timezone))
    return CastVote(poll, view, tuple(choices), revision, None)


async def result_of(uow: UnitOfWork, poll: Poll, now: datetime | None = None) -> ResultView:
    """Apply the poll's rules to its current votes, with reasons, conflicts and dissents."""
    electors = await uow.polls.electors(poll)
    count = await count_of(uow, poll)
    chair = next((person.id for person, elector in electors if elector.is_chair), None)
    rules = PollRules(
        options=tuple(option["id"] for option in poll.options),
        electorate=count.electorate,
        quorum=Fraction(poll.quorum),
        majority=Majority.TWO_THIRDS if poll.majority == Majority.TWO_THIRDS else Majority.SIMPLE,
        multiple=poll.multiple,
        chair=chair,
        # The chair's tie-break would disclose the chair's vote in an anonymous poll.
        chair_breaks_ties=not poll.anonymous,
    )
    outcome = decide(rules, count.ballots)
    view = await view_of(uow, poll, tallies=True)
    abstentions = sum(1 for ballot in count.ballots if not ballot.choices)
    result = result_view(poll, view, outcome, abstentions, (), now or utcnow())
    if poll.anonymous:
        return result
    people = {person.id: person.name for person, _ in electors}
    for conflict in await uow.polls.conflicts(poll):
        people.setdefault(conflict.person_id, conflict.person_name)
    if poll.per_municipality:
        named = seat_votes(view, count, people, await municipality_names(uow))
    else:
        named = named_votes(view, electors, count.votes)
    counted = {ballot.voter for ballot in count.ballots}
    return replace(
        result,
        votes=named,
        reasons=vote_reasons(people, count.votes, counted),
        conflicts=tuple(
            (c.person_name, c.reason, c.declared_by, c.vote_withdrawn)
            for c in await uow.polls.conflicts(poll)
        ),
        dissents=tuple(await dissents_of(uow, poll)),
        case_ref=await case_ref_of(uow, poll),
    )


async def dissents_of(uow: UnitOfWork, poll: Poll) -> list[tuple[str, str, int]]:
    """(member, statement, sequence) of the dissents linked to the poll's decision."""
    if poll.decision_sequence is None:
        return []
    return [
        (str(d.basis.get("member", "")), str(d.basis.get("statement", "")), d.sequence)
        for d in (await uow.decisions.addenda_of([poll.decision_sequence])).get(
            poll.decision_sequence, []
        )
        if d.kind == DecisionKind.DISSENT
    ]


async def case_ref_of(uow: UnitOfWork, poll: Poll) -> str | None:
    """The case number (saksnummer) of the poll's decision, once recorded."""
    if poll.decision_sequence is None:
        return None
    decision = await uow.decisions.get(poll.decision_sequence)
    return decision.case_ref if decision is not None else None


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
    await redraw(uow, poll, result_card(ctx.default_language, final, ctx.timezone))
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
    if result.reasons:
        basis["reasons"] = dict(result.reasons)
    if poll.per_municipality:
        basis["per_municipality"] = True
    if result.conflicts:
        basis["conflicts"] = {name: reason for name, reason, _, _ in result.conflicts}
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
