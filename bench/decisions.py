"""Decision log: append 10,000 decisions to a SQLite file, then verify the chain against reading it.

- append: `record_decision` in batches of 500 per transaction (each append reads the last row,
  hashes and inserts, exactly as in production);
- select: stream the same rows in sequence order (`DecisionRepository.stream_rows`, the query and
  type conversion that verify uses), doing nothing with them;
- verify: `dialogs.decisions.verify_log`, which streams the rows, checks every link and hash,
  builds the Merkle tree and checks two signed checkpoints (half the log, all of it) with
  consistency proofs.

Select and verify are the best of three runs each.

    .venv/bin/python -m bench.decisions [--quick] [--check] [--count N]

The last line is `bench decisions: append_s=... verify_s=... select_s=... verify_ratio=...`.
`--check` exits 1 if verify takes more than 3x the plain select.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from dialogs.decisions import DecisionDraft, record_decision, verify_log
from dialogs.decisions.transparency import leaves_of
from storage import merkle
from storage.checkpoint import ORIGIN, Checkpoint, sign
from storage.database import Database
from storage.migrate import upgrade
from vocabulary import DecisionKind

BATCH = 500
LIMIT = 3.0


def _draft(n: int) -> DecisionDraft:
    votes = {f"Medlem {m}": ("for", "mot", "avstår")[(n + m) % 3] for m in range(12)}
    return DecisionDraft(
        kind=tuple(DecisionKind)[n % len(DecisionKind)],
        title=f"Sak {n}: godkjenning av kravene for arbeidsgruppe {n % 8}",
        text=(
            "Styringsgruppen vedtar at kravene i kapittel "
            f"{n % 40} sendes videre til kravspesifikasjonen, med de endringene gruppen foreslo. "
        )
        * 3,
        group_code="STY",
        recorded_by="Prosjektleder",
        outcome="adopted",
        basis={"tallies": {"for": 7, "mot": 3, "avstår": 2}, "votes": votes, "poll": n},
    )


async def _append(db: Database, count: int) -> float:
    started = time.perf_counter()
    for first in range(0, count, BATCH):
        async with db.uow() as uow:
            for n in range(first, min(first + BATCH, count)):
                await record_decision(uow, _draft(n))
            await uow.commit()
    return time.perf_counter() - started


async def _select(db: Database) -> tuple[float, int]:
    started = time.perf_counter()
    rows = 0
    async with db.uow() as uow:
        async for _ in uow.decisions.stream_rows():
            rows += 1
    return time.perf_counter() - started, rows


async def _checkpoints(db: Database, count: int) -> tuple[list[str], Ed25519PublicKey]:
    """Signed notes over half the log and over all of it, and the key to check them."""
    key = Ed25519PrivateKey.generate()
    async with db.read() as uow:
        leaves = leaves_of(await uow.decisions.leaf_hashes())
    notes = [
        sign(Checkpoint(ORIGIN, size, merkle.root(leaves[:size])), key)
        for size in (count // 2, count)
    ]
    return notes, key.public_key()


async def _verify(db: Database, notes: list[str], public: Ed25519PublicKey) -> tuple[float, int]:
    started = time.perf_counter()
    async with db.uow() as uow:
        result = await verify_log(uow, notes, public)
    assert result.intact, result
    return time.perf_counter() - started, result.count


async def run(count: int, directory: Path) -> dict[str, float]:
    db = Database(f"sqlite+aiosqlite:///{directory / 'bench.db'}")
    try:
        await upgrade(db.engine)
        async with db.uow() as uow:
            await uow.groups.add("STY", "Styringsgruppe", "steering")
            await uow.commit()
        append_s = await _append(db, count)
        notes, public = await _checkpoints(db, count)
        selects, verifies = [], []
        for _ in range(3):
            seconds, rows = await _select(db)
            assert rows == count
            selects.append(seconds)
            seconds, checked = await _verify(db, notes, public)
            assert checked == count
            verifies.append(seconds)
    finally:
        await db.dispose()
    select_s, verify_s = min(selects), min(verifies)
    return {
        "append_s": append_s,
        "verify_s": verify_s,
        "select_s": select_s,
        "verify_ratio": verify_s / select_s,
    }


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    options.add_argument("--quick", action="store_true", help="2,000 decisions (< 1 minute)")
    options.add_argument("--check", action="store_true", help=f"exit 1 if verify > {LIMIT}x select")
    options.add_argument("--count", type=int, default=None, help="decisions to append")
    args = options.parse_args()
    count = args.count or (2_000 if args.quick else 10_000)
    with tempfile.TemporaryDirectory(prefix="kravbot-bench-") as directory:
        figures = asyncio.run(run(count, Path(directory)))
    print(f"{count} decisions on SQLite, appended in transactions of {BATCH}")
    print(
        f"append {figures['append_s']:.2f}s ({count / figures['append_s']:.0f}/s), "
        f"select {figures['select_s']:.3f}s, verify {figures['verify_s']:.3f}s (best of 3)"
    )
    print("bench decisions: " + " ".join(f"{key}={value:.3f}" for key, value in figures.items()))
    if args.check and figures["verify_ratio"] > LIMIT:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
