"""Benchmark of review rounds: the answer invoke next to the `hjelp` turn, and the outcome.

Prints p50/p99 of the `review-save-next` invoke at concurrency 1 and 50 and of the `hjelp`
turn measured in the same run (ratio of p99s; goal answer p99 <= 3x hjelp p99), and the time
to build the outcome of 3,000 requirements x 300 members (goal < 2 s). The full run also
answers 300 members x 40 requirements at concurrency 50 and checks every answer is stored
exactly once. `--quick` (< 1 min) shrinks the burst; `--check` exits 1 when a goal is missed.
Ends with ONE line `bench reviews: key=value ...` (goals_met, stored_once, the p99 ratios
and times in ms, the burst and the outcome time in s).

The connector emulator runs without Teams' rate limits, Kravbot's own pacers are opened wide,
and the `hjelp` turns are spread over 50 personal conversations (as bench/turns.py does): the
baseline measures the bot, not Teams' limits, so the two sides are compared fairly.
`--database-url postgresql` creates (and drops) a fresh database on the local PostgreSQL server
of the test suite.

    .venv/bin/python -m bench.reviews [--quick] [--check] [--database-url URL|postgresql]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench import bench_database
from dialogs.reviews import OpenRequest, open_round
from dialogs.reviews.rules import build_outcome
from storage.models import Conversation, Person
from storage.requirements import Change, RequirementData
from tests.emulator.server import ConnectorEmulator
from tests.support import activities as act
from tests.support.botserver import RunningBot, running_bot, settings_for
from vocabulary import Verdict

HJELP_CONVERSATIONS = 50
VERDICTS = tuple(Verdict)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def _timed(
    calls: list[Callable[[], Awaitable[None]]], concurrency: int
) -> tuple[list[float], float]:
    gate = asyncio.Semaphore(concurrency)
    times: list[float] = []

    async def one(call: Callable[[], Awaitable[None]]) -> None:
        async with gate:
            start = time.perf_counter()
            await call()
            times.append(time.perf_counter() - start)

    began = time.perf_counter()
    await asyncio.gather(*(one(call) for call in calls))
    return times, time.perf_counter() - began


async def _setup(bot: RunningBot, members: int, requirements: int) -> tuple[int, str, list[int]]:
    ctx = bot.services.ctx
    assert ctx is not None
    async with bot.services.db.uow() as uow:
        uow.session.add(
            Conversation(
                id="19:bench",
                kind="channel",
                channel_id="msteams",
                service_url="http://127.0.0.1:1",
                bot_id=act.BOT_ID,
                reference={},
            )
        )
        group = await uow.groups.add("HJT", "Hjemmetjeneste", "working")
        await uow.groups.link(group, "19:bench")
        for n in range(members):
            person = await uow.people.add(
                Person(teams_user_id=f"29:m{n}", aad_object_id=f"aad-{n}", name=f"M {n}")
            )
            await uow.groups.add_member(group, person)
        for n in range(1, requirements + 1):
            await uow.requirements.create(
                RequirementData(key=f"HJT-{n:03d}", group_code="HJT", text="x", type="must"),
                group,
                Change(by="bench"),
            )
        review = await open_round(
            uow,
            ctx,
            OpenRequest(
                group_code="HJT",
                selection=f"HJT-001..HJT-{requirements:03d}",
                deadline=datetime.now(UTC) + timedelta(days=3),
                by_name="bench",
            ),
        )
        await uow.commit()
        return review.id, review.nonce, list(review.requirement_ids)


async def _run(args: argparse.Namespace) -> dict[str, float]:
    members, requirements = (60, 20) if args.quick else (300, 40)
    results: dict[str, float] = {}
    with (
        tempfile.TemporaryDirectory() as folder,
        bench_database(args.database_url, Path(folder)) as url,
    ):
        emulator_cm = ConnectorEmulator(rate_limits=False)
        # Kravbot paces its replies at Teams' limits (30 requests/s for the tenant, 60 per 30 s
        # in a chat); open them wide, as bench.turns does, so `hjelp` measures the bot and the
        # answer invoke (whose card rides on the HTTP answer, unpaced) meets a fair baseline.
        wide = settings_for(url, tenant_rate=100_000, conversation_limits="100000/1")
        async with emulator_cm as emulator, running_bot(wide) as bot:
            round_id, nonce, ids = await _setup(bot, members, requirements)

            def answer(n: int, rid: int) -> Callable[[], Awaitable[None]]:
                user = act.User(f"29:m{n}", f"M {n}", f"aad-{n}")
                data: dict[str, Any] = {
                    "round": round_id,
                    "requirement": rid,
                    "nonce": nonce,
                    "v": 1,
                    "verdict": random.choice(VERDICTS),
                }

                async def call() -> None:
                    status, body = await bot.post(
                        act.card_action("review-save-next", data, emulator.url, user=user)
                    )
                    assert status == 200 and body["statusCode"] == 200, body

                return call

            conversations = itertools.cycle(range(HJELP_CONVERSATIONS))

            def hjelp() -> Callable[[], Awaitable[None]]:
                where = act.Where(id=f"a:personal-bench-{next(conversations)}")

                async def call() -> None:
                    status, _ = await bot.post(act.message("hjelp", emulator.url, where=where))
                    assert status in (200, 201, 202)

                return call

            def look(n: int) -> Callable[[], Awaitable[None]]:
                user = act.User(f"29:m{n}", f"M {n}", f"aad-{n}")
                data = {"round": round_id, "requirement": ids[0], "nonce": nonce, "v": 1}

                async def call() -> None:
                    status, body = await bot.post(
                        act.card_action("review-open", data, emulator.url, user=user)
                    )
                    assert status == 200 and body["statusCode"] == 200, body

                return call

            serial = 100 if args.quick else 200
            # Warm-up, alike for both sides: every hjelp conversation once and every member
            # once (opening their card), since the first turn of a conversation or person is
            # recorded in the database and later ones are not.
            await _timed([hjelp() for _ in range(HJELP_CONVERSATIONS)], 1)
            await _timed([look(n) for n in range(members)], 1)
            h1, _ = await _timed([hjelp() for _ in range(serial)], 1)
            a1, _ = await _timed([answer(0, ids[i % len(ids)]) for i in range(serial)], 1)
            h50, _ = await _timed([hjelp() for _ in range(serial * 2)], 50)
            calls = [answer(n, rid) for n in range(1, members) for rid in ids]
            a50, wall = await _timed(calls, 50)
            async with bot.services.db.uow() as uow:
                stored = await uow.reviews.answers(round_id)
            expected = (members - 1) * len(ids) + min(serial, len(ids))
            results.update(
                hjelp_p50_c1=_pct(h1, 0.5),
                hjelp_p99_c1=_pct(h1, 0.99),
                answer_p50_c1=_pct(a1, 0.5),
                answer_p99_c1=_pct(a1, 0.99),
                hjelp_p50_c50=_pct(h50, 0.5),
                hjelp_p99_c50=_pct(h50, 0.99),
                answer_p50_c50=_pct(a50, 0.5),
                answer_p99_c50=_pct(a50, 0.99),
                burst_invokes=len(calls),
                burst_per_s=len(calls) / wall,
                stored_once=float(len(stored) == expected),
            )
    # The outcome of 3,000 requirements x 300 members (900,000 answers), built from memory.
    rng = random.Random(7)
    places = {p: f"{3800 + p % 23}" for p in range(300)}
    answers = [(r, p, rng.choice(VERDICTS)) for r in range(3000) for p in range(300)]
    start = time.perf_counter()
    outcome = build_outcome(list(range(3000)), answers, places)
    results["outcome_s"] = time.perf_counter() - start
    assert len(outcome) == 3000
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)
    r = asyncio.run(_run(args))
    for c in (1, 50):
        print(
            f"concurrency {c}: answer p50 {r[f'answer_p50_c{c}']:.1f} ms p99 "
            f"{r[f'answer_p99_c{c}']:.1f} ms | hjelp p50 {r[f'hjelp_p50_c{c}']:.1f} ms p99 "
            f"{r[f'hjelp_p99_c{c}']:.1f} ms | ratio p99 "
            f"{r[f'answer_p99_c{c}'] / r[f'hjelp_p99_c{c}']:.2f}"
        )
    ratios = {c: r[f"answer_p99_c{c}"] / r[f"hjelp_p99_c{c}"] for c in (1, 50)}
    ok = max(ratios.values()) <= 3 and r["outcome_s"] < 2 and r["stored_once"] == 1
    figures = {
        "ratio_p99_c1": ratios[1],
        "ratio_p99_c50": ratios[50],
        "answer_p99_c1_ms": r["answer_p99_c1"],
        "answer_p99_c50_ms": r["answer_p99_c50"],
        "hjelp_p99_c50_ms": r["hjelp_p99_c50"],
        "burst_invokes": r["burst_invokes"],
        "burst_per_s": r["burst_per_s"],
        "outcome_s": r["outcome_s"],
    }
    print(
        f"bench reviews: goals_met={'yes' if ok else 'no'} "
        f"stored_once={'yes' if r['stored_once'] == 1 else 'no'} "
        + " ".join(f"{key}={value:.2f}" for key, value in figures.items())
    )
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
