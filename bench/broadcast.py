"""Proactive delivery against Teams' limits: how close the dispatcher gets to the best possible.

One run starts, as child processes on the loopback, the connector emulator with Teams' limits
(per conversation 7/1 s, 8/2 s, 60/30 s, 1800/h; tenant-wide 30 requests/s) and `kravbot serve`
on a temporary SQLite file with the same limits and otherwise default settings (the default
in-flight window, the reply reserve). This process enqueues straight into the database (as
the CLI or another replica would: the dispatcher finds the rows by polling) and times, to the
last accepted send, these phases:

- `tenant0`, `tenant150`, `tenant300`: 1,000 messages to 1,000 personal conversations while
  Teams takes 0, 150 and 300 ms to answer each request: the tenant limit binds;
- `faults`: the same at 300 ms with 10 % of answers slow (2 s) and 30 % answered 429
  (Retry-After 1 s): reported, no goal (a 429 costs its message a second);
- `conversation`: 200 messages to one conversation: the per-conversation windows bind.

Each time is divided by the theoretical minimum that the limits allow, computed exactly from
the windows (`bot.throttle.minimum_duration`: the greedy schedule, which is optimal). The
clock starts when the enqueueing transaction commits, so pick-up latency counts against us.
After each phase every message must have been accepted exactly once, else the run fails.

    .venv/bin/python -m bench.broadcast [--quick] [--check]

`--quick` scales the counts down (240 and 30 messages; under a minute). The last line is
`bench broadcast: key=value ...`; `--check` exits 1 unless the ratios at 150 and 300 ms are at
most 1.15, the others (but `faults`) at most 1.15 too, and no message was lost or sent twice
in any phase (every row `sent`, Teams accepted exactly as many messages as were enqueued).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from bot.throttle import TEAMS_CONVERSATION_WINDOWS, Window, minimum_duration
from storage.database import Database
from storage.migrate import upgrade
from tests.support.outbox import add_conversations, enqueue_texts
from tests.support.processes import emulator_process, start_kravbot, tail

TENANT_RATE = 30
RATIO_GOAL = 1.15
LATENCIES = (0.0, 0.15, 0.3)
SLOW_SECONDS = 2.0


@dataclass(frozen=True)
class Mode:
    name: str
    broadcast: int  # messages to as many conversations, per phase
    burst: int  # messages to one conversation


FULL = Mode("full", 1000, 200)
QUICK = Mode("quick", 240, 30)


@dataclass
class Phase:
    name: str
    messages: int
    seconds: float
    first: float  # until the first message was accepted (pick-up latency)
    minimum: float
    requests: int
    throttled: int
    lost: int = 0
    duplicated: int = 0
    goal: bool = True  # counted in goals_met

    @property
    def ratio(self) -> float:
        return self.seconds / self.minimum if self.minimum > 0 else float("nan")


class BenchError(Exception):
    pass


async def _stats(http: aiohttp.ClientSession, url: str) -> dict[str, int]:
    async with http.get(url + "_emulator/stats") as response:
        body = await response.json()
    return {"sent": int(body["sent"]), "received": body["received"], "429": body["throttled"]}


async def _phase(
    http: aiohttp.ClientSession,
    db: Database,
    url: str,
    name: str,
    targets: list[tuple[str, str]],
    windows: Sequence[Window],
    *,
    faults: Sequence[dict[str, object]] = (),
) -> Phase:
    async with http.post(url + "_emulator/reset") as response:
        response.raise_for_status()
    for fault in faults:
        await _control(http, url, "faults", fault)
    n = len(targets)
    minimum = minimum_duration(n, windows)
    await enqueue_texts(db, targets, chunk=n)
    started = time.monotonic()
    deadline = started + minimum * 2 + 60
    first = float("nan")
    while True:
        stats = await _stats(http, url)
        if stats["sent"] and first != first:
            first = time.monotonic() - started
        if stats["sent"] >= n:
            break
        if time.monotonic() > deadline:
            raise BenchError(f"{name}: only {stats['sent']} of {n} sent")
        await asyncio.sleep(0.02)
    seconds = time.monotonic() - started
    await asyncio.sleep(0.5)  # a duplicate would show up now
    for _ in range(100):  # the last outcomes are being recorded
        async with db.uow() as uow:
            counts = await uow.outbox.counts()
        if not counts.get("pending") and not counts.get("sending"):
            break
        await asyncio.sleep(0.1)
    stats = await _stats(http, url)
    # Every enqueued row `sent` and exactly as many accepted by Teams: none lost, none twice.
    lost = sum(c for status, c in counts.items() if status != "sent")
    duplicated = max(0, stats["sent"] - n)
    return Phase(
        name, n, seconds, first, minimum, stats["received"], stats["429"], lost, duplicated
    )


async def _control(http: aiohttp.ClientSession, url: str, what: str, body: object) -> None:
    async with http.post(url + "_emulator/" + what, json=body) as response:
        response.raise_for_status()


async def _phases(
    http: aiohttp.ClientSession, db: Database, url: str, mode: Mode, broadcast: list[str]
) -> list[Phase]:
    tenant = (Window(TENANT_RATE, 1.0),)
    phases = []
    for latency in LATENCIES:
        await _control(http, url, "latency", {"seconds": latency})
        name = f"tenant{round(latency * 1000)}"
        targets = [(f"{name}-{c}", c) for c in broadcast]
        phases.append(await _phase(http, db, url, name, targets, tenant))
    await _control(http, url, "latency", {"seconds": LATENCIES[-1]})
    targets = [(f"faults-{c}", c) for c in broadcast]
    faults: list[dict[str, object]] = [
        {"delay": SLOW_SECONDS, "probability": 0.1},
        {"status": 429, "retry_after": 1, "probability": 0.3},
    ]
    phase = await _phase(http, db, url, "faults", targets, tenant, faults=faults)
    phase.goal = False
    phases.append(phase)
    await _control(http, url, "latency", {"seconds": 0.0})
    burst = [(f"c-{i}", "a:bench-burst") for i in range(mode.burst)]
    phases.append(await _phase(http, db, url, "conversation", burst, TEAMS_CONVERSATION_WINDOWS))
    return phases


async def run(mode: Mode, workdir: Path) -> list[Phase]:
    database_url = f"sqlite+aiosqlite:///{workdir / 'bench.db'}"
    db = Database(database_url)
    try:
        await upgrade(db.engine)
        async with emulator_process(
            "--tenant-limit", str(TENANT_RATE), "--max-records", "1000"
        ) as url:
            broadcast = [f"a:bench-{i:05d}" for i in range(mode.broadcast)]
            await add_conversations(db, [*broadcast, "a:bench-burst"], url)
            log = workdir / "serve.log"
            child = await start_kravbot(
                database_url,
                log,
                env={"KRAVBOT_TENANT_RATE": str(TENANT_RATE), "KRAVBOT_LOG_LEVEL": "WARNING"},
            )
            try:
                async with aiohttp.ClientSession() as http:
                    phases = await _phases(http, db, url, mode, broadcast)
            except BenchError as exc:
                raise BenchError(f"{exc}\n{tail(log)}") from None
            finally:
                await child.stop()
    finally:
        await db.dispose()
    return phases


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.broadcast", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer messages (under a minute)")
    parser.add_argument(
        "--check",
        action="store_true",
        help=f"exit 1 unless every ratio but `faults` <= {RATIO_GOAL}, none lost or twice",
    )
    args = parser.parse_args(argv)
    mode = QUICK if args.quick else FULL
    scaled = " (quick: counts scaled down from 1000 and 200)" if args.quick else ""
    print(
        f"bench broadcast ({mode.name}){scaled}: {mode.broadcast} messages to as many "
        f"conversations at {TENANT_RATE}/s tenant-wide with Teams answering in 0, 150 and "
        f"300 ms, then at 300 ms with 10% slow answers and 30% 429; {mode.burst} messages to "
        "one conversation at 7/1s, 8/2s, 60/30s, 1800/h",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="kravbot-bench-") as tmp:
        try:
            phases = asyncio.run(run(mode, Path(tmp)))
        except BenchError as exc:
            print(f"bench broadcast FAILED: {exc}", file=sys.stderr)
            return 2
    for phase in phases:
        print(
            f"  {phase.name:<12} {phase.messages:>5} messages in {phase.seconds:7.2f} s "
            f"(minimum {phase.minimum:7.2f} s, ratio {phase.ratio:.3f}; first after "
            f"{phase.first:.2f} s); {phase.requests} requests, {phase.throttled} answered 429, "
            f"{phase.lost} lost, {phase.duplicated} duplicated"
        )
    lost = sum(p.lost for p in phases)
    duplicated = sum(p.duplicated for p in phases)
    met = all(p.ratio <= RATIO_GOAL for p in phases if p.goal) and not lost and not duplicated
    ratios = " ".join(f"{p.name}_ratio={p.ratio:.3f}" for p in phases)
    seconds = " ".join(f"{p.name}_seconds={p.seconds:.2f}" for p in phases)
    print(
        f"bench broadcast: mode={mode.name} goals_met={'yes' if met else 'no'} "
        f"messages={mode.broadcast} {seconds} {ratios} lost={lost} duplicated={duplicated} "
        f"throttled={sum(p.throttled for p in phases)} "
        f"requests={sum(p.requests for p in phases)}"
    )
    if args.check and not met:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
