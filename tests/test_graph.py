"""The Graph directory against the local Graph emulator, its settings, and municipality matching."""

from __future__ import annotations

import pytest

from bot.config import GRAPH_URL, ConfigError, load_settings
from bot.graph import GraphDirectory, GraphError
from dialogs.catalogue.roster import match_municipality
from storage.municipalities import MUNICIPALITIES
from tests.support import graph as graph_support
from tests.support.graph import GraphEmulator

graph_emulator = graph_support.graph_emulator
USER = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
PAIRS = [(number, name) for number, name, _county in MUNICIPALITIES]


class StaticToken:
    """An injected token provider, as the bot's msal provider would give."""

    async def authorization(self) -> str | None:
        return "Bearer test-token"


def directory(graph: GraphEmulator, **kwargs: float) -> GraphDirectory:
    return GraphDirectory(graph.url, StaticToken(), **kwargs)  # type: ignore[arg-type]


async def test_reads_company_and_department_with_the_token(graph_emulator: GraphEmulator) -> None:
    graph_emulator.require_token = "test-token"
    graph_emulator.users[USER] = {"companyName": "Skien kommune", "department": " Helse "}
    client = directory(graph_emulator)
    try:
        assert await client.organisation(USER.upper()) == ("Skien kommune", "Helse")
    finally:
        await client.close()
    [request] = graph_emulator.requests
    assert request.path == f"/v1.0/users/{USER.upper()}"
    assert request.query == {"$select": "companyName,department"}
    assert request.authorization == "Bearer test-token"


async def test_unknown_user_is_none_and_empty_fields_are_none(
    graph_emulator: GraphEmulator,
) -> None:
    graph_emulator.users[USER] = {"companyName": "", "department": None}
    client = directory(graph_emulator)
    try:
        assert await client.organisation("00000000-0000-0000-0000-000000000000") == (None, None)
        assert await client.organisation(USER) == (None, None)
    finally:
        await client.close()


async def test_throttling_is_retried_after_retry_after(graph_emulator: GraphEmulator) -> None:
    graph_emulator.users[USER] = {"companyName": "Bamble kommune"}
    graph_emulator.throttle(2, retry_after=0.2)
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    client = GraphDirectory(graph_emulator.url, StaticToken(), sleep=sleep)
    try:
        assert await client.organisation(USER) == ("Bamble kommune", None)
    finally:
        await client.close()
    assert [r.status for r in graph_emulator.requests] == [429, 429, 200]
    assert len(waits) == 2 and all(wait >= 0.2 for wait in waits)


async def test_a_long_retry_after_or_lasting_failure_raises(graph_emulator: GraphEmulator) -> None:
    graph_emulator.throttle(1, retry_after=120)
    client = directory(graph_emulator, max_wait=5)
    try:
        with pytest.raises(GraphError) as throttled:
            await client.organisation(USER)
        assert throttled.value.status == 429
        graph_emulator.require_token = "another-token"
        with pytest.raises(GraphError) as refused:
            await client.organisation(USER)
        assert refused.value.status == 401  # not retried
    finally:
        await client.close()
    assert len(graph_emulator.requests) == 2


async def test_timeouts_are_retried_then_raised(graph_emulator: GraphEmulator) -> None:
    graph_emulator.delay = 0.5

    async def sleep(seconds: float) -> None:
        return None

    client = GraphDirectory(graph_emulator.url, StaticToken(), timeout=0.1, attempts=2, sleep=sleep)
    try:
        with pytest.raises(GraphError) as failed:
            await client.organisation(USER)
    finally:
        await client.close()
    assert failed.value.status == 0


def test_graph_settings_are_validated() -> None:
    settings = load_settings(_env_file=None)
    assert settings.graph_enabled is False and settings.graph_url == GRAPH_URL
    local = load_settings(
        _env_file=None, KRAVBOT_GRAPH_ENABLED="true", KRAVBOT_GRAPH_URL="http://127.0.0.1:9/v1.0/"
    )
    assert local.graph_enabled and local.graph_url == "http://127.0.0.1:9/v1.0"
    for bad, message in [
        ({"KRAVBOT_GRAPH_URL": "http://graph.example.com/v1.0"}, "KRAVBOT_GRAPH_URL"),
        ({"KRAVBOT_GRAPH_URL": "graph.microsoft.com"}, "KRAVBOT_GRAPH_URL"),
        ({"KRAVBOT_GRAPH_ENABLED": "perhaps"}, "KRAVBOT_GRAPH_ENABLED"),
        ({"KRAVBOT_GRAPH_ENABLED": "true"}, "needs MicrosoftAppId"),
        (
            {"KRAVBOT_GRAPH_ENABLED": "true", "MicrosoftAppId": "a", "MicrosoftAppPassword": "p"},
            "MicrosoftAppTenantId",
        ),
    ]:
        with pytest.raises(ConfigError, match=message):
            load_settings(_env_file=None, **bad)


@pytest.mark.parametrize(
    ("company", "department", "number"),
    [
        ("Skien kommune", None, "4003"),
        ("SKIEN KOMMUNE", "Helse", "4003"),
        (None, "Helse og omsorg, Tønsberg kommune", "3905"),
        ("Tonsberg kommune", None, "3905"),
        ("Midt-Telemark kommune", None, "4020"),
        ("Kommune 4014", None, "4014"),
        ("Vestfold og Telemark fylkeskommune", "IT", None),
        ("Skien og Porsgrunn legevakt", None, None),
        ("Nomeland AS", None, None),
        (None, None, None),
    ],
)
def test_municipality_from_company_or_department(
    company: str | None, department: str | None, number: str | None
) -> None:
    assert match_municipality((company, department), PAIRS) == number
