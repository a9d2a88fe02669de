"""What the poll cards show: a poll's view, its result's view, and the voters' choices in words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from fractions import Fraction
from typing import Final

from cards.poll_cards import PollView, ResultView, choice_words
from cards.reach import Missing
from cards.texts import DEFAULT_LANGUAGE, Language, text
from dialogs.kernel.reachability import delivery_reach, missing_of
from dialogs.polls.rules import PollResult
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


async def view_of(uow: UnitOfWork, poll: Poll, *, tallies: bool | None = None) -> PollView:
    """The cards' view of a poll; tallies only when the poll shows them (live) or is closed."""
    group = await uow.groups.get(poll.group_id)
    electors = await uow.polls.electors(poll)
    live = poll.results == LIVE
    show = live or poll.status == RoundStatus.CLOSED if tallies is None else tallies
    counts: dict[str, int] | None = None
    if show:
        counts = {option["id"]: 0 for option in poll.options}
        for ballot in await uow.polls.ballots(poll):
            for choice in ballot:
                if choice in counts:
                    counts[choice] += 1
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
        electorate=len(electors),
        voted=len(await uow.polls.turnout(poll)),
        refresh_users=tuple(p.teams_user_id for p, _ in electors if p.teams_user_id),
        tallies=counts,
        missing=tuple(await poll_missing(uow, poll, [p for p, _ in electors])),
    )


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
