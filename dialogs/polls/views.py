"""What the poll cards show: a poll's view, its result's view, and the voters' choices in words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from fractions import Fraction
from typing import Final

from cards.poll_cards import PollView, ResultView, choice_words
from cards.reach import Missing
from cards.texts import DEFAULT_LANGUAGE, Language, text
from dialogs.kernel.reachability import delivery_reach, missing_of
from dialogs.polls.rules import (
    Ballot,
    PollResult,
    Seat,
    represents,
    seat_ballots,
    seated,
    tally,
    votes_against,
)
from storage.models import Group, Person, Poll, PollElector, PollVote
from storage.uow import UnitOfWork
from vocabulary import RoundStatus

# `Poll.results`: the tallies are shown while the poll is open, or only after the close.
LIVE: Final = "live"
AFTER_CLOSE: Final = "after-close"
RESULT_MODES: Final = (LIVE, AFTER_CLOSE)


def group_label(group: Group) -> str:
    """`STY – Styringsgruppe`."""
    return f"{group.code} – {group.name}"


def options_of(poll: Poll) -> tuple[tuple[str, str], ...]:
    """The poll's options as (id, title) pairs, in the poll's order."""
    return tuple((option["id"], option["title"]) for option in poll.options)


def card_key(poll: Poll) -> str:
    """The outbox key of the poll card in the group's conversation (its updates refer to it)."""
    return f"poll:{poll.id}:card"


@dataclass(frozen=True, slots=True)
class Count:
    """The ballots that count and the electorate they are counted against."""

    ballots: list[Ballot]
    electorate: int  # people, or the seats' weights in a per-municipality poll
    seats: tuple[Seat, ...] = ()  # the seats in the electorate (per-municipality polls)
    votes: tuple[PollVote, ...] = ()  # every current vote (none once sealed)


async def count_of(uow: UnitOfWork, poll: Poll) -> Count:
    """Apply the electorate rules to the stored votes: one ballot per person, or per seat."""
    electors = await uow.polls.electors(poll)
    if poll.ballots is not None:
        # A sealed anonymous poll has ballots without voters: number them.
        sealed = [Ballot(-n, frozenset(c)) for n, c in enumerate(poll.ballots, 1)]
        return Count(sealed, len(electors))
    votes = tuple(await uow.polls.votes(poll))
    if not poll.per_municipality:
        ballots = [Ballot(v.person_id, frozenset(v.choices)) for v in votes]
        return Count(ballots, len(electors), votes=votes)
    # A person with a conflict of interest left `poll_electors`: only those still in it speak.
    present = {person.id for person, _ in electors}
    disqualified = {conflict.person_id for conflict in await uow.polls.conflicts(poll)}
    disqualified |= {
        person
        for row in await uow.polls.seats(poll)
        for person in (row.delegate_id, row.deputy_id, row.proxy_id)
        if person is not None and person not in present
    }
    seats = seated(await seats_of(uow, poll), disqualified)
    choices = {vote.person_id: frozenset(vote.choices) for vote in votes}
    ballots = seat_ballots(seats, choices, disqualified)
    return Count(ballots, sum(seat.weight for seat in seats), tuple(seats), votes)


async def seats_of(uow: UnitOfWork, poll: Poll) -> list[Seat]:
    """The poll's seats as the rules see them."""
    return [
        Seat(row.municipality_number, row.weight, row.delegate_id, row.deputy_id, row.proxy_id)
        for row in await uow.polls.seats(poll)
    ]


async def view_of(uow: UnitOfWork, poll: Poll, *, tallies: bool | None = None) -> PollView:
    """The cards' view of a poll; tallies only when the poll shows them (live) or is closed."""
    group = await uow.groups.get(poll.group_id)
    electors = await uow.polls.electors(poll)
    live = poll.results == LIVE
    show = live or poll.status == RoundStatus.CLOSED if tallies is None else tallies
    count = await count_of(uow, poll)
    counts = tally([option["id"] for option in poll.options], count.ballots) if show else None
    names = await municipality_names(uow)
    weights = tuple((names.get(s.municipality, s.municipality), s.weight) for s in count.seats)
    return PollView(
        id=poll.id,
        title=poll.title,
        description=poll.description,
        group=group_label(group) if group is not None else "",
        options=options_of(poll),
        deadline=poll.deadline,
        quorum=Fraction(poll.quorum),
        majority=poll.majority,
        anonymous=poll.anonymous,
        multiple=poll.multiple,
        live=live,
        electorate=len(count.seats) if poll.per_municipality else len(electors),
        voted=(len(count.ballots) if poll.per_municipality else len(await uow.polls.turnout(poll))),
        refresh_users=tuple(p.teams_user_id for p, _ in electors if p.teams_user_id),
        tallies=counts,
        missing=tuple(await poll_missing(uow, poll, [p for p, _ in electors])),
        per_municipality=poll.per_municipality,
        weights=tuple(pair for pair in weights if pair[1] != 1),
    )


async def municipality_names(uow: UnitOfWork) -> dict[str, str]:
    """Municipality number -> name."""
    return {m.number: m.name for m in await uow.municipalities.all()}


def reminder_key(poll: Poll, person: Person) -> str:
    """The outbox key of an elector's reminder."""
    return f"poll:{poll.id}:reminder:{person.id}"


async def poll_missing(uow: UnitOfWork, poll: Poll, electors: Sequence[Person]) -> list[Missing]:
    """The electors of an open poll Kravbot cannot reach 1:1 (none once it is closed)."""
    if poll.status != RoundStatus.OPEN:
        return []
    keys = {person.id: reminder_key(poll, person) for person in electors}
    return missing_of(await delivery_reach(uow, electors, keys))


def named_votes(
    view: PollView, electors: Sequence[tuple[Person, PollElector]], votes: Sequence[PollVote]
) -> tuple[tuple[str, str], ...]:
    """(name, choice) of each elector who voted, by name; choices in the default language.

    The decision log stores these words, so they do not depend on who closed the poll;
    `localized_votes` translates them for a reader.
    """
    by_person = {vote.person_id: vote for vote in votes}
    return tuple(
        (person.name, choice_words(DEFAULT_LANGUAGE, view, by_person[person.id].choices))
        for person, _ in electors
        if person.id in by_person
    )


def seat_votes(
    view: PollView, count: Count, people: dict[int, str], names: dict[str, str]
) -> tuple[tuple[str, str], ...]:
    """(municipality, choice and who cast it) per counted seat, by municipality name; words in
    the default language, as the decision log stores them."""
    rows: list[tuple[str, str]] = []
    for ballot in count.ballots:
        seat = next(s for s in count.seats if represents(s, ballot.voter) is not None)
        role = text(DEFAULT_LANGUAGE, f"polls.represents.{represents(seat, ballot.voter)}")
        cast_by = text(
            DEFAULT_LANGUAGE, "polls.minutes.cast_by", name=people.get(ballot.voter, ""), role=role
        )
        choice = choice_words(
            DEFAULT_LANGUAGE, view, [o for o, _ in view.options if o in ballot.choices]
        )
        rows.append((names.get(seat.municipality, seat.municipality), f"{choice} ({cast_by})"))
    return tuple(sorted(rows))


def vote_reasons(
    people: dict[int, str], votes: Sequence[PollVote], counted: set[int]
) -> tuple[tuple[str, str], ...]:
    """(name, reason) of the counted votes that carry a reason, by name."""
    return tuple(
        sorted(
            (people.get(v.person_id, ""), v.reason)
            for v in votes
            if v.reason and v.person_id in counted
        )
    )


def result_view(
    poll: Poll,
    view: PollView,
    outcome: PollResult,
    abstentions: int,
    votes: tuple[tuple[str, str], ...],
    now: datetime,
) -> ResultView:
    """The cards' view of a poll's outcome (`now` stands in for a close not yet stored)."""
    return ResultView(
        poll=view,
        status=outcome.status,
        winner=outcome.winner,
        tied=outcome.tied,
        chair_decided=outcome.chair_decided,
        quorum_met=outcome.quorum_met,
        turnout=outcome.turnout,
        abstentions=abstentions,
        tallies=outcome.tallies,
        closed_at=poll.closed_at or now,
        reason=poll.closed_reason or "deadline",
        decision_sequence=poll.decision_sequence,
        votes=votes,
        against=votes_against(outcome),
    )


def localized_votes(language: Language, result: ResultView, poll: Poll) -> ResultView:
    """The voters' choices in `language` (the abstention word is translated)."""
    if language == DEFAULT_LANGUAGE or poll.anonymous:
        return result
    abstain_default = text(DEFAULT_LANGUAGE, "polls.result.abstain_word")
    votes = tuple(
        (name, text(language, "polls.result.abstain_word") if choice == abstain_default else choice)
        for name, choice in result.votes
    )
    return replace(result, votes=votes)
