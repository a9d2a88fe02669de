"""Burst: many members answer at once through POST /api/messages; each answer stored once.

The issue's full size (300 members x 40 requirements = 12,000 invokes at concurrency 50) is
run by `bench/reviews.py`; CI runs a scaled burst (40 x 10 = 400 invokes, same concurrency)
on both databases to stay within its time budget.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from dialogs.reviews import OpenRequest, open_round
from storage.models import Conversation, Person
from storage.requirements import Change, RequirementData
from tests.support import activities as act
from tests.support.botserver import running_bot, settings_for

MEMBERS = 40
REQUIREMENTS = 10
CONCURRENCY = 50


async def test_burst_every_answer_stored_exactly_once(database_url: str) -> None:
    async with running_bot(settings_for(database_url)) as bot:
        ctx = bot.services.ctx
        assert ctx is not None
        users = [
            act.User(f"29:b{n}", f"B {n}", f"00000000-0000-4000-9000-{n:012d}")
            for n in range(MEMBERS)
        ]
        async with bot.services.db.uow() as uow:
            uow.session.add(
                Conversation(
                    id="19:burst",
                    kind="channel",
                    channel_id="msteams",
                    service_url="http://127.0.0.1:1",
                    bot_id=act.BOT_ID,
                    reference={},
                )
            )
            group = await uow.groups.add("HJT", "Hjemmetjeneste", "working")
            await uow.groups.link(group, "19:burst")
            for user in users:
                person = await uow.people.add(
                    Person(teams_user_id=user.id, aad_object_id=user.aad_object_id, name=user.name)
                )
                await uow.groups.add_member(group, person)
            for n in range(1, REQUIREMENTS + 1):
                await uow.requirements.create(
                    RequirementData(key=f"HJT-{n:03d}", group_code="HJT", text="x", type="must"),
                    group,
                    Change(by="test"),
                )
            review = await open_round(
                uow,
                ctx,
                OpenRequest(
                    group_code="HJT",
                    selection=f"HJT-001..HJT-{REQUIREMENTS:03d}",
                    deadline=datetime.now(UTC) + timedelta(days=3),
                    by_name="test",
                ),
            )
            await uow.commit()
            round_id, nonce, ids = review.id, review.nonce, list(review.requirement_ids)
        gate = asyncio.Semaphore(CONCURRENCY)
        statuses: list[int] = []

        async def answer(user: act.User, requirement: int) -> None:
            data: dict[str, Any] = {
                "round": round_id,
                "requirement": requirement,
                "nonce": nonce,
                "v": 1,
                "verdict": "agree",
            }
            async with gate:
                status, body = await bot.post(
                    act.card_action("review-save-next", data, "http://127.0.0.1:1", user=user)
                )
            statuses.append(body["statusCode"] if status == 200 else status)

        await asyncio.gather(*(answer(u, r) for u in users for r in ids))
        assert statuses == [200] * (MEMBERS * REQUIREMENTS)
        async with bot.services.db.uow() as uow:
            answers = await uow.reviews.answers(round_id)
            history = await uow.reviews.history(round_id)
        assert len(answers) == MEMBERS * REQUIREMENTS
        assert len({(a.person_id, a.requirement_id) for a in answers}) == MEMBERS * REQUIREMENTS
        assert len(history) == MEMBERS * REQUIREMENTS
