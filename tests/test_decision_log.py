"""The decision log in the database: append-only, gapless, one chain, tampering detected."""

from __future__ import annotations

import asyncio
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError

from dialogs.decisions import DecisionDraft, DecisionError, record_decision, verify_log
from storage.database import Database
from storage.decisions import next_case_ref
from storage.hashchain import GENESIS
from storage.migrate import downgrade, upgrade


async def _group(db: Database, code: str = "STY") -> None:
    async with db.uow() as uow:
        if await uow.groups.by_code(code) is None:
            await uow.groups.add(code, "Styringsgruppe", "steering")
            await uow.commit()


def _draft(n: int, **overrides: object) -> DecisionDraft:
    values: dict[str, object] = {
        "kind": "manual",
        "title": f"Vedtak {n}",
        "text": f"Styringsgruppen vedtar punkt {n}.",
        "group_code": "STY",
        "recorded_by": "Kari Nordmann",
    }
    values.update(overrides)
    return DecisionDraft(**values)  # type: ignore[arg-type]


async def _append(db: Database, count: int, start: int = 1) -> None:
    for n in range(start, start + count):
        async with db.uow() as uow:
            await record_decision(uow, _draft(n))
            await uow.commit()


async def _chain(db: Database) -> list[tuple[int, str, str, str]]:
    async with db.engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT sequence, case_ref, prev_hash, hash FROM decisions ORDER BY sequence")
        )
        return [(r[0], r[1], r[2], r[3]) for r in rows.all()]


def _assert_one_linear_chain(chain: list[tuple[int, str, str, str]], expected: int) -> None:
    assert [row[0] for row in chain] == list(range(1, expected + 1))
    prev = GENESIS
    for _, _, prev_hash, digest in chain:
        assert prev_hash == prev
        prev = digest
    assert len({row[1] for row in chain}) == expected


async def test_append_numbers_links_and_verifies(db: Database) -> None:
    await _group(db)
    await _append(db, 3)
    async with db.uow() as uow:
        latest = await uow.decisions.latest()
        result = await verify_log(uow)
    assert [d.sequence for d in latest] == [3, 2, 1]
    assert latest[-1].prev_hash == GENESIS
    assert latest[0].prev_hash == latest[1].hash
    assert latest[0].case_ref.endswith("/3")
    assert result.count == 3 and result.problem is None and result.head == latest[0].hash


async def test_recording_is_part_of_the_callers_transaction(db: Database) -> None:
    await _group(db)
    async with db.uow() as uow:
        await record_decision(uow, _draft(1))
        # No commit: the decision goes with the rest of the unit.
    async with db.uow() as uow:
        assert await uow.decisions.count() == 0


async def test_unknown_group_and_bad_drafts_are_refused(db: Database) -> None:
    await _group(db)
    async with db.uow() as uow:
        with pytest.raises(DecisionError) as caught:
            await record_decision(uow, _draft(1, group_code="NOPE"))
        assert caught.value.code == "group"
        with pytest.raises(DecisionError):
            await record_decision(uow, _draft(1, title=" "))
        with pytest.raises(DecisionError):
            await record_decision(uow, _draft(1, corrects=99))


async def test_a_correction_points_at_what_it_corrects(db: Database) -> None:
    await _group(db)
    await _append(db, 1)
    async with db.uow() as uow:
        fix = await record_decision(uow, _draft(2, corrects=1))
        await uow.commit()
    async with db.uow() as uow:
        assert fix.status == "correction"
        assert await uow.decisions.corrections_of(1) == [2]


def test_case_reference_restarts_each_oslo_year() -> None:
    new_year = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # 00:30 on 1 January in Oslo
    assert next_case_ref(None, new_year) == "2027/1"
    assert next_case_ref("2026/41", new_year) == "2027/1"
    assert next_case_ref("2027/4", new_year) == "2027/5"
    assert next_case_ref("2027/4", datetime(2026, 6, 1, tzinfo=UTC)) == "2027/5"


async def test_triggers_reject_update_and_delete(db: Database) -> None:
    await _group(db)
    await _append(db, 2)
    for statement in (
        "UPDATE decisions SET title = 'endret' WHERE sequence = 1",
        "DELETE FROM decisions WHERE sequence = 2",
    ):
        with pytest.raises(DBAPIError) as caught:
            async with db.engine.begin() as conn:
                await conn.execute(text(statement))
        assert "append-only" in str(caught.value)
    if db.dialect == "postgresql":
        with pytest.raises(DBAPIError):
            async with db.engine.begin() as conn:
                await conn.execute(text("TRUNCATE decisions"))
    assert len(await _chain(db)) == 2


async def _drop_triggers(db: Database) -> None:
    async with db.engine.begin() as conn:
        if db.dialect == "postgresql":
            await conn.execute(text("DROP TRIGGER decisions_no_update ON decisions"))
        else:
            await conn.execute(text("DROP TRIGGER decisions_no_update"))
            await conn.execute(text("DROP TRIGGER decisions_no_delete"))


@pytest.mark.parametrize(
    ("tampering", "sequence", "reason"),
    [
        ("UPDATE decisions SET title = 'Noe annet' WHERE sequence = 3", 3, "hash"),
        ("UPDATE decisions SET text = text || ' ' WHERE sequence = 5", 5, "hash"),
        ("UPDATE decisions SET basis = '{\"votes\": {}}' WHERE sequence = 2", 2, "hash"),
        ("UPDATE decisions SET outcome = 'rejected' WHERE sequence = 1", 1, "hash"),
        ("UPDATE decisions SET recorded_by = 'Ola' WHERE sequence = 4", 4, "hash"),
        ("UPDATE decisions SET group_code = 'HJT' WHERE sequence = 4", 4, "hash"),
        ("UPDATE decisions SET case_ref = '1999/1' WHERE sequence = 2", 2, "hash"),
        ("UPDATE decisions SET kind = 'poll' WHERE sequence = 2", 2, "hash"),
        ("UPDATE decisions SET status = 'correction' WHERE sequence = 2", 2, "hash"),
        ("UPDATE decisions SET corrects = 1 WHERE sequence = 2", 2, "hash"),
        ("UPDATE decisions SET prev_hash = hash WHERE sequence = 3", 3, "link"),
        ("DELETE FROM decisions WHERE sequence = 3", 4, "gap"),
        ("DELETE FROM decisions WHERE sequence = 1", 2, "gap"),
    ],
)
async def test_every_kind_of_tampering_is_detected(
    db: Database, tampering: str, sequence: int, reason: str
) -> None:
    await _group(db)
    await _group(db, "HJT")
    await _append(db, 5)
    await _drop_triggers(db)
    async with db.engine.begin() as conn:
        await conn.execute(text(tampering))
    async with db.uow() as uow:
        result = await verify_log(uow)
    assert result.problem is not None
    assert (result.problem.sequence, result.problem.reason) == (sequence, reason)


async def test_changing_the_time_or_rehashing_one_row_is_detected(db: Database) -> None:
    await _group(db)
    await _append(db, 4)
    await _drop_triggers(db)
    async with db.engine.begin() as conn:
        await conn.execute(
            text("UPDATE decisions SET decided_at = :t WHERE sequence = 2"),
            {"t": datetime(2026, 1, 1, tzinfo=UTC)},
        )
    async with db.uow() as uow:
        problem = (await verify_log(uow)).problem
    assert problem is not None and (problem.sequence, problem.reason) == (2, "hash")


async def test_swapping_sequence_numbers_is_detected(db: Database) -> None:
    await _group(db)
    await _append(db, 4)
    await _drop_triggers(db)
    async with db.engine.begin() as conn:
        await conn.execute(text("UPDATE decisions SET sequence = 1000 WHERE sequence = 2"))
        await conn.execute(text("UPDATE decisions SET sequence = 2 WHERE sequence = 3"))
        await conn.execute(text("UPDATE decisions SET sequence = 3 WHERE sequence = 1000"))
    async with db.uow() as uow:
        problem = (await verify_log(uow)).problem
    assert problem is not None and problem.sequence == 2


async def test_concurrent_appends_from_many_tasks_keep_one_chain(db: Database) -> None:
    await _group(db)

    async def worker(start: int) -> None:
        await _append(db, 8, start)

    await asyncio.gather(*(worker(100 * n) for n in range(10)))
    _assert_one_linear_chain(await _chain(db), 80)
    async with db.uow() as uow:
        assert (await verify_log(uow)).problem is None


ROOT = Path(__file__).resolve().parent.parent
_WORKER = textwrap.dedent(
    """
    import asyncio, sys
    from dialogs.decisions import DecisionDraft, record_decision
    from storage.database import Database

    async def main(url: str, name: str, count: int) -> None:
        db = Database(url)
        async def task(t: int) -> None:
            for n in range(count):
                async with db.uow() as uow:
                    await record_decision(uow, DecisionDraft(
                        kind="manual", title=f"{name}-{t}-{n}", text="x",
                        group_code="STY", recorded_by=name))
                    await uow.commit()
        await asyncio.gather(*(task(t) for t in range(4)))
        await db.dispose()

    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
    """
)


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
async def test_two_processes_appending_at_once_keep_one_chain(
    db: Database, database_url: str, tmp_path: Path
) -> None:
    await _group(db)
    script = tmp_path / "appender.py"
    script.write_text(_WORKER)
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            str(script),
            database_url,
            name,
            "15",
            cwd=ROOT,
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        )
        for name in ("a", "b")
    ]
    for process in processes:
        assert await asyncio.wait_for(process.wait(), 120) == 0
    _assert_one_linear_chain(await _chain(db), 2 * 4 * 15)
    async with db.uow() as uow:
        assert (await verify_log(uow)).problem is None


async def test_a_second_row_with_a_taken_sequence_is_refused(db: Database) -> None:
    await _group(db)
    await _append(db, 1)
    with pytest.raises(IntegrityError):
        async with db.engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO decisions (sequence, case_ref, kind, title, text, outcome, basis,"
                    " group_code, decided_at, recorded_by, status, prev_hash, hash) VALUES"
                    " (1, '2026/99', 'manual', 't', 't', 'adopted', '{}', 'STY',"
                    " '2026-11-26 10:00:00', 'x', 'final', :h, :h)"
                ),
                {"h": "a" * 64},
            )


async def test_downgrade_removes_table_and_triggers(db: Database) -> None:
    await downgrade(db.engine, "0002")
    await upgrade(db.engine)
    await _group(db)
    await _append(db, 1)
    assert len(await _chain(db)) == 1


async def test_a_basis_with_number_keys_and_tuples_still_verifies(db: Database) -> None:
    await _group(db)
    async with db.uow() as uow:
        basis = {"tallies": {10: 1, 9: 2}, "options": ("for", "mot")}
        await record_decision(uow, _draft(1, basis=basis))
        await uow.commit()
    async with db.uow() as uow:
        assert (await verify_log(uow)).problem is None
