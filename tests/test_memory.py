"""The kernel's short memory: a value is remembered for exactly `ttl` seconds, and the memory
never holds more than its limit."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dialogs.kernel.memory import Memory


@given(
    ttl=st.floats(0.1, 1000),
    steps=st.lists(
        st.tuples(st.sampled_from("abc"), st.integers(0, 9), st.floats(0, 500)), max_size=30
    ),
)
def test_a_value_is_remembered_for_ttl_seconds_and_no_longer(
    ttl: float, steps: list[tuple[str, int, float]]
) -> None:
    now = [0.0]
    memory: Memory[str, int | None] = Memory(ttl=ttl, clock=lambda: now[0])
    put: dict[str, tuple[float, int | None]] = {}
    for key, value, wait in steps:
        now[0] += wait
        for known, (at, remembered) in put.items():
            expected = (remembered,) if now[0] - at < ttl else None
            assert memory.get(known) == expected
        memory.put(key, value if value else None)  # None is a value too
        put[key] = (now[0], value if value else None)
    assert memory.get("z") is None


def test_the_memory_empties_itself_at_its_limit_and_forgets_on_request() -> None:
    memory: Memory[int, int] = Memory(ttl=60, limit=3)
    for key in range(3):
        memory.put(key, key)
    assert [memory.get(key) for key in range(3)] == [(0,), (1,), (2,)]
    memory.put(3, 3)
    assert [memory.get(key) for key in range(4)] == [None, None, None, (3,)]
    memory.forget(3)
    assert memory.get(3) is None
