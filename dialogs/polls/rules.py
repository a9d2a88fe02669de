"""The rules of a poll as pure functions: quorum, majority, ranking and the chair's tie-break.

Everything is exact (fractions, integers); the order in which ballots arrive never matters.

- Quorum: the share of the electorate that voted, abstentions included (they were present).
- Simple majority: an option wins with more votes than any other option; abstentions are
  not votes cast for anything. Two-thirds: an option needs at least two thirds of the ballots
  that chose something.
- Multiple choice: every chosen option gets a vote; options are ranked by votes.
- A tie for first place under simple majority is decided by the chair's vote when the chair
  voted for exactly one of the tied options (møteleders dobbeltstemme, kommuneloven § 11-9);
  otherwise the result is a tie. In an anonymous poll the tie stands, since breaking it would
  disclose how the chair voted.
- Without quorum the poll is not decided, whatever the votes.
- Per municipality: each participating municipality holds one seat with a weight (1 unless the
  lead set another). The seat's vote is that of its delegate (or of the person holding the
  delegate's proxy); the deputy's vote counts only when the delegate has not voted. Quorum and
  majority are then counted in seats (weights), not people.
- A member with a conflict of interest (inhabil) is never in the electorate; a seat whose every
  representative is disqualified leaves the electorate.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from fractions import Fraction
from typing import Final, Literal

from vocabulary import Majority

Status = Literal["decided", "tie", "no_majority", "no_quorum"]

MAJORITIES: Final[tuple[Majority, ...]] = tuple(Majority)
DEFAULT_QUORUM: Final = Fraction(1, 2)
TWO_THIRDS: Final = Fraction(2, 3)


@dataclass(frozen=True, slots=True)
class Ballot:
    """One voter's current vote: the option ids chosen (none = abstention)."""

    voter: int
    choices: frozenset[str]
    # How many votes the ballot carries: 1 for a person, the seat's weight for a municipality.
    weight: int = 1


@dataclass(frozen=True, slots=True)
class PollRules:
    """How a poll is decided."""

    options: tuple[str, ...]
    electorate: int
    quorum: Fraction = DEFAULT_QUORUM
    majority: Majority = Majority.SIMPLE
    multiple: bool = False
    chair: int | None = None
    # False for anonymous polls: the chair's vote may not be revealed by a tie-break.
    chair_breaks_ties: bool = True


@dataclass(frozen=True, slots=True)
class PollResult:
    """The outcome: status, winner (when decided), tallies and ranking."""

    status: Status
    winner: str | None
    tallies: dict[str, int]
    ranking: tuple[str, ...]
    turnout: int
    cast: int  # ballots that chose at least one option
    quorum_met: bool
    tied: tuple[str, ...] = ()
    chair_decided: bool = False


def quorum_met(electorate: int, turnout: int, quorum: Fraction) -> bool:
    """True when `turnout` of `electorate` is at least the `quorum` share."""
    if electorate <= 0:
        return False
    return Fraction(turnout, electorate) >= quorum


def tally(options: Sequence[str], ballots: Iterable[Ballot]) -> dict[str, int]:
    """Votes per option (every option present, in the options' order)."""
    counts = dict.fromkeys(options, 0)
    for ballot in ballots:
        for choice in ballot.choices:
            if choice in counts:
                counts[choice] += ballot.weight
    return counts


def rank(options: Sequence[str], counts: dict[str, int]) -> tuple[str, ...]:
    """Options by votes, most first; equal counts keep the options' own order."""
    order = {option: index for index, option in enumerate(options)}
    return tuple(sorted(options, key=lambda option: (-counts[option], order[option])))


def decide(rules: PollRules, ballots: Iterable[Ballot]) -> PollResult:
    """Apply `rules` to the ballots (one per voter; a later ballot of the same voter wins)."""
    by_voter: dict[int, Ballot] = {}
    for ballot in ballots:
        by_voter[ballot.voter] = ballot
    current = sorted(by_voter.values(), key=lambda b: b.voter)
    counts = tally(rules.options, current)
    ranking = rank(rules.options, counts)
    turnout = sum(ballot.weight for ballot in current)
    cast = sum(ballot.weight for ballot in current if ballot.choices & set(rules.options))
    met = quorum_met(rules.electorate, turnout, rules.quorum)

    def result(
        status: Status,
        winner: str | None = None,
        *,
        tied: tuple[str, ...] = (),
        chair_decided: bool = False,
    ) -> PollResult:
        return PollResult(status, winner, counts, ranking, turnout, cast, met, tied, chair_decided)

    if not met:
        return result("no_quorum")
    if cast == 0 or not ranking:
        return result("no_majority")
    top = counts[ranking[0]]
    if rules.majority == Majority.TWO_THIRDS:
        if Fraction(top, cast) >= TWO_THIRDS and _unique_top(ranking, counts):
            return result("decided", ranking[0])
        return result("no_majority")
    tied = tuple(option for option in ranking if counts[option] == top)
    if len(tied) == 1:
        return result("decided", tied[0])
    chair_ballot = by_voter.get(rules.chair) if rules.chair is not None else None
    if rules.chair_breaks_ties and chair_ballot is not None:
        picked = [option for option in tied if option in chair_ballot.choices]
        if len(picked) == 1:
            return result("decided", picked[0], tied=tied, chair_decided=True)
    return result("tie", tied=tied)


def _unique_top(ranking: Sequence[str], counts: dict[str, int]) -> bool:
    return len(ranking) < 2 or counts[ranking[0]] > counts[ranking[1]]


def parse_quorum(raw: str) -> Fraction:
    """`0.5`, `50%` or `1/2` as a fraction between 0 and 1; ValueError otherwise."""
    cleaned = raw.strip().replace(",", ".")
    value = Fraction(cleaned[:-1]) / 100 if cleaned.endswith("%") else Fraction(cleaned)
    if not 0 <= value <= 1:
        raise ValueError(raw)
    return value


@dataclass(frozen=True, slots=True)
class Onlooker:
    """How someone who asks for a poll's card stands to the poll."""

    elector: bool = False
    member: bool = False  # a current member of the poll's group
    creator: bool = False
    lead: bool = False  # the project lead or an administrator


def may_see_poll(onlooker: Onlooker) -> bool:
    """The audience of a poll's card: its electorate, its group's members, its creator, the
    project lead and administrators. Within it, tallies show only as the poll's settings allow
    (live, or after the close) and names only after the close of a poll that is not anonymous.
    """
    return onlooker.elector or onlooker.member or onlooker.creator or onlooker.lead


@dataclass(frozen=True, slots=True)
class Seat:
    """A municipality's seat in a per-municipality poll and the people who speak for it."""

    municipality: str
    weight: int = 1
    delegate: int | None = None
    deputy: int | None = None
    proxy: int | None = None  # holds the delegate's proxy: votes in the delegate's place


def principal(seat: Seat) -> int | None:
    """Who casts the seat's first-rank vote: the proxy holder, else the delegate."""
    return seat.proxy if seat.proxy is not None else seat.delegate


def represents(seat: Seat, person: int) -> str | None:
    """`proxy`, `delegate` or `deputy` when the person may vote for the seat, else None.

    A delegate who handed a proxy to someone no longer votes themselves.
    """
    if seat.proxy is not None and person == seat.proxy:
        return "proxy"
    if seat.proxy is None and person == seat.delegate:
        return "delegate"
    if person == seat.deputy:
        return "deputy"
    return None


def seat_ballots(
    seats: Iterable[Seat],
    votes: Mapping[int, frozenset[str]],
    disqualified: Set[int] = frozenset(),
) -> list[Ballot]:
    """One ballot per seat, with the seat's weight: the principal's vote, else the deputy's.

    `votes` are every person's current vote; votes of people who do not represent a seat, and
    of disqualified people, never count.
    """
    ballots: list[Ballot] = []
    for seat in seats:
        for person in (principal(seat), seat.deputy):
            if person is not None and person not in disqualified and person in votes:
                ballots.append(Ballot(person, votes[person], seat.weight))
                break
    return ballots


def seated(seats: Iterable[Seat], disqualified: Set[int] = frozenset()) -> list[Seat]:
    """The seats in the electorate: those with a representative who is not disqualified."""
    return [
        seat
        for seat in seats
        if any(
            person is not None and person not in disqualified
            for person in (principal(seat), seat.deputy)
        )
    ]


def electorate(people: Iterable[int], disqualified: Set[int]) -> frozenset[int]:
    """The people who may vote in a poll of people: the members less the disqualified."""
    return frozenset(people) - frozenset(disqualified)


def votes_against(result: PollResult) -> int:
    """How many votes went to other options than the winner ("vedtatt mot 2 stemmer")."""
    if result.winner is None:
        return 0
    return sum(count for option, count in result.tallies.items() if option != result.winner)
