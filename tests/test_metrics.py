"""`/metrics`: off by default, behind its bearer token when set, and scraped during a broadcast
against the Teams emulator (with 429s and a dead message); JSON logs with correlation ids."""

from __future__ import annotations

import asyncio
import io
import json
import logging

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.logs import CORRELATION, JsonFormatter, RedactSecrets, correlated
from tests.emulator.server import ConnectorEmulator
from tests.support import activities as act
from tests.support.botserver import running_bot, settings_for
from tests.support.outbox import add_conversations, conversation_ids, enqueue_texts
from tests.support.populated import wait_sent

TOKEN = "metrics-test-token"
SERIES = {
    "kravbot_turn_seconds",
    "kravbot_invoke_seconds",
    "kravbot_outbox_messages",
    "kravbot_delivery_seconds",
    "kravbot_teams_throttled",
    "kravbot_outbox_retries",
    "kravbot_outbox_dead",
    "kravbot_leader",
    "kravbot_timer_lag_seconds",
}


def _samples(body: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(body)
        for sample in family.samples
    }


async def _scrape(
    http: aiohttp.ClientSession, url: str, token: str | None = TOKEN
) -> tuple[int, str]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with http.get(f"{url}/metrics", headers=headers) as response:
        return response.status, await response.text()


async def test_metrics_are_off_by_default(database_url: str) -> None:
    async with running_bot(settings_for(database_url)) as bot:
        status, _ = await _scrape(bot.http, bot.url)
    assert status == 404


async def test_a_broadcast_shows_in_the_metrics(database_url: str) -> None:
    settings = settings_for(
        database_url,
        metrics=True,
        metrics_token=TOKEN,
        outbox_retry_base=0.05,
        outbox_retry_cap=0.2,
        timer_interval=0.5,
    )
    async with ConnectorEmulator() as emulator, running_bot(settings, background=True) as bot:
        assert (await _scrape(bot.http, bot.url, None))[0] == 401
        assert (await _scrape(bot.http, bot.url, "wrong"))[0] == 401
        ids = conversation_ids(40, prefix="a:metrics")
        await add_conversations(bot.services.db, ids, emulator.url)
        # Three 429s and one message Teams refuses for good (404: not retryable).
        emulator.inject(429, times=3, retry_after=0.05)
        emulator.inject(404, times=1, conversation_id=ids[-1], code="ConversationNotFound")
        await enqueue_texts(bot.services.db, [(f"m-{c}", c) for c in ids])
        during: list[dict[tuple[str, tuple[tuple[str, str], ...]], float]] = []
        for _ in range(3):
            status, body = await _scrape(bot.http, bot.url)
            assert status == 200
            during.append(_samples(body))
            await asyncio.sleep(0.2)
        assert (await bot.post(act.message("hjelp", emulator.url)))[0] == 200
        invoke = act.card_action("no.such.verb", {}, emulator.url)
        assert (await bot.post(invoke))[0] < 500
        await wait_sent(bot.services.db, [f"m-{c}" for c in ids[:-1]], timeout=60)
        await asyncio.sleep(0.3)
        status, body = await _scrape(bot.http, bot.url)
    families = {family.name for family in text_string_to_metric_families(body)}
    assert families >= SERIES, SERIES - families
    after = _samples(body)
    # While the broadcast ran, some messages were still waiting.
    assert any(s[("kravbot_outbox_messages", (("status", "pending"),))] > 0 for s in during)
    assert after[("kravbot_outbox_messages", (("status", "sent"),))] >= 39
    assert after[("kravbot_outbox_messages", (("status", "dead"),))] >= 1
    assert after[("kravbot_leader", ())] == 1
    assert after[("kravbot_delivery_seconds_count", ())] >= 39
    assert after[("kravbot_teams_throttled_total", ())] >= 3
    assert after[("kravbot_outbox_retries_total", ())] >= 3
    assert after[("kravbot_outbox_dead_total", ())] >= 1
    assert after[("kravbot_turn_seconds_count", ())] >= 1
    assert after[("kravbot_invoke_seconds_count", ())] >= 1
    assert ("kravbot_timer_lag_seconds", ()) in after


def test_json_logs_carry_the_correlation_id_and_no_secrets() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RedactSecrets())
    logger = logging.getLogger("kravbot.test.json")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:

        async def turn(name: str) -> None:
            correlated(name)
            await asyncio.sleep(0)
            logger.info("answered with Authorization: Bearer abc.def.ghi")

        async def both() -> None:
            await asyncio.gather(turn("turn-a"), turn("outbox-7"))

        asyncio.run(both())
    finally:
        logger.removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert {line["correlation_id"] for line in lines} == {"turn-a", "outbox-7"}
    assert all("abc.def" not in line["message"] and line["level"] == "INFO" for line in lines)
    assert CORRELATION.get() is None


@pytest.mark.parametrize("value", ["xml", ""])
def test_a_bad_log_format_is_refused(value: str) -> None:
    from bot.config import ConfigError, load_settings

    with pytest.raises(ConfigError, match="KRAVBOT_LOG_FORMAT"):
        load_settings(_env_file=None, log_format=value)
