"""The polls in Teams: the form, the buttons of the poll card, and each member's own view of it.

Each handler reads the turn, calls the service in one unit of work, and answers with a card or a
refusal; the shared card in the group's conversation is updated by the service via the outbox.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, time
from fractions import Fraction
from typing import Final
from zoneinfo import ZoneInfo

from cards.base import Card, notice
from cards.poll_cards import (
    CONFIRM,
    ResultView,
    Viewer,
    close_confirm_card,
    conflict_card,
    dissent_card,
    open_polls_card,
    poll_card,
    poll_form_card,
    proxy_card,
    result_card,
)
from cards.texts import Language, text
from dialogs.kernel.access import sender_people
from dialogs.kernel.context import DialogContext
from dialogs.kernel.fields import form_field, int_field
from dialogs.kernel.turns import CardResult, Message, TurnInput
from dialogs.polls.conduct import (
    Conflict,
    declare_conflict,
    enter_dissent,
    give_proxy,
    may_chair,
)
from dialogs.polls.rules import Onlooker, may_see_poll, parse_quorum
from dialogs.polls.service import (
    PollError,
    PollSpec,
    Vote,
    cast_vote,
    close_poll,
    may_open,
    open_poll,
    parse_options,
    result_of,
)
from dialogs.polls.views import group_label, localized_votes, municipality_names, view_of
from storage.models import Person, Poll, utcnow
from storage.uow import UnitOfWork
from vocabulary import Majority, Represents, RoundStatus

FORM_FIELDS: Final = (
    "group", "title", "description", "options", "deadline_date", "deadline_time",
    "quorum", "majority", "anonymous", "multiple", "live", "close_all", "per_municipality",
)  # fmt: skip


async def _sender(uow: UnitOfWork, turn: TurnInput) -> Person | None:
    people = await sender_people(uow, turn)
    return people[0] if people else None


def _refused(error: PollError, language: Language) -> CardResult:
    return CardResult(message=error.message(language), status=error.status)


def _result_card(language: Language, result: ResultView, poll: Poll, ctx: DialogContext) -> Card:
    return result_card(language, localized_votes(language, result, poll), ctx.timezone)


async def personal_card(
    uow: UnitOfWork,
    ctx: DialogContext,
    language: Language,
    poll: Poll,
    person: Person | None,
    *,
    changing: bool = False,
) -> Card:
    """The poll (or its result) as this person sees it."""
    if poll.status == RoundStatus.CLOSED:
        return _result_card(language, await result_of(uow, poll), poll, ctx)
    view = await view_of(uow, poll)
    if person is None:
        return poll_card(language, view, ctx.timezone, Viewer(eligible=False, choices=None))
    return poll_card(language, view, ctx.timezone, await viewer_of(uow, poll, person, changing))


async def viewer_of(
    uow: UnitOfWork, poll: Poll, person: Person, changing: bool = False, notice: str | None = None
) -> Viewer:
    """How this person stands to the open poll: vote, seat, proxy, chair."""
    elector = await uow.polls.elector(poll, person.id)
    vote = await uow.polls.vote_of(poll, person.id) if elector is not None else None
    seat = None
    if elector is not None and elector.municipality_number is not None:
        seat = next(
            s
            for s in await uow.polls.seats(poll)
            if s.municipality_number == elector.municipality_number
        )
    holder = await uow.people.get(seat.proxy_id) if seat and seat.proxy_id else None
    names = await municipality_names(uow)
    return Viewer(
        eligible=elector is not None,
        choices=tuple(vote.choices) if vote is not None else None,
        revision=vote.revision if vote is not None else 0,
        is_creator=_is_creator(poll, person),
        changing=changing,
        municipality=seat.municipality_number if seat else None,
        municipality_name=names.get(seat.municipality_number) if seat else None,
        represents=elector.represents if elector is not None else None,
        may_give_proxy=(
            seat is not None
            and seat.proxy_id is None
            and elector is not None
            and elector.represents == Represents.DELEGATE
            and vote is None
        ),
        proxy=(holder.name, seat.proxy_at) if holder and seat and seat.proxy_at else None,
        may_chair=await may_chair(uow, poll, person),
        notice=notice,
    )


def _is_creator(poll: Poll, person: Person) -> bool:
    return poll.created_by is not None and poll.created_by == person.id


async def in_audience(uow: UnitOfWork, poll: Poll, person: Person | None) -> bool:
    """Whether the person may see the poll's card at all (`rules.may_see_poll`)."""
    if person is None:
        return False
    group = await uow.groups.get(poll.group_id)
    membership = await uow.groups.membership(group, person) if group is not None else None
    onlooker = Onlooker(
        elector=await uow.polls.elector(poll, person.id) is not None,
        member=membership is not None,
        creator=_is_creator(poll, person),
        lead=person.is_project_lead or person.is_admin,
    )
    return may_see_poll(onlooker)


async def _shown(turn: TurnInput, ctx: DialogContext, *, changing: bool) -> CardResult:
    poll_id = int_field(turn.data, "poll")
    async with ctx.db.uow() as uow:
        poll = await uow.polls.get(poll_id) if poll_id is not None else None
        if poll is None:
            return _refused(PollError("unknown_poll"), turn.language)
        person = await _sender(uow, turn)
        if not await in_audience(uow, poll, person):
            return _refused(PollError("not_audience", status=403), turn.language)
        changing = changing and poll.status == RoundStatus.OPEN
        card = await personal_card(uow, ctx, turn.language, poll, person, changing=changing)
        return CardResult(card=card)


async def refresh(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`poll-refresh` (Teams' automatic refresh): this member's own view of the poll."""
    return await _shown(turn, ctx, changing=False)


async def change(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`poll-change`: the ballot again, with the current vote chosen; nothing is stored yet."""
    return await _shown(turn, ctx, changing=True)


async def vote(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`poll-vote`: store the member's vote and show them their own view."""
    poll_id, revision = int_field(turn.data, "poll"), int_field(turn.data, "rev", 0)
    language = turn.language
    async with ctx.db.uow() as uow:
        person = await _sender(uow, turn)
        try:
            if poll_id is None or revision is None:
                raise PollError("unknown_poll")
            if person is None:
                raise PollError("unknown_person", status=403)
            ballot = Vote(
                poll_id,
                turn.data.get("choice"),
                revision,
                reason=form_field(turn.data, "reason"),
                municipality=form_field(turn.data, "municipality") or None,
            )
            cast = await cast_vote(uow, ctx, ballot, person)
        except PollError as refused:
            if refused.code == "stale" and poll_id is not None and person is not None:
                return await _stale(uow, ctx, language, poll_id, person, refused)
            return _refused(refused, language)
        await uow.commit()
        if cast.result is not None:
            return CardResult(card=_result_card(language, cast.result, cast.poll, ctx))
        viewer = await viewer_of(uow, cast.poll, person)
    return CardResult(card=poll_card(language, cast.view, ctx.timezone, viewer))


async def _stale(
    uow: UnitOfWork,
    ctx: DialogContext,
    language: Language,
    poll_id: int,
    person: Person,
    refused: PollError,
) -> CardResult:
    """A vote from an out-of-date card: nothing is stored; the answer is the member's current
    view with the reason and a refresh button, so the next try starts from what is stored."""
    poll = await uow.polls.get(poll_id)
    if poll is None:
        return _refused(refused, language)
    view = await view_of(uow, poll)
    viewer = await viewer_of(uow, poll, person, notice=refused.message(language))
    return CardResult(card=poll_card(language, view, ctx.timezone, viewer))


async def close(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`poll-close`: the creator closes the poll now."""
    poll_id = int_field(turn.data, "poll")
    language = turn.language
    async with ctx.db.uow() as uow:
        poll = await uow.polls.get(poll_id, lock=True) if poll_id is not None else None
        if poll is None:
            return _refused(PollError("unknown_poll"), language)
        person = await _sender(uow, turn)
        if not await in_audience(uow, poll, person):
            return _refused(PollError("not_audience", status=403), language)
        if poll.status != RoundStatus.OPEN:
            return CardResult(card=await personal_card(uow, ctx, language, poll, person))
        if person is None or not _is_creator(poll, person):
            return _refused(PollError("not_creator", status=403), language)
        if turn.data.get("confirm") != CONFIRM:
            return CardResult(card=close_confirm_card(language, await view_of(uow, poll)))
        result = await close_poll(uow, ctx, poll, "creator", closed_by=person.name)
        await uow.commit()
    return CardResult(card=_result_card(language, result, poll, ctx))


async def _form_groups(uow: UnitOfWork, person: Person | None) -> list[tuple[str, str]]:
    """(code, label) of the groups the person may open polls in."""
    if person is None:
        return []
    groups = await uow.groups.all()
    return [(g.code, group_label(g)) for g in groups if await may_open(uow, person, g)]


async def new_poll(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """`ny avstemning`: the form (project lead, administrators, chairs of a group)."""
    async with ctx.db.uow() as uow:
        person = await _sender(uow, turn)
        groups = await _form_groups(uow, person)
        if not groups:
            return [Message(text=PollError("not_allowed").message(turn.language))]
        here = [g.code for g in await uow.groups.by_conversation(turn.conversation.id)]
        weights = await _weights(uow)
    allowed = {code for code, _ in groups}
    chosen = next((code for code in here if code in allowed), "")
    values = {"group": argument.strip().upper() or chosen}
    card = poll_form_card(turn.language, groups, values=values, weights=weights)
    return [Message(card=card)]


async def list_open(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """`avstemninger`: the open polls the sender may see, with turnout and a button each."""
    async with ctx.db.read() as uow:
        person = await _sender(uow, turn)
        views = [
            await view_of(uow, poll)
            for poll in await uow.polls.open_polls()
            if await in_audience(uow, poll, person)
        ]
    return [Message(card=open_polls_card(turn.language, views, ctx.timezone))]


async def _weights(uow: UnitOfWork) -> list[tuple[str, int]]:
    """Participating municipalities whose vote weight the lead set to other than 1."""
    return [
        (m.name, m.vote_weight)
        for m in await uow.municipalities.participating()
        if m.vote_weight != 1
    ]


def spec_from_form(values: dict[str, str], zone: ZoneInfo) -> tuple[PollSpec, list[PollError]]:
    """The spec the form describes, and what is wrong with its deadline and quorum."""
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
        majority=values["majority"] or Majority.SIMPLE,
        anonymous=values["anonymous"] == "true",
        multiple=values["multiple"] == "true",
        live=values["live"] == "true",
        close_when_all_voted=values["close_all"] == "true",
        per_municipality=values["per_municipality"] == "true",
    )
    return spec, problems


async def create(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`poll-create`: open the poll from the form, or show the form again with what is wrong."""
    language = turn.language
    values = {name: form_field(turn.data, name) for name in FORM_FIELDS}
    async with ctx.db.uow() as uow:
        person = await _sender(uow, turn)
        groups = await _form_groups(uow, person)
        if person is None or not groups:
            return _refused(PollError("not_allowed", status=403), language)
        spec, problems = spec_from_form(values, ctx.timezone)
        if values["group"].strip().upper() not in {code for code, _ in groups}:
            problems.append(PollError("not_allowed", status=403))
        if not problems:
            try:
                poll = await open_poll(uow, ctx, spec, creator=person, creator_name=person.name)
            except PollError as refused:
                problems.append(refused)
            else:
                await uow.commit()
                return CardResult(card=await personal_card(uow, ctx, language, poll, person))
        weights = await _weights(uow)
    messages = [problem.message(language) for problem in problems]
    card = poll_form_card(language, groups, values=values, problems=messages, weights=weights)
    return CardResult(card=card)


# A step of a poll: the card that asks (before it is confirmed), and the act, which returns the
# words saying what was recorded (or None).
Ask = Callable[[UnitOfWork, Poll, Person], Awaitable[Card]]
Act = Callable[[UnitOfWork, Poll, Person], Awaitable[str | None]]


async def _step(turn: TurnInput, ctx: DialogContext, ask: Ask, act: Act) -> CardResult:
    """Who may see the poll may take a step: first its card, then (confirmed) the act, answered
    with the member's own view and what was recorded; a refusal writes nothing."""
    poll_id, language = int_field(turn.data, "poll"), turn.language
    async with ctx.db.uow() as uow:
        person = await _sender(uow, turn)
        poll = await uow.polls.get(poll_id) if poll_id is not None else None
        if poll is None or person is None or not await in_audience(uow, poll, person):
            return _refused(PollError("not_audience", status=403), language)
        try:
            if turn.data.get("confirm") != CONFIRM:
                return CardResult(card=await ask(uow, poll, person))
            done = await act(uow, poll, person)
        except PollError as refused:
            return _refused(refused, language)
        await uow.commit()
        card = await personal_card(uow, ctx, language, poll, person)
    return CardResult(card=_with_notice(card, done) if done else card)


async def conflict(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`poll-conflict`: the step card, then (confirmed) the conflict of interest recorded."""

    async def ask(uow: UnitOfWork, poll: Poll, person: Person) -> Card:
        people = None
        if await may_chair(uow, poll, person):
            people = [(p.id, p.name) for p, _ in await uow.polls.electors(poll)]
        return conflict_card(turn.language, await view_of(uow, poll), people)

    async def act(uow: UnitOfWork, poll: Poll, person: Person) -> str:
        declared = Conflict(poll.id, turn.data.get("person"), form_field(turn.data, "reason"))
        record = await declare_conflict(uow, ctx, declared, person)
        return text(turn.language, "polls.done.conflict", name=record.person_name)

    return await _step(turn, ctx, ask, act)


async def proxy(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`poll-proxy`: a delegate picks a person of the municipality; the proxy is recorded."""

    async def ask(uow: UnitOfWork, poll: Poll, person: Person) -> Card:
        if person.municipality_number is None:
            raise PollError("not_delegate", status=403)
        people = [
            (p.id, p.name)
            for p in await uow.people.in_municipality(person.municipality_number)
            if p.id != person.id
        ]
        return proxy_card(turn.language, await view_of(uow, poll), people)

    async def act(uow: UnitOfWork, poll: Poll, person: Person) -> None:
        await give_proxy(uow, ctx, poll.id, person, turn.data.get("to"))

    return await _step(turn, ctx, ask, act)


async def dissent(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`poll-dissent`: the step card, then the dissent appended to the poll's decision."""

    async def ask(uow: UnitOfWork, poll: Poll, person: Person) -> Card:
        view = await view_of(uow, poll, tallies=True)
        return dissent_card(turn.language, view, poll.dissent_hours)

    async def act(uow: UnitOfWork, poll: Poll, person: Person) -> str:
        statement = form_field(turn.data, "statement")
        decision = await enter_dissent(uow, ctx, poll.id, person, statement)
        return text(turn.language, "polls.done.dissent", sequence=decision.sequence)

    return await _step(turn, ctx, ask, act)


def _with_notice(card: Card, words: str) -> Card:
    """The card with a confirmation line on top (what was just recorded)."""
    body = [notice(words, "Good"), *card.get("body", [])]
    return {**card, "body": body}
