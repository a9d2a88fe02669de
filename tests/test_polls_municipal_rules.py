"""Property tests of per-municipality polls and conflicts of interest: one vote per seat
whatever the number of its members, the deputy only without the delegate, the disqualified never
in the electorate, quorum and majority in municipalities, ties under the chair rule."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from dialogs.polls.rules import (
    Ballot,
    PollRules,
    Seat,
    decide,
    electorate,
    principal,
    represents,
    seat_ballots,
    seated,
    votes_against,
)
from vocabulary import Majority

OPTIONS = ("o1", "o2", "o3")
CHOICE: st.SearchStrategy[frozenset[str]] = st.one_of(
    st.just(frozenset()), st.sampled_from(OPTIONS).map(lambda o: frozenset({o}))
)


@st.composite
def municipalities(draw: st.DrawFn) -> tuple[list[Seat], dict[int, frozenset[str]], set[int]]:
    """Seats with 1-8 members each (ids unique across seats), everyone's vote or none, and a
    set of disqualified people."""
    seats: list[Seat] = []
    votes: dict[int, frozenset[str]] = {}
    next_id = 0
    for number in range(draw(st.integers(min_value=1, max_value=23))):
        members = list(range(next_id, next_id + draw(st.integers(min_value=1, max_value=8))))
        next_id += len(members)
        delegate = draw(st.one_of(st.none(), st.sampled_from(members)))
        deputy = draw(st.one_of(st.none(), st.sampled_from(members)))
        if deputy == delegate:
            deputy = None
        proxy = draw(st.one_of(st.none(), st.sampled_from(members))) if delegate else None
        if proxy in (delegate, deputy):
            proxy = None
        weight = draw(st.integers(min_value=1, max_value=5))
        seats.append(Seat(f"m{number}", weight, delegate, deputy, proxy))
        for member in members:
            if draw(st.booleans()):
                votes[member] = draw(CHOICE)
    disqualified = draw(st.sets(st.integers(min_value=0, max_value=max(next_id - 1, 0))))
    return seats, votes, disqualified


@settings(max_examples=300, deadline=None)
@given(municipalities())
def test_one_ballot_per_seat_whatever_the_members_send(
    case: tuple[list[Seat], dict[int, frozenset[str]], set[int]],
) -> None:
    seats, votes, disqualified = case
    ballots = seat_ballots(seats, votes, disqualified)
    owners = {}
    for seat in seats:
        for person in (seat.delegate, seat.deputy, seat.proxy):
            if person is not None:
                owners[person] = seat
    # At most one ballot per seat, carrying its weight, from someone who represents it.
    assert len(ballots) == len({owners[b.voter].municipality for b in ballots})
    for ballot in ballots:
        seat = owners[ballot.voter]
        assert represents(seat, ballot.voter) is not None
        assert ballot.weight == seat.weight and ballot.voter not in disqualified
    # Extra votes from people who represent no seat change nothing.
    outsiders = {10_000 + n: frozenset({"o1"}) for n in range(30)}
    assert seat_ballots(seats, {**votes, **outsiders}, disqualified) == ballots


@settings(max_examples=300, deadline=None)
@given(municipalities())
def test_the_deputy_counts_only_without_the_delegate(
    case: tuple[list[Seat], dict[int, frozenset[str]], set[int]],
) -> None:
    seats, votes, disqualified = case
    by_seat = {b.voter: b for b in seat_ballots(seats, votes, disqualified)}
    for seat in seats:
        first = principal(seat)
        first_counts = first is not None and first in votes and first not in disqualified
        if first_counts:
            assert first in by_seat and (seat.deputy is None or seat.deputy not in by_seat)
        elif seat.deputy is not None and seat.deputy in votes and seat.deputy not in disqualified:
            assert by_seat[seat.deputy].choices == votes[seat.deputy]
        # A delegate who handed a proxy never votes for the seat.
        if seat.proxy is not None and seat.delegate is not None:
            assert represents(seat, seat.delegate) is None
            assert seat.delegate not in by_seat or seat.delegate == seat.deputy


@settings(max_examples=300, deadline=None)
@given(municipalities())
def test_the_disqualified_are_never_in_the_electorate(
    case: tuple[list[Seat], dict[int, frozenset[str]], set[int]],
) -> None:
    seats, votes, disqualified = case
    people = set(votes) | {p for s in seats for p in (s.delegate, s.deputy) if p is not None}
    assert not electorate(people, disqualified) & disqualified
    assert electorate(people, disqualified) | (people & disqualified) == people
    for seat in seated(seats, disqualified):
        speakers = {principal(seat), seat.deputy} - {None}
        assert speakers - disqualified
    # A seat leaves only when all who may speak for it are disqualified.
    left = [s for s in seats if s not in seated(seats, disqualified)]
    for seat in left:
        assert {principal(seat), seat.deputy} - {None} <= disqualified


@settings(max_examples=300, deadline=None)
@given(municipalities(), st.fractions(min_value=0, max_value=1, max_denominator=10))
def test_quorum_and_majority_in_municipalities(
    case: tuple[list[Seat], dict[int, frozenset[str]], set[int]], quorum: Fraction
) -> None:
    seats, votes, disqualified = case
    present = seated(seats, disqualified)
    ballots = seat_ballots(present, votes, disqualified)
    weight = sum(seat.weight for seat in present)
    rules = PollRules(OPTIONS, electorate=weight, quorum=quorum)
    result = decide(rules, ballots)
    # Turnout is the weight of the seats that voted, never the number of people who did.
    assert result.turnout == sum(b.weight for b in ballots) <= weight
    assert sum(result.tallies.values()) == sum(b.weight for b in ballots if b.choices)
    assert result.quorum_met == (weight > 0 and Fraction(result.turnout, weight) >= quorum)
    if result.status == "decided" and result.winner is not None:
        others = votes_against(result)
        assert result.tallies[result.winner] >= max(
            (n for o, n in result.tallies.items() if o != result.winner), default=0
        )
        assert others == sum(result.tallies.values()) - result.tallies[result.winner]


def test_a_heavier_seat_outweighs_two_lighter_ones() -> None:
    seats = [Seat("3905", 3, 1, 2), Seat("4003", 1, 3, 4), Seat("4001", 1, 5, 6)]
    votes = {1: frozenset({"o1"}), 3: frozenset({"o2"}), 5: frozenset({"o2"}), 2: frozenset()}
    result = decide(PollRules(OPTIONS, electorate=5), seat_ballots(seats, votes))
    assert result.tallies == {"o1": 3, "o2": 2, "o3": 0}
    assert result.winner == "o1" and votes_against(result) == 2


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=4), st.sampled_from(OPTIONS[:2]))
def test_ties_between_seats_follow_the_chair_rule(weight: int, chair_pick: str) -> None:
    # Two seats of equal weight split; the chair (delegate of the first) decides the tie.
    seats = [Seat("a", weight, 1, 2), Seat("b", weight, 3, 4)]
    other = "o2" if chair_pick == "o1" else "o1"
    votes = {1: frozenset({chair_pick}), 3: frozenset({other})}
    ballots = seat_ballots(seats, votes)
    decided = decide(PollRules(OPTIONS, electorate=2 * weight, chair=1), ballots)
    assert decided.status == "decided" and decided.winner == chair_pick and decided.chair_decided
    # The chair's own deputy's vote is not the chair's: no tie-break when the deputy voted.
    by_deputy = seat_ballots(seats, {2: frozenset({chair_pick}), 3: frozenset({other})})
    tied = decide(PollRules(OPTIONS, electorate=2 * weight, chair=1), by_deputy)
    assert tied.status == "tie"
    secret = decide(PollRules(OPTIONS, 2 * weight, chair=1, chair_breaks_ties=False), ballots)
    assert secret.status == "tie"
    two_thirds = decide(PollRules(OPTIONS, 2 * weight, majority=Majority.TWO_THIRDS), ballots)
    assert two_thirds.status == "no_majority"
    assert decide(PollRules(OPTIONS, 2 * weight), [Ballot(1, frozenset(), weight)]).cast == 0
