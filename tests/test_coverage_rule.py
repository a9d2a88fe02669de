"""The coverage rule: too few participating municipalities make a requirement insufficient,
one municipality never makes it agreed, and a disagreeing municipality never helps."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dialogs.reviews.rules import (
    AGREED,
    CONTESTED,
    INSUFFICIENT,
    Coverage,
    build_outcome,
    default_minimum,
)
from vocabulary import Verdict

PLACES = ["3901", "3903", "3905", "4001", "4003", "4005"]
verdicts = st.sampled_from(tuple(Verdict))
# (person, verdict); person n belongs to PLACES[n % 6].
answers = st.lists(st.tuples(st.integers(0, 40), verdicts), max_size=60)
minimums = st.integers(2, 6)


def _where() -> dict[int, str | None]:
    return {person: PLACES[person % len(PLACES)] for person in range(200)}


def _outcome(rows: list[tuple[int, str]], minimum: int) -> str:
    unique = list({person: (1, person, verdict) for person, verdict in rows}.values())
    coverage = Coverage(frozenset(PLACES), minimum)
    return build_outcome([1], unique, _where(), coverage)[0].status


@given(st.lists(verdicts, min_size=1, max_size=20), minimums, st.sampled_from(PLACES))
def test_one_municipality_never_makes_a_requirement_agreed(
    given_verdicts: list[str], minimum: int, place: str
) -> None:
    # Every answer from members of one municipality, however many members and whatever they say.
    index = PLACES.index(place)
    rows = [(index + 6 * n, verdict) for n, verdict in enumerate(given_verdicts)]
    assert _outcome(rows, minimum) in (CONTESTED, INSUFFICIENT)


@given(answers, minimums, st.integers(0, 5), st.integers(1, 4))
def test_adding_a_disagreeing_municipality_never_turns_contested_into_agreed(
    rows: list[tuple[int, str]], minimum: int, place: int, members: int
) -> None:
    before = _outcome(rows, minimum)
    taken = {person for person, _ in rows}
    fresh = [p for p in range(100, 200) if p % 6 == place and p not in taken][:members]
    after = _outcome([*rows, *((p, Verdict.DISAGREE) for p in fresh)], minimum)
    assert after == CONTESTED
    if before == CONTESTED:
        assert after != AGREED


@given(answers, minimums)
def test_agreed_needs_at_least_the_minimum_of_municipalities(
    rows: list[tuple[int, str]], minimum: int
) -> None:
    unique = list({person: (1, person, verdict) for person, verdict in rows}.values())
    [outcome] = build_outcome([1], unique, _where(), Coverage(frozenset(PLACES), minimum))
    if outcome.status == AGREED:
        assert outcome.covered >= minimum
    assert set(outcome.missing) == set(PLACES) - set(outcome.positions)


@given(st.integers(0, 23))
def test_default_minimum_is_half_rounded_up_and_at_least_two(represented: int) -> None:
    minimum = default_minimum(represented)
    assert minimum >= 2
    assert 2 * minimum >= represented
    assert minimum == 2 or 2 * (minimum - 1) < represented


def test_two_agreeing_municipalities_of_four_are_enough_one_is_not() -> None:
    coverage = Coverage(frozenset(PLACES[:4]), default_minimum(4))
    one = [(1, 0, Verdict.AGREE), (1, 6, Verdict.AGREE)]
    two = [*one, (1, 1, Verdict.AGREE)]
    assert build_outcome([1], one, _where(), coverage)[0].status == INSUFFICIENT
    [outcome] = build_outcome([1], two, _where(), coverage)
    assert outcome.status == AGREED
    assert outcome.missing == ("3905", "4001")
