"""The review rules: tallies, municipal positions, the consensus rule, progress, selections."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from dialogs.reviews import reminder_times
from dialogs.reviews.rules import (
    AGREED,
    CONTESTED,
    INSUFFICIENT,
    SPLIT,
    build_outcome,
    consensus,
    count_verdicts,
    position,
    progress,
)
from dialogs.reviews.selection import parse_deadline, parse_selection
from vocabulary import Verdict

OSLO = ZoneInfo("Europe/Oslo")
VERDICTS = tuple(Verdict)
verdicts = st.sampled_from(VERDICTS)
places = st.sampled_from(["3803", "3805", "3807", "3808", None])
answers = st.lists(st.tuples(st.integers(1, 5), st.integers(1, 30), verdicts), max_size=120)


def _dedupe(rows: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    # One current answer per requirement and person, as the database guarantees.
    return list({(r, p): (r, p, v) for r, p, v in rows}.values())


@given(answers, st.dictionaries(st.integers(1, 30), places))
def test_counts_add_up_and_order_does_not_matter(
    rows: list[tuple[int, int, str]], where: dict[int, str | None]
) -> None:
    rows = _dedupe(rows)
    outcome = build_outcome([1, 2, 3, 4, 5], rows, where)
    assert sum(o.answers for o in outcome) == len(rows)
    shuffled = list(rows)
    random.Random(1).shuffle(shuffled)
    assert build_outcome([1, 2, 3, 4, 5], shuffled, where) == outcome
    for o in outcome:
        # With no municipal answer at all a requirement is insufficient (the coverage rule).
        assert o.status in (AGREED, CONTESTED, INSUFFICIENT)
        assert set(o.positions.values()) <= {*VERDICTS, SPLIT}


@given(answers, st.dictionaries(st.integers(1, 30), places))
def test_a_disagreeing_municipality_always_makes_it_contested(
    rows: list[tuple[int, int, str]], where: dict[int, str | None]
) -> None:
    rows = _dedupe([r for r in rows if r[1] != 99])
    where = {**where, 99: "9999"}
    outcome = build_outcome([1], [*[r for r in rows if r[0] == 1], (1, 99, "disagree")], where)
    assert outcome[0].positions["9999"] == "disagree"
    assert outcome[0].status == CONTESTED


@given(st.lists(st.sampled_from(["agree", "agree_with_changes"]), min_size=1, max_size=40))
def test_only_support_is_agreed(given_verdicts: list[str]) -> None:
    rows = [(1, person, verdict) for person, verdict in enumerate(given_verdicts)]
    where = {person: f"{person % 4:04d}" for person in range(len(rows))}
    assert build_outcome([1], rows, where)[0].status == AGREED


@given(st.dictionaries(st.sampled_from(VERDICTS), st.integers(0, 9)))
def test_position_is_the_majority_or_split(counts: dict[str, int]) -> None:
    shown, leaders = position(counts)
    top = max(counts.values(), default=0)
    if shown != SPLIT:
        assert counts[shown] == top and all(c < top for v, c in counts.items() if v != shown)
    else:
        assert len(leaders) != 1


@given(st.integers(0, 30), st.integers(0, 30), st.integers(0, 30))
def test_two_thirds_threshold(agree: int, changes: int, disagree: int) -> None:
    counts = {"agree": agree, "agree_with_changes": changes, "disagree": disagree}
    expected = agree + changes + disagree > 0 and 3 * (agree + changes) >= 2 * (
        agree + changes + disagree
    )
    assert (consensus(counts, []) == AGREED) == expected


@given(answers, st.dictionaries(st.integers(1, 30), places))
def test_turning_a_disagree_into_agree_never_hurts(
    rows: list[tuple[int, int, str]], where: dict[int, str | None]
) -> None:
    rows = _dedupe(rows)
    before = build_outcome([1, 2, 3, 4, 5], rows, where)
    changed = [(r, p, "agree" if v == "disagree" else v) for r, p, v in rows]
    after = build_outcome([1, 2, 3, 4, 5], changed, where)
    for old, new in zip(before, after, strict=True):
        assert not (old.status == AGREED and new.status == CONTESTED)


def test_split_with_disagree_counts_as_disagreeing() -> None:
    where = {1: "3803", 2: "3803", 3: "3805", 4: "3805", 5: "3805"}
    rows = [(1, 1, "agree"), (1, 2, "disagree"), (1, 3, "agree"), (1, 4, "agree"), (1, 5, "agree")]
    [outcome] = build_outcome([1], rows, where)
    assert outcome.positions == {"3803": SPLIT, "3805": "agree"}
    assert outcome.status == CONTESTED
    assert count_verdicts(["agree", "agree"]) == {
        "agree": 2,
        "agree_with_changes": 0,
        "disagree": 0,
        "not_relevant": 0,
    }


def test_not_relevant_only_is_contested_and_counts_as_abstention() -> None:
    assert build_outcome([1], [(1, 1, "not_relevant")], {1: "3803"})[0].status == CONTESTED
    rows = [(1, 1, "agree"), (1, 2, "not_relevant"), (1, 3, "not_relevant")]
    assert build_outcome([1], rows, {1: "1", 2: "2", 3: "3"})[0].status == AGREED


@given(
    st.dictionaries(st.integers(1, 20), places, min_size=1),
    st.dictionaries(st.integers(1, 20), st.integers(0, 5)),
)
def test_progress(members: dict[int, str | None], answered: dict[int, int]) -> None:
    state = progress(members, answered, 5, 0)
    assert 0 <= state.finished <= state.members == len(members)
    assert 0 <= state.covered <= state.municipalities
    assert state.covered <= state.finished
    assert state.finished_ids <= set(members)


def test_selection_and_deadline() -> None:
    selection = parse_selection("HJT-001..HJT-003, HJT-010")
    assert selection.keys == ["HJT-001", "HJT-002", "HJT-003", "HJT-010"]
    assert selection.from_ranges == {"HJT-001", "HJT-002", "HJT-003"}
    assert parse_selection("hjt-008 .. hjt-009").keys == ["HJT-008", "HJT-009"]
    assert parse_selection("kategori: Dokumentasjon").category == "Dokumentasjon"
    assert parse_selection("status: utkast").status == "draft"
    assert parse_selection("HJT-009..HJT-001").invalid
    assert parse_selection("HJT-001..TEK-004").invalid
    deadline = parse_deadline("2026-12-04T15:00", OSLO)
    assert deadline == datetime(2026, 12, 4, 14, 0, tzinfo=UTC)
    assert parse_deadline("2026-12-04", OSLO, "15:00") == deadline
    assert parse_deadline("4. desember", OSLO) is None


def test_reminders_skip_weekends_and_holidays() -> None:
    # Friday 4 December 2026 15:00: Wednesday 2nd and Friday 4th at 09:00.
    deadline = datetime(2026, 12, 4, 14, 0, tzinfo=UTC)
    now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    assert reminder_times(deadline, now, OSLO) == [
        datetime(2026, 12, 2, 8, 0, tzinfo=UTC),
        datetime(2026, 12, 4, 8, 0, tzinfo=UTC),
    ]
    # Monday 6 April 2026 is Easter Monday; the deadline Tuesday 7 April 12:00 (summer time):
    # two working days before is Tuesday 31 March (Maundy Thursday to Easter Monday are off).
    deadline = datetime(2026, 4, 7, 10, 0, tzinfo=UTC)
    assert reminder_times(deadline, datetime(2026, 3, 1, tzinfo=UTC), OSLO) == [
        datetime(2026, 3, 31, 7, 0, tzinfo=UTC),
        datetime(2026, 4, 7, 7, 0, tzinfo=UTC),
    ]
    # A deadline at 08:00 gets no same-morning reminder; a close deadline gets none at all.
    early = datetime(2026, 12, 4, 7, 0, tzinfo=UTC)
    assert reminder_times(early, now, OSLO) == [datetime(2026, 12, 2, 8, 0, tzinfo=UTC)]
    assert reminder_times(early, datetime(2026, 12, 4, 6, 0, tzinfo=UTC), OSLO) == []
