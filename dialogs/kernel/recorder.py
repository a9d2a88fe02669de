"""Remember the conversations and people that talk to the bot, without a write on every turn."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable

from storage.conversations import ConversationRecord
from storage.database import Database
from storage.people import TeamsUser


class ConversationRecorder:
    """Writes a conversation or person when something about it changed, or hourly to refresh.

    Teams can move a conversation to another service URL at any time, so every inbound activity
    is compared with what was last written; identical activities cost no database round trip.
    """

    def __init__(
        self,
        db: Database,
        *,
        refresh_after: float = 3600.0,
        capacity: int = 20_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._db = db
        self._refresh_after = refresh_after
        self._capacity = capacity
        self._clock = clock
        self._written: OrderedDict[tuple[object, ...], float] = OrderedDict()
        self._in_flight: dict[tuple[object, ...], asyncio.Future[None]] = {}

    def _fresh(self, key: tuple[object, ...]) -> bool:
        written = self._written.get(key)
        return written is not None and self._clock() - written < self._refresh_after

    def _remember(self, key: tuple[object, ...]) -> None:
        self._written[key] = self._clock()
        self._written.move_to_end(key)
        while len(self._written) > self._capacity:
            self._written.popitem(last=False)

    async def record(
        self,
        conversation: ConversationRecord,
        sender: TeamsUser | None,
        *,
        installed: bool | None = None,
    ) -> bool:
        """Store what changed; True when the database was written."""
        conversation_key = (
            "c",
            conversation.id,
            conversation.service_url,
            conversation.kind,
            conversation.tenant_id,
            conversation.team_id,
            conversation.name,
            conversation.bot_id,
        )
        sender_key = (
            (
                "p",
                sender.teams_user_id,
                sender.aad_object_id,
                sender.name,
                sender.locale,
                sender.personal_conversation_id,
            )
            if sender is not None
            else None
        )
        write_conversation = installed is not None or not self._fresh(conversation_key)
        write_sender = sender_key is not None and not self._fresh(sender_key)
        if not (write_conversation or write_sender):
            return False
        # A burst of first clicks from one person (a meeting answering at once) writes once:
        # the others wait for that write instead of queueing for SQLite's writer lock.
        flight = (conversation_key, sender_key, installed)
        running = self._in_flight.get(flight)
        if running is not None:
            await asyncio.shield(running)
            return False
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._in_flight[flight] = future
        try:
            await self._write(
                conversation,
                sender,
                installed=installed,
                conversation_key=conversation_key if write_conversation else None,
                sender_key=sender_key if write_sender else None,
            )
            future.set_result(None)
        except BaseException as exc:
            future.set_exception(exc)
            # The waiters see the failure; nobody else needs to retrieve it.
            future.exception()
            raise
        finally:
            del self._in_flight[flight]
        return True

    async def _write(
        self,
        conversation: ConversationRecord,
        sender: TeamsUser | None,
        *,
        installed: bool | None,
        conversation_key: tuple[object, ...] | None,
        sender_key: tuple[object, ...] | None,
    ) -> None:
        async with self._db.uow() as uow:
            if conversation_key is not None:
                await uow.conversations.save(conversation, installed=installed)
            if sender_key is not None and sender is not None:
                await uow.people.seen(sender)
            await uow.commit()
        if conversation_key is not None:
            self._remember(conversation_key)
        if sender_key is not None:
            self._remember(sender_key)

    async def install(self, conversation: ConversationRecord) -> bool:
        """Record that the bot is installed here; True when it was not installed before."""
        async with self._db.uow() as uow:
            known = await uow.conversations.get(conversation.id)
            was_installed = known is not None and known.installed
            await uow.conversations.save(conversation, installed=True)
            await uow.commit()
        self._forget_conversation(conversation.id)
        return not was_installed

    def _forget_conversation(self, conversation_id: str) -> None:
        for key in [key for key in self._written if key[:2] == ("c", conversation_id)]:
            del self._written[key]

    def forget(self) -> None:
        """Drop the memory of what was written (after a restore, or in tests)."""
        self._written.clear()
