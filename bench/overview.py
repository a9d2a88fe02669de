"""The Teams tab's data endpoint (`GET /api/overview`, as the project lead, who sees every
section) over the demo scaled to 23 municipalities x 10 working groups x 3,000 requirements x
300 members (each working group has a round of 30 requirements that its members answered:
about 9,000 answers),
against a baseline of plain SELECTs of the same rows (requirements, people, memberships,
municipalities, rounds, answers, polls, votes, electors, milestones, risks, endorsements).

Both are timed on the same database in the same run, best of several runs each.

    .venv/bin/python -m bench.overview [--quick] [--check] [--database-url postgresql]

The last line is `bench overview: ... ratio=...`; `--check` exits 1 above a ratio of 3.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from bench import bench_database
from dialogs.demo.load import load_demo
from storage.database import Database
from storage.models import (
    Endorsement,
    Group,
    Membership,
    Milestone,
    Municipality,
    Person,
    Poll,
    PollElector,
    PollVote,
    Requirement,
    ReviewAnswer,
    ReviewRound,
    Risk,
)
from storage.requirements import Change, RequirementData
from tests.support.botserver import running_bot, settings_for

GOAL = 3.0
ROUND_SIZE = 30
TABLES = (
    Requirement,
    Person,
    Membership,
    Municipality,
    Group,
    ReviewRound,
    ReviewAnswer,
    Poll,
    PollVote,
    PollElector,
    Milestone,
    Risk,
    Endorsement,
)


async def _groups(db: Database, count: int) -> list[Group]:
    async with db.uow() as uow:
        working = [g for g in await uow.groups.all() if g.kind == "working"]
        for n in range(len(working), count):
            working.append(await uow.groups.add(f"BEN{n}", f"Benkgruppe {n}", "working"))
        await uow.commit()
        return working[:count]


async def scale(db: Database, *, groups: int, requirements: int, members: int) -> int:
    """Scale the loaded demo up; returns how many answers were stored."""
    working = await _groups(db, groups)
    now = datetime.now(UTC)
    async with db.uow() as uow:
        places = [m.number for m in await uow.municipalities.participating()]
        existing = {r.key for r, _ in await uow.requirements.all_with_groups()}
        items = [
            (
                RequirementData(
                    key=f"BEN-{n:04d}",
                    group_code=working[n % groups].code,
                    text=f"Krav {n}",
                    type="must",
                ),
                working[n % groups],
            )
            for n in range(requirements - len(existing))
        ]
        await uow.requirements.create_many(items, Change(by="bench"))
        people = await uow.people.list()
        for n in range(len(people), members):
            person = await uow.people.add(
                Person(name=f"Medlem {n}", municipality_number=places[n % len(places)])
            )
            await uow.groups.add_member(working[n % groups], person)
        await uow.commit()
    return await _answers(db, working, now)


async def _answers(db: Database, working: list[Group], now: datetime) -> int:
    stored = 0
    async with db.uow() as uow:
        by_group = {
            g.id: [r for r, code in await uow.requirements.all_with_groups() if code == g.code]
            for g in working
        }
        for group in working:
            chosen = [r.id for r in by_group[group.id][:ROUND_SIZE]]
            review = ReviewRound(
                group_id=group.id,
                requirement_ids=chosen,
                deadline=now + timedelta(days=7),
                opened_by="bench",
                nonce="bench",
                card_key=f"bench:{group.id}",
            )
            uow.session.add(review)
            await uow.session.flush()
            rows = [
                {
                    "round_id": review.id,
                    "person_id": person.id,
                    "requirement_id": rid,
                    "verdict": "agree",
                    "answered_at": now,
                }
                for person, _ in await uow.groups.members(group)
                for rid in chosen
            ]
            if rows:
                await uow.session.execute(insert(ReviewAnswer), rows)
            stored += len(rows)
        await uow.commit()
    return stored


async def _best(call: Callable[[], Awaitable[object]], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        await call()
        best = min(best, time.perf_counter() - start)
    return best


async def _run(args: argparse.Namespace) -> dict[str, float]:
    requirements, members, runs = (600, 120, 3) if args.quick else (3000, 300, 5)
    with (
        tempfile.TemporaryDirectory() as folder,
        bench_database(args.database_url, Path(folder)) as url,
    ):
        async with running_bot(settings_for(url)) as bot:
            db = bot.services.db
            await load_demo(db)
            answers = await scale(db, groups=10, requirements=requirements, members=members)

            async def endpoint() -> None:
                async with bot.http.get(f"{bot.url}/api/overview?lang=nb") as response:
                    assert response.status == 200
                    body = await response.json()
                    assert len(body["sections"]) == 6

            async def baseline() -> None:
                async with db.read() as uow:
                    for table in TABLES:
                        # Plain rows (Core), not ORM objects: the cheapest way to read them.
                        (await uow.session.execute(select(table.__table__))).all()

            await endpoint()
            await baseline()
            endpoint_s = await _best(endpoint, runs)
            baseline_s = await _best(baseline, runs)
            async with db.read() as uow:
                count = len(await uow.requirements.all_with_groups())
                people = len(await uow.people.list())
    return {
        "requirements": count,
        "people": people,
        "answers": answers,
        "endpoint_s": endpoint_s,
        "baseline_s": baseline_s,
        "ratio": endpoint_s / baseline_s,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)
    r = asyncio.run(_run(args))
    ok = r["ratio"] <= GOAL
    print(
        f"bench overview: goal_met={'yes' if ok else 'no'} backend="
        f"{'postgresql' if args.database_url == 'postgresql' else 'sqlite'} "
        f"requirements={r['requirements']:.0f} people={r['people']:.0f} answers={r['answers']:.0f} "
        f"endpoint_s={r['endpoint_s']:.3f} baseline_s={r['baseline_s']:.3f} ratio={r['ratio']:.2f}"
    )
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
