"""Graph's proactive install (issue 13), over real HTTP on SQLite and PostgreSQL: Teams refuses
Carl's 1:1 chat because Kravbot's app is not installed for him; with Graph enabled and the app's
catalog id set, the dispatcher installs the app through the Graph emulator and creates the chat
once more. Graph refusing, or no Graph at all, leaves Carl unreachable with the reason.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import pytest

from dialogs.kernel.delivery import send_to_person
from storage.models import Person
from tests.emulator.server import ConnectorEmulator, personal_conversation_id
from tests.support import activities as act
from tests.support import graph as graph_support
from tests.support.botserver import RunningBot, running_bot, settings_for
from tests.support.graph import GraphEmulator
from tests.support.outbox import wait_settled

graph_emulator = graph_support.graph_emulator

CARL = act.User("29:carl", "Carl Dahl", "00000000-0000-4000-8000-0000000000c1")
CATALOG_ID = "1542629c-01b3-4a6d-8f76-1938b779e48d"
CARL_CHAT = personal_conversation_id(act.TENANT, CARL.id)

Start = Callable[..., AbstractAsyncContextManager[RunningBot]]


@pytest.fixture
def start(database_url: str, connector_emulator: ConnectorEmulator) -> Start:
    """Runs the bot with these settings; Carl lacks the app and Kari's chat is known."""
    connector_emulator.app_not_installed(CARL.id, CARL.aad_object_id)

    def run(**overrides: Any) -> AbstractAsyncContextManager[RunningBot]:
        return _running(database_url, overrides)

    return run


async def _carl(bot: RunningBot, url: str, emulator: ConnectorEmulator) -> int:
    # Kari's message records the tenant's service URL; Carl is known by his ids only.
    await bot.post(act.message("hjelp", url))
    await emulator.wait_for_sent(1)
    async with bot.services.db.uow() as uow:
        carl = await uow.people.add(
            Person(
                teams_user_id=CARL.id,
                aad_object_id=CARL.aad_object_id,
                name=CARL.name,
                tenant_id=act.TENANT,
            )
        )
        await uow.commit()
        return carl.id


@asynccontextmanager
async def _running(database_url: str, overrides: dict[str, Any]) -> AsyncIterator[RunningBot]:
    async with running_bot(settings_for(database_url, **overrides), background=True) as bot:
        yield bot


async def _send_to_carl(bot: RunningBot, person_id: int) -> dict[str, int]:
    async with bot.services.db.uow() as uow:
        await send_to_person(uow, key="hello-carl", person_id=person_id, text="Hei Carl")
        await uow.commit()
    return await wait_settled(bot.services.db, timeout=15)


async def _reason(bot: RunningBot, person_id: int) -> tuple[str | None, str | None]:
    async with bot.services.db.uow() as uow:
        person = await uow.people.get(person_id)
        assert person is not None
        return person.unreachable_reason, person.personal_conversation_id


async def test_graph_installs_the_app_and_the_chat_is_created(
    start: Start, connector_emulator: ConnectorEmulator, graph_emulator: GraphEmulator
) -> None:
    graph_emulator.on_install = connector_emulator.install_app
    settings = {
        "graph_enabled": True,
        "graph_url": graph_emulator.url,
        "teams_app_catalog_id": CATALOG_ID,
    }
    async with start(**settings) as bot:
        carl = await _carl(bot, connector_emulator.url, connector_emulator)
        counts = await _send_to_carl(bot, carl)
        assert counts == {"sent": 1}, counts
        [hello] = await connector_emulator.wait_for_sent(1, 10, conversation_id=CARL_CHAT)
        assert hello["text"] == "Hei Carl"
        assert await _reason(bot, carl) == (None, CARL_CHAT)
        assert bot.services.background is not None
        assert bot.services.background.dispatcher.stats.installed_apps == 1
    assert graph_emulator.installs == [(CARL.aad_object_id, CATALOG_ID)]
    creates = connector_emulator.records
    refused = [r for r in creates if r.operation == "create_conversation" and r.status == 403]
    assert len(refused) == 1  # the first try; the one after the install succeeded


async def test_graph_refusing_the_install_leaves_the_person_unreachable(
    start: Start, connector_emulator: ConnectorEmulator, graph_emulator: GraphEmulator
) -> None:
    graph_emulator.on_install = connector_emulator.install_app
    graph_emulator.refuse_installs = 403  # no TeamsAppInstallation permission consented
    settings = {
        "graph_enabled": True,
        "graph_url": graph_emulator.url,
        "teams_app_catalog_id": CATALOG_ID,
    }
    async with start(**settings) as bot:
        carl = await _carl(bot, connector_emulator.url, connector_emulator)
        counts = await _send_to_carl(bot, carl)
        assert counts == {"dead": 1}, counts
        assert await _reason(bot, carl) == ("not_installed", None)
    install_calls = [r for r in graph_emulator.requests if r.path.endswith("/installedApps")]
    assert [r.status for r in install_calls] == [403]
    assert graph_emulator.installs == []
    assert connector_emulator.sent(CARL_CHAT) == []


@pytest.mark.parametrize("graph", ["no graph", "no catalog id"])
async def test_without_graph_or_catalog_id_no_install_is_tried(
    start: Start, connector_emulator: ConnectorEmulator, graph_emulator: GraphEmulator, graph: str
) -> None:
    settings: dict[str, Any] = (
        {} if graph == "no graph" else {"graph_enabled": True, "graph_url": graph_emulator.url}
    )
    async with start(**settings) as bot:
        carl = await _carl(bot, connector_emulator.url, connector_emulator)
        counts = await _send_to_carl(bot, carl)
        assert counts == {"dead": 1}, counts
        assert await _reason(bot, carl) == ("not_installed", None)
    assert graph_emulator.requests == []
