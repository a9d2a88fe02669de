"""Decision polls: open, vote and change, remind, close and record in the decision log.

Every step runs in one unit of work with its effects: the poll card and its updates, the
reminders and the result go through the outbox; the close and reminder timers are scheduled in
the transaction that opens the poll; the decision is recorded in the transaction that closes it.
Votes lock the poll row, so a vote is either counted before the close or refused after it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from fractions import Fraction
from typing import Any, Final
from zoneinfo import ZoneInfo

from cards.poll_cards import (
    ABSTAIN,
    CHANGE_VERB,
    CLOSE_VERB,
    CREATE_VERB,
    REFRESH_VERB,
    VOTE_VERB,
    PollView,
    ResultView,
    Viewer,
    choice_words,
    minutes_csv,
    minutes_markdown,
    outcome_words,
    poll_card,
    poll_form_card,
    quorum_words,
    reminder_card,
    result_card,
)
from cards.texts import Language, language_for, text
from dialogs.decisions import DecisionDraft, record_decision
from dialogs.digest_sections import open_polls
from dialogs.kernel.access import sender_people
from dialogs.kernel.context import DialogContext
from dialogs.kernel.delivery import send_to_conversation, send_to_person, update_card
from dialogs.kernel.registry import FiredTimer, Workflow
from dialogs.kernel.turns import CardResult, Message, TurnInput
from dialogs.kernel.workdays import local_time, previous_working_day
from dialogs.poll_rules import MAJORITIES, Ballot, PollRules, decide, parse_quorum
from storage.database import Database
from storage.models import Group, Person, Poll, utcnow
from storage.uow import UnitOfWork
from vocabulary import TimerKind

log = logging.getLogger(__name__)

MAX_OPTIONS: Final = 10
MAX_OPTION: Final = 100
MAX_TITLE: Final = 200
MAX_DESCRIPTION: Final = 2000
REMINDER_AT: Final = time(9, 0)
CLOSE_JOB: Final = TimerKind.POLL_CLOSE
REMINDER_JOB: Final = TimerKind.POLL_REMINDER
RESULT_MODES: Final = ("live", "after-close")


class PollError(ValueError):
    """A refused step; `code` names the text `polls.error.<code>`, `status` the HTTP-ish status."""

    def __init__(self, code: str, status: int = 400, **values: object) -> None:
        super().__init__(code)
        self.code = code
        self.status = status
        self.values = values

    def message(self, language: Language) -> str:
        """The refusal in `language`."""
        return text(language, f"polls.error.{self.code}", **self.values)


@dataclass(frozen=True, slots=True)
class PollSpec:
    """What a new poll asks and how it is decided."""

    group_code: str
    title: str
    options: list[str]
    deadline: datetime
    description: str = ""
    quorum: Fraction = Fraction(1, 2)
    majority: str = "simple"
    anonymous: bool = False
    multiple: bool = False
    live: bool = False
    close_when_all_voted: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def check_spec(spec: PollSpec, now: datetime) -> list[PollError]:
    """Everything wrong with a spec that can be seen without the database."""
    problems: list[PollError] = []
    if not spec.title.strip() or len(spec.title.strip()) > MAX_TITLE:
        problems.append(PollError("title"))
    if len(spec.description) > MAX_DESCRIPTION:
        problems.append(PollError("description"))
    options = [option.strip() for option in spec.options if option.strip()]
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
    return membership is not None and membership.role == "chair"


def _label(group: Group) -> str:
    return f"{group.code} – {group.name}"


def _options(poll: Poll) -> tuple[tuple[str, str], ...]:
    return tuple((option["id"], option["title"]) for option in poll.options)


async def view_of(uow: UnitOfWork, poll: Poll, *, tallies: bool | None = None) -> PollView:
    """The cards' view of a poll; tallies only when the poll shows them (live) or is closed."""
    group = await uow.session.get(Group, poll.group_id)
    electors = await uow.polls.electors(poll)
    votes = await uow.polls.votes(poll)
    show = poll.results == "live" or poll.status == "closed" if tallies is None else tallies
    counts: dict[str, int] | None = None
    if show:
        counts = {option["id"]: 0 for option in poll.options}
        for vote in votes:
            for choice in vote.choices:
                if choice in counts:
                    counts[choice] += 1
    return PollView(
        id=poll.id,
        title=poll.title,
        description=poll.description,
        group=_label(group) if group is not None else "",
        options=_options(poll),
        deadline=poll.deadline,
        quorum=Fraction(poll.quorum),
        majority=poll.majority,
        anonymous=poll.anonymous,
        multiple=poll.multiple,
        live=poll.results == "live",
        electorate=len(electors),
        voted=len(votes),
        refresh_users=tuple(p.teams_user_id for p, _ in electors if p.teams_user_id),
        tallies=counts,
    )


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
    group = await uow.groups.by_code(spec.group_code)
    if group is None:
        raise PollError("group", group=spec.group_code)
    members = await uow.groups.members(group)
    if not members:
        raise PollError("no_members", group=group.code)
    options = [option.strip() for option in spec.options if option.strip()]
    poll = Poll(
        group_id=group.id,
        title=spec.title.strip(),
        description=spec.description.strip(),
        options=[{"id": f"o{n}", "title": title} for n, title in enumerate(options, 1)],
        multiple=spec.multiple,
        anonymous=spec.anonymous,
        quorum=str(spec.quorum),
        majority=spec.majority,
        results="live" if spec.live else "after-close",
        close_when_all_voted=spec.close_when_all_voted,
        deadline=spec.deadline,
        status="open",
        created_by=creator.id if creator is not None else None,
        created_by_name=creator_name,
        created_at=now,
        conversation_id=group.conversation_id,
        card_version=0,
    )
    electors = [(person.id, membership.role == "chair") for person, membership in members]
    await uow.polls.add(poll, electors)
    await uow.timers.schedule(f"poll:{poll.id}:close", CLOSE_JOB, poll.deadline, {"poll": poll.id})
    local_deadline = poll.deadline.astimezone(ctx.timezone)
    remind_at = local_time(previous_working_day(local_deadline.date()), REMINDER_AT, ctx.timezone)
    if remind_at > now:
        await uow.timers.schedule(
            f"poll:{poll.id}:reminder", REMINDER_JOB, remind_at, {"poll": poll.id}
        )
    if poll.conversation_id:
        view = await view_of(uow, poll)
        await send_to_conversation(
            uow,
            key=_card_key(poll),
            conversation_id=poll.conversation_id,
            card=poll_card(ctx.default_language, view, ctx.timezone),
        )
    return poll


def _card_key(poll: Poll) -> str:
    return f"poll:{poll.id}:card"


async def _redraw(uow: UnitOfWork, ctx: DialogContext, poll: Poll, card: dict[str, Any]) -> None:
    """Replace the shared poll card in the group's conversation (coalesced by the dispatcher)."""
    if not poll.conversation_id:
        return
    version = await uow.polls.bump_card(poll)
    await update_card(
        uow,
        key=f"{_card_key(poll)}:{version}",
        replaces=_card_key(poll),
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


async def _eligible(uow: UnitOfWork, poll: Poll, person: Person) -> None:
    if await uow.polls.elector(poll, person.id) is not None:
        return
    group = await uow.session.get(Group, poll.group_id)
    membership = await uow.groups.membership(group, person) if group is not None else None
    if membership is not None and membership.joined_at > poll.created_at:
        raise PollError("joined_after", status=403)
    raise PollError("not_elector", status=403)


@dataclass(frozen=True, slots=True)
class CastVote:
    """A stored vote: the poll as it is now, the vote, and the result if the vote closed it."""

    poll: Poll
    view: PollView
    choices: tuple[str, ...]
    revision: int
    result: ResultView | None


async def cast_vote(
    uow: UnitOfWork,
    ctx: DialogContext,
    poll_id: int,
    person: Person,
    raw_choice: object,
    seen_revision: int,
    now: datetime | None = None,
) -> CastVote:
    """Store a vote (or a change); returns what the voter's card needs.

    Refusals raise `PollError` before anything is written; the caller commits.
    """
    now = now or utcnow()
    poll = await uow.polls.get(poll_id, lock=True)
    if poll is None:
        raise PollError("unknown_poll")
    if poll.status != "open" or now >= poll.deadline:
        raise PollError("closed", status=409)
    await _eligible(uow, poll, person)
    choices = parse_choice(poll, raw_choice)
    current = await uow.polls.vote_of(poll, person.id)
    if (current.revision if current is not None else 0) != seen_revision:
        raise PollError("stale", status=409)
    revision = await uow.polls.cast(poll, person.id, choices, now)
    view = await view_of(uow, poll)
    if poll.close_when_all_voted and view.voted >= view.electorate:
        result = await close_poll(uow, ctx, poll, "all-voted", now=now)
        return CastVote(poll, view, tuple(choices), revision, result)
    await _redraw(uow, ctx, poll, poll_card(ctx.default_language, view, ctx.timezone))
    return CastVote(poll, view, tuple(choices), revision, None)


async def result_of(uow: UnitOfWork, poll: Poll, now: datetime | None = None) -> ResultView:
    """Apply the poll's rules to its current votes."""
    electors = await uow.polls.electors(poll)
    votes = await uow.polls.votes(poll)
    chair = next((person.id for person, elector in electors if elector.is_chair), None)
    rules = PollRules(
        options=tuple(option["id"] for option in poll.options),
        electorate=len(electors),
        quorum=Fraction(poll.quorum),
        majority="two-thirds" if poll.majority == "two-thirds" else "simple",
        multiple=poll.multiple,
        chair=chair,
        chair_breaks_ties=not poll.anonymous,
    )
    outcome = decide(rules, [Ballot(v.person_id, frozenset(v.choices)) for v in votes])
    view = await view_of(uow, poll, tallies=True)
    names = {person.id: person.name for person, _ in electors}
    named: list[tuple[str, str]] = []
    if not poll.anonymous:
        by_person = {vote.person_id: vote for vote in votes}
        for person, _ in electors:
            vote = by_person.get(person.id)
            if vote is not None:
                named.append((names[person.id], choice_words("nb", view, vote.choices)))
    return ResultView(
        poll=view,
        status=outcome.status,
        winner=outcome.winner,
        tied=outcome.tied,
        chair_decided=outcome.chair_decided,
        quorum_met=outcome.quorum_met,
        turnout=outcome.turnout,
        abstentions=sum(1 for vote in votes if not vote.choices),
        tallies=outcome.tallies,
        closed_at=poll.closed_at or now or utcnow(),
        reason=poll.closed_reason or "deadline",
        decision_sequence=poll.decision_sequence,
        votes=tuple(named),
    )


def _localized_votes(language: Language, result: ResultView, poll: Poll) -> ResultView:
    """The voters' choices in `language` (the abstention word is translated)."""
    if language == "nb" or poll.anonymous:
        return result
    abstain_nb = text("nb", "polls.result.abstain_word")
    votes = tuple(
        (name, text(language, "polls.result.abstain_word") if choice == abstain_nb else choice)
        for name, choice in result.votes
    )
    return ResultView(**{**_fields(result), "votes": votes})


def _fields(result: ResultView) -> dict[str, Any]:
    return {name: getattr(result, name) for name in ResultView.__slots__}


async def close_poll(
    uow: UnitOfWork,
    ctx: DialogContext,
    poll: Poll,
    reason: str,
    *,
    now: datetime | None = None,
    closed_by: str | None = None,
) -> ResultView:
    """Close the poll, record the decision, replace the card with the result. Caller commits."""
    now = now or utcnow()
    poll.status, poll.closed_at, poll.closed_reason = "closed", now, reason
    result = await result_of(uow, poll, now)
    language = ctx.default_language
    titles = dict(_options(poll))
    group = await uow.session.get(Group, poll.group_id)
    group_code = group.code if group is not None else ""
    outcome = (titles[result.winner] if result.winner else result.status)[:64]
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
    decision = await record_decision(
        uow,
        DecisionDraft(
            kind="poll",
            title=poll.title,
            text=text(
                language,
                "polls.decision.text",
                group=result.poll.group,
                title=poll.title,
                outcome=outcome_words(language, result),
                quorum=f"{text(language, 'polls.result.quorum')}: {quorum_words(language, result)}",
            ),
            group_code=group_code,
            recorded_by=closed_by or poll.created_by_name,
            outcome=outcome,
            basis=basis,
            decided_at=now,
        ),
    )
    poll.outcome, poll.winner, poll.decision_sequence = (
        result.status,
        result.winner,
        decision.sequence,
    )
    await uow.timers.cancel_prefix(f"poll:{poll.id}:")
    final = ResultView(**{**_fields(result), "decision_sequence": decision.sequence})
    await _redraw(uow, ctx, poll, result_card(language, final, ctx.timezone))
    return final


# -- Timers ------------------------------------------------------------------------------------


async def _close_at_deadline(uow: UnitOfWork, ctx: DialogContext, timer: FiredTimer) -> None:
    poll = await uow.polls.get(int(timer.args["poll"]), lock=True)
    if poll is not None and poll.status == "open":
        await close_poll(uow, ctx, poll, "deadline", now=timer.now)


async def _remind_non_voters(uow: UnitOfWork, ctx: DialogContext, timer: FiredTimer) -> None:
    poll = await uow.polls.get(int(timer.args["poll"]))
    if poll is None or poll.status != "open":
        return
    voted = {vote.person_id for vote in await uow.polls.votes(poll)}
    view = await view_of(uow, poll)
    for person, _ in await uow.polls.electors(poll):
        if person.id in voted:
            continue
        language = language_for(person.language or person.locale, ctx.default_language)
        await send_to_person(
            uow,
            key=f"poll:{poll.id}:reminder:{person.id}",
            person_id=person.id,
            card=reminder_card(language, view, ctx.timezone),
        )


# -- Teams -------------------------------------------------------------------------------------


async def _sender(uow: UnitOfWork, turn: TurnInput) -> Person | None:
    people = await sender_people(uow, turn)
    return people[0] if people else None


def _poll_id(data: dict[str, Any]) -> int | None:
    raw = data.get("poll")
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and raw.isdigit() and len(raw) < 10:
        return int(raw)
    return None


def _revision(data: dict[str, Any]) -> int | None:
    raw = data.get("rev", 0)
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and raw.isdigit() and len(raw) < 10:
        return int(raw)
    return None


async def personal_card(
    uow: UnitOfWork,
    ctx: DialogContext,
    language: Language,
    poll: Poll,
    person: Person | None,
    *,
    changing: bool = False,
) -> dict[str, Any]:
    """The poll (or its result) as this person sees it."""
    if poll.status == "closed":
        result = _localized_votes(language, await result_of(uow, poll), poll)
        return result_card(language, result, ctx.timezone)
    view = await view_of(uow, poll)
    if person is None:
        return poll_card(language, view, ctx.timezone, Viewer(eligible=False, choices=None))
    elector = await uow.polls.elector(poll, person.id)
    vote = await uow.polls.vote_of(poll, person.id) if elector is not None else None
    viewer = Viewer(
        eligible=elector is not None,
        choices=tuple(vote.choices) if vote is not None else None,
        revision=vote.revision if vote is not None else 0,
        is_creator=poll.created_by is not None and poll.created_by == person.id,
        changing=changing,
    )
    return poll_card(language, view, ctx.timezone, viewer)


async def refresh(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`poll-refresh` (Teams' automatic refresh): this member's own view of the poll."""
    poll_id = _poll_id(turn.data)
    async with ctx.db.uow() as uow:
        poll = await uow.polls.get(poll_id) if poll_id is not None else None
        if poll is None:
            return CardResult(message=PollError("unknown_poll").message(turn.language), status=400)
        person = await _sender(uow, turn)
        return CardResult(card=await personal_card(uow, ctx, turn.language, poll, person))


async def change(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`poll-change`: the ballot again, with the current vote chosen; nothing is stored yet."""
    poll_id = _poll_id(turn.data)
    async with ctx.db.uow() as uow:
        poll = await uow.polls.get(poll_id) if poll_id is not None else None
        if poll is None:
            return CardResult(message=PollError("unknown_poll").message(turn.language), status=400)
        person = await _sender(uow, turn)
        if poll.status != "open":
            return CardResult(card=await personal_card(uow, ctx, turn.language, poll, person))
        card = await personal_card(uow, ctx, turn.language, poll, person, changing=True)
        return CardResult(card=card)


async def vote(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`poll-vote`: store the member's vote and show them their own view."""
    poll_id, revision = _poll_id(turn.data), _revision(turn.data)
    language = turn.language
    async with ctx.db.uow() as uow:
        try:
            if poll_id is None or revision is None:
                raise PollError("unknown_poll")
            person = await _sender(uow, turn)
            if person is None:
                raise PollError("unknown_person", status=403)
            cast = await cast_vote(uow, ctx, poll_id, person, turn.data.get("choice"), revision)
        except PollError as refused:
            return CardResult(message=refused.message(language), status=refused.status)
        await uow.commit()
        poll, result = cast.poll, cast.result
        if result is not None:
            return CardResult(
                card=result_card(language, _localized_votes(language, result, poll), ctx.timezone)
            )
        viewer = Viewer(
            eligible=True,
            choices=cast.choices,
            revision=cast.revision,
            is_creator=poll.created_by is not None and poll.created_by == person.id,
        )
        return CardResult(card=poll_card(language, cast.view, ctx.timezone, viewer))


async def close(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`poll-close`: the creator closes the poll now."""
    poll_id = _poll_id(turn.data)
    language = turn.language
    async with ctx.db.uow() as uow:
        poll = await uow.polls.get(poll_id, lock=True) if poll_id is not None else None
        if poll is None:
            return CardResult(message=PollError("unknown_poll").message(language), status=400)
        person = await _sender(uow, turn)
        if poll.status != "open":
            return CardResult(card=await personal_card(uow, ctx, language, poll, person))
        if person is None or poll.created_by != person.id:
            return CardResult(message=PollError("not_creator").message(language), status=403)
        result = await close_poll(uow, ctx, poll, "creator", closed_by=person.name)
        await uow.commit()
    return CardResult(
        card=result_card(language, _localized_votes(language, result, poll), ctx.timezone)
    )


async def _form_groups(uow: UnitOfWork, person: Person | None) -> list[tuple[str, str]]:
    if person is None:
        return []
    groups = await uow.groups.all()
    return [(g.code, _label(g)) for g in groups if await may_open(uow, person, g)]


async def new_poll(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """`ny avstemning`: the form (project lead, administrators, chairs of a group)."""
    async with ctx.db.uow() as uow:
        person = await _sender(uow, turn)
        groups = await _form_groups(uow, person)
        if not groups:
            return [Message(text=PollError("not_allowed").message(turn.language))]
        here = [g.code for g in await uow.groups.by_conversation(turn.conversation.id)]
    allowed = {code for code, _ in groups}
    chosen = next((code for code in here if code in allowed), "")
    values = {"group": argument.strip().upper() or chosen}
    return [Message(card=poll_form_card(turn.language, groups, values=values))]


def _form_value(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return value if isinstance(value, str) else ""


FORM_FIELDS: Final = (
    "group", "title", "description", "options", "deadline_date", "deadline_time",
    "quorum", "majority", "anonymous", "multiple", "live", "close_all",
)  # fmt: skip


def spec_from_form(
    values: dict[str, str], zone: ZoneInfo
) -> tuple[PollSpec | None, list[PollError]]:
    """The spec the form describes, or what is wrong with it."""
    problems: list[PollError] = []
    try:
        day = date.fromisoformat(values["deadline_date"].strip())
        clock = time.fromisoformat(values["deadline_time"].strip() or "12:00")
        deadline = datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)
    except ValueError:
        problems.append(PollError("deadline"))
        deadline = utcnow()
    try:
        quorum = parse_quorum((values["quorum"].strip() or "50") + "%")
    except (ValueError, ZeroDivisionError):
        problems.append(PollError("quorum"))
        quorum = Fraction(1, 2)
    spec = PollSpec(
        group_code=values["group"],
        title=values["title"],
        description=values["description"],
        options=parse_options(values["options"]),
        deadline=deadline,
        quorum=quorum,
        majority=values["majority"] or "simple",
        anonymous=values["anonymous"] == "true",
        multiple=values["multiple"] == "true",
        live=values["live"] == "true",
        close_when_all_voted=values["close_all"] == "true",
    )
    return spec, problems


async def create(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`poll-create`: open the poll from the form, or show the form again with what is wrong."""
    language = turn.language
    values = {name: _form_value(turn.data, name) for name in FORM_FIELDS}
    async with ctx.db.uow() as uow:
        person = await _sender(uow, turn)
        groups = await _form_groups(uow, person)
        if person is None or not groups:
            return CardResult(message=PollError("not_allowed").message(language), status=403)
        spec, problems = spec_from_form(values, ctx.timezone)
        if values["group"].strip().upper() not in {code for code, _ in groups}:
            problems.append(PollError("not_allowed", status=403))
        poll: Poll | None = None
        if spec is not None and not problems:
            try:
                poll = await open_poll(uow, ctx, spec, creator=person, creator_name=person.name)
            except PollError as exc:
                problems.append(exc)
        if poll is not None:
            await uow.commit()
            card = await personal_card(uow, ctx, language, poll, person)
            return CardResult(card=card)
    messages = [problem.message(language) for problem in problems]
    form = poll_form_card(language, groups, values=values, problems=messages)
    return CardResult(card=form)


# -- Minutes -----------------------------------------------------------------------------------


async def export_minutes(
    db: Database, poll_id: int, fmt: str, *, language: Language, zone: ZoneInfo
) -> str:
    """The minutes of a poll as `md` or `csv`; raises PollError("unknown_poll")."""
    async with db.uow() as uow:
        poll = await uow.polls.get(poll_id)
        if poll is None:
            raise PollError("unknown_poll")
        view = await view_of(uow, poll, tallies=True)
        result = (
            _localized_votes(language, await result_of(uow, poll), poll)
            if poll.status == "closed"
            else None
        )
    if fmt == "csv":
        return minutes_csv(language, result, view)
    return minutes_markdown(
        language, result, view, opened=poll.created_at, created_by=poll.created_by_name, zone=zone
    )


WORKFLOW: Final = Workflow(
    "polls",
    commands={"new_poll": new_poll},
    card_verbs={
        VOTE_VERB: vote,
        CHANGE_VERB: change,
        CLOSE_VERB: close,
        REFRESH_VERB: refresh,
        CREATE_VERB: create,
    },
    timers={CLOSE_JOB: _close_at_deadline, REMINDER_JOB: _remind_non_voters},
    digest_sections=(open_polls,),
)
