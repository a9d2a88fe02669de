"""The hash chain rule: canonical form and verification (property tests)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from storage.hashchain import (
    GENESIS,
    HASHED_FIELDS,
    ChainRecord,
    canonical,
    record_hash,
    verify_chain,
)

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)
_moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)


def _fields(draw: st.DrawFn, sequence: int) -> dict[str, Any]:
    return {
        "sequence": sequence,
        "case_ref": f"2026/{sequence}",
        "kind": draw(st.sampled_from(["poll", "review", "milestone", "manual"])),
        "title": draw(st.text(max_size=20)),
        "text": draw(st.text(max_size=40)),
        "outcome": draw(st.text(min_size=1, max_size=10)),
        "basis": draw(st.dictionaries(st.text(max_size=5), _json, max_size=3)),
        "group_code": draw(st.text(min_size=1, max_size=5)),
        "decided_at": draw(_moments),
        "recorded_by": draw(st.text(min_size=1, max_size=10)),
        "status": draw(st.sampled_from(["final", "correction"])),
        "corrects": draw(st.none() | st.integers(1, 100)),
    }


@st.composite
def chains(draw: st.DrawFn, min_size: int = 1) -> list[ChainRecord]:
    records: list[ChainRecord] = []
    prev = GENESIS
    for sequence in range(1, draw(st.integers(min_size, 6)) + 1):
        fields = _fields(draw, sequence)
        digest = record_hash(fields, prev)
        records.append(ChainRecord(sequence, fields, prev, digest))
        prev = digest
    return records


@given(chains())
def test_an_untouched_chain_verifies(records: list[ChainRecord]) -> None:
    assert verify_chain(records) is None


@given(st.dictionaries(st.text(max_size=6), _json, max_size=6), st.randoms())
def test_canonical_form_does_not_depend_on_dict_order(data: dict[str, Any], rnd: Any) -> None:
    items = list(data.items())
    rnd.shuffle(items)
    assert canonical(dict(items)) == canonical(data)


@given(_moments, st.integers(-12, 12))
def test_the_same_moment_in_any_zone_hashes_the_same(moment: datetime, hours: int) -> None:
    shifted = moment.astimezone(timezone(timedelta(hours=hours)))
    assert canonical({"t": shifted}) == canonical({"t": moment})
    assert canonical({"t": moment}).decode().endswith('Z"}')


@given(chains(), st.data())
def test_any_change_of_any_field_breaks_verification(
    records: list[ChainRecord], data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(records) - 1))
    name = data.draw(st.sampled_from(HASHED_FIELDS))
    target = records[index]
    old = target.fields[name]
    new = data.draw(
        {
            "decided_at": _moments,
            "sequence": st.integers(1, 1000),
            "corrects": st.none() | st.integers(1, 1000),
            "basis": st.dictionaries(st.text(max_size=5), _json, max_size=3),
        }.get(name, st.text(max_size=12)).filter(lambda value: value != old)
    )
    changed = ChainRecord(
        target.sequence, {**target.fields, name: new}, target.prev_hash, target.hash
    )
    tampered = [*records[:index], changed, *records[index + 1 :]]
    problem = verify_chain(tampered)
    assert problem is not None and problem.position == index + 1


@given(chains(min_size=2), st.data())
def test_removing_or_reordering_records_breaks_verification(
    records: list[ChainRecord], data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(records) - 2))
    removed = records[:index] + records[index + 1 :]
    assert verify_chain(removed) is not None
    swapped = list(records)
    swapped[index], swapped[index + 1] = swapped[index + 1], swapped[index]
    assert verify_chain(swapped) is not None
    # Even with the sequence numbers swapped back into order, hashes and links give it away.
    renumbered = [
        ChainRecord(position, {**r.fields, "sequence": position}, r.prev_hash, r.hash)
        for position, r in enumerate(swapped, start=1)
    ]
    assert verify_chain(renumbered) is not None


@given(chains(), st.data())
def test_changing_a_stored_hash_or_link_is_caught(
    records: list[ChainRecord], data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(records) - 1))
    r = records[index]
    forged = "f" * 64 if r.hash != "f" * 64 else "e" * 64
    for bad in (
        ChainRecord(r.sequence, r.fields, r.prev_hash, forged),
        ChainRecord(r.sequence, r.fields, forged, r.hash),
    ):
        problem = verify_chain([*records[:index], bad, *records[index + 1 :]])
        assert problem is not None and problem.position == index + 1
