"""Group posts to a channel start a new thread there (issue 13), through the outbox dispatcher
and the connector emulator, on SQLite and PostgreSQL: two posts are two threads, each starting
with its own message, and a later update still replaces the post it belongs to."""

from __future__ import annotations

import pytest

from bot.connector import ConnectorClient, ConnectorError
from bot.credentials import NoToken
from dialogs.kernel.delivery import send_to_conversation, update_card
from storage.conversations import ConversationRecord
from storage.database import Database
from tests.emulator import DEFAULT_TENANT_ID, ConnectorEmulator
from tests.support.outbox import BOT_ID, dispatcher_for, new_term, statuses, wait_settled

CHANNEL = "19:hjt-channel@thread.tacv2"
THREAD = f"{CHANNEL};messageid=1700000000000"


def _card(words: str) -> dict[str, object]:
    return {
        "type": "AdaptiveCard",
        "version": "1.5",
        "body": [{"type": "TextBlock", "text": words}],
    }


async def _known(db: Database, conversation_id: str, emulator: ConnectorEmulator) -> None:
    """The channel in the emulator, and `conversation_id` (it or a thread) in the catalogue."""
    emulator.add_conversation(CHANNEL, kind="channel", tenant_id=DEFAULT_TENANT_ID)
    url = emulator.url
    async with db.uow() as uow:
        await uow.conversations.save(
            ConversationRecord(
                id=conversation_id,
                kind="channel",
                channel_id="msteams",
                tenant_id=DEFAULT_TENANT_ID,
                team_id="19:digitv-team@thread.tacv2",
                teams_channel_id=CHANNEL,
                name="Hjemmetjeneste",
                service_url=url,
                bot_id=BOT_ID,
                reference={},
            )
        )
        await uow.commit()


async def _deliver(db: Database) -> dict[str, int]:
    dispatcher, connector = dispatcher_for(db)
    await dispatcher.start(await new_term(db))
    try:
        return await wait_settled(db, timeout=15)
    finally:
        await dispatcher.stop()
        await connector.close()


async def test_two_posts_to_a_channel_are_two_new_threads(
    db: Database, connector_emulator: ConnectorEmulator
) -> None:
    await _known(db, CHANNEL, connector_emulator)
    async with db.uow() as uow:
        await send_to_conversation(uow, key="round-1", conversation_id=CHANNEL, text="Runde 1")
        await send_to_conversation(uow, key="poll-2", conversation_id=CHANNEL, card=_card("P"))
        await uow.commit()
    assert await _deliver(db) == {"sent": 2}
    threads = connector_emulator.threads(CHANNEL)
    assert len(threads) == 2 and len(set(threads)) == 2
    first, second = (connector_emulator.sent(thread) for thread in threads)
    assert [a.get("text") for a in first] == ["Runde 1"] and len(second) == 1
    # Nothing was posted to the channel outside a new thread (no reply to an old one).
    assert connector_emulator.count(operation="send") == 0
    creations = [r for r in connector_emulator.records if r.operation == "create_conversation"]
    assert [r.status for r in creations] == [201, 201]
    for record in creations:
        assert record.body["isGroup"] is True
        assert record.body["channelData"]["channel"]["id"] == CHANNEL
        assert record.body["channelData"]["tenant"]["id"] == DEFAULT_TENANT_ID
    # A card posted as a new thread is still updated in place later.
    async with db.uow() as uow:
        await update_card(
            uow, key="poll-2:v1", replaces="poll-2", conversation_id=CHANNEL, card=_card("P2")
        )
        await uow.commit()
    assert await _deliver(db) == {"sent": 3}
    assert await statuses(db, ["poll-2:v1"]) == {"poll-2:v1": "sent"}
    [posted] = second
    updated = connector_emulator.activity(CHANNEL, str(posted["id"]))
    assert updated is not None and "P2" in str(updated)


async def test_a_post_to_a_thread_stays_a_reply_in_that_thread(
    db: Database, connector_emulator: ConnectorEmulator
) -> None:
    await _known(db, THREAD, connector_emulator)
    async with db.uow() as uow:
        await send_to_conversation(uow, key="reply", conversation_id=THREAD, text="Svar")
        await uow.commit()
    assert await _deliver(db) == {"sent": 1}
    assert connector_emulator.threads(CHANNEL) == []
    assert [a.get("text") for a in connector_emulator.sent(THREAD)] == ["Svar"]


async def test_the_emulator_refuses_a_thread_without_a_first_message_or_channel(
    connector_emulator: ConnectorEmulator,
) -> None:
    connector_emulator.add_conversation(CHANNEL, kind="channel", tenant_id=DEFAULT_TENANT_ID)
    client = ConnectorClient(NoToken())
    tenant = {"id": DEFAULT_TENANT_ID}
    try:
        for channel, activity, status in (
            (CHANNEL, None, 400),
            ("19:unknown@thread.tacv2", {"type": "message", "text": "x"}, 404),
        ):
            body: dict[str, object] = {
                "isGroup": True,
                "channelData": {"channel": {"id": channel}, "tenant": tenant},
            }
            if activity is not None:
                body["activity"] = activity
            with pytest.raises(ConnectorError) as refused:
                await client.create_conversation(connector_emulator.url, body)
            assert refused.value.status == status
    finally:
        await client.close()
    assert connector_emulator.threads(CHANNEL) == []
