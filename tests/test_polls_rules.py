"""Property tests of the poll rules: quorum, majorities, ranking and the chair's tie-break."""

from __future__ import annotations

import random
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from dialogs.polls.rules import Ballot, PollRules, decide, parse_quorum, quorum_met
from vocabulary import Majority

OPTIONS = ("o1", "o2", "o3")


@st.composite
def polls(draw: st.DrawFn) -> tuple[PollRules, list[Ballot]]:
    multiple = draw(st.booleans())
    electorate = draw(st.integers(min_value=1, max_value=25))
    turnout = draw(st.integers(min_value=0, max_value=electorate))
    choice = (
        st.frozensets(st.sampled_from(OPTIONS), max_size=3)
        if multiple
        else st.one_of(st.just(frozenset()), st.sampled_from(OPTIONS).map(lambda o: frozenset({o})))
    )
    ballots = [Ballot(voter, draw(choice)) for voter in range(turnout)]
    rules = PollRules(
        options=OPTIONS,
        electorate=electorate,
        quorum=draw(st.fractions(min_value=0, max_value=1, max_denominator=10)),
        majority=draw(st.sampled_from(tuple(Majority))),
        multiple=multiple,
        chair=draw(st.one_of(st.none(), st.integers(min_value=0, max_value=electorate - 1))),
        chair_breaks_ties=draw(st.booleans()),
    )
    return rules, ballots


@settings(max_examples=300, deadline=None)
@given(polls(), st.randoms(use_true_random=False))
def test_permuting_voters_never_changes_the_result(
    poll: tuple[PollRules, list[Ballot]], rnd: random.Random
) -> None:
    rules, ballots = poll
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    assert decide(rules, shuffled) == decide(rules, ballots)


@settings(max_examples=300, deadline=None)
@given(polls())
def test_adding_a_vote_for_the_winner_never_makes_it_lose(
    poll: tuple[PollRules, list[Ballot]],
) -> None:
    rules, ballots = poll
    result = decide(rules, ballots)
    if result.winner is None or len(ballots) >= rules.electorate:
        return
    more = [*ballots, Ballot(len(ballots), frozenset({result.winner}))]
    assert decide(rules, more).winner == result.winner


@given(
    st.integers(min_value=1, max_value=500),
    st.integers(min_value=0, max_value=499),
    st.fractions(min_value=0, max_value=1),
)
def test_quorum_is_monotone_in_turnout(electorate: int, turnout: int, quorum: Fraction) -> None:
    turnout = min(turnout, electorate - 1)
    if quorum_met(electorate, turnout, quorum):
        assert quorum_met(electorate, turnout + 1, quorum)


@settings(max_examples=300, deadline=None)
@given(polls())
def test_invariants(poll: tuple[PollRules, list[Ballot]]) -> None:
    rules, ballots = poll
    result = decide(rules, ballots)
    # Every mark is counted once, for the option marked.
    assert sum(result.tallies.values()) == sum(len(b.choices) for b in ballots)
    assert sorted(result.ranking) == sorted(OPTIONS)
    counts = [result.tallies[o] for o in result.ranking]
    assert counts == sorted(counts, reverse=True)
    assert result.turnout == len(ballots)
    # Without quorum nothing is decided; a decision names an option with the most votes.
    if not result.quorum_met:
        assert result.status == "no_quorum" and result.winner is None
    if result.status == "decided":
        assert result.winner in OPTIONS
        assert result.tallies[result.winner] == max(result.tallies.values())
        if rules.majority == Majority.TWO_THIRDS:
            assert 3 * result.tallies[result.winner] >= 2 * result.cast
    # The chair decides only a tie, only in named polls, only with a vote for a tied option.
    if result.chair_decided:
        assert rules.chair_breaks_ties and rules.chair is not None
        assert result.winner in result.tied and len(result.tied) >= 2
        chair_ballot = next(b for b in ballots if b.voter == rules.chair)
        assert result.winner in chair_ballot.choices
    if result.status == "tie":
        assert len(result.tied) >= 2 and result.winner is None


def test_examples() -> None:
    rules = PollRules(options=OPTIONS, electorate=7, chair=0)
    a, b = frozenset({"o1"}), frozenset({"o2"})
    # 3-3 with the chair for o2: the chair decides.
    tie = [Ballot(0, b), Ballot(1, b), Ballot(2, b), Ballot(3, a), Ballot(4, a), Ballot(5, a)]
    result = decide(rules, tie)
    assert (result.status, result.winner, result.chair_decided) == ("decided", "o2", True)
    # The chair abstained: the tie stands.
    abstaining = [Ballot(0, frozenset()), Ballot(1, b), Ballot(2, b), Ballot(3, a), Ballot(4, a)]
    assert decide(rules, abstaining).status == "tie"
    # Three of seven voted: no quorum at one half.
    assert decide(rules, tie[:3]).status == "no_quorum"
    # Abstentions count for the quorum but not as votes: 1 for o1, 3 abstain -> decided.
    present = [Ballot(1, a), *(Ballot(v, frozenset()) for v in (2, 3, 4))]
    assert decide(rules, present).winner == "o1"
    two_thirds = PollRules(options=OPTIONS, electorate=6, majority=Majority.TWO_THIRDS)
    assert decide(two_thirds, [Ballot(1, a), Ballot(2, a), Ballot(3, b)]).winner == "o1"
    assert decide(two_thirds, [Ballot(1, a), Ballot(2, a), Ballot(3, b), Ballot(4, b)]).status == (
        "no_majority"
    )
    assert parse_quorum("0.5") == parse_quorum("50%") == parse_quorum("1/2") == Fraction(1, 2)
