"""Repository of the Teams conversations the bot knows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Conversation, utcnow
from storage.upsert import upsert_statement


@dataclass(frozen=True, slots=True)
class ConversationRecord:
    """What an inbound activity tells us about its conversation."""

    id: str
    kind: str
    channel_id: str
    tenant_id: str | None
    team_id: str | None
    teams_channel_id: str | None
    name: str | None
    service_url: str
    bot_id: str
    reference: dict[str, Any]


class ConversationRepository:
    """Reads and writes `conversations`."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, conversation_id: str) -> Conversation | None:
        """The conversation, or None."""
        return await self._session.get(Conversation, conversation_id)

    async def save(self, record: ConversationRecord, *, installed: bool | None = None) -> None:
        """Insert or refresh a conversation; the service URL and reference always follow Teams."""
        now = utcnow()
        values: dict[str, Any] = {
            "id": record.id,
            "kind": record.kind,
            "channel_id": record.channel_id,
            "tenant_id": record.tenant_id,
            "team_id": record.team_id,
            "teams_channel_id": record.teams_channel_id,
            "name": record.name,
            "service_url": record.service_url,
            "bot_id": record.bot_id,
            "reference": record.reference,
            "installed": True if installed is None else installed,
            "created_at": now,
            "updated_at": now,
        }
        refreshed = ["service_url", "reference", "bot_id", "updated_at"]
        # Teams sends these only on some activities; keep what we knew when an activity lacks them.
        refreshed += [
            key for key in ("tenant_id", "team_id", "teams_channel_id", "name") if values[key]
        ]
        if installed is not None:
            refreshed.append("installed")
        await self._session.execute(
            upsert_statement(self._session, Conversation, values, conflict=["id"], update=refreshed)
        )

    async def list(self, *, kind: str | None = None) -> list[Conversation]:
        """Every known conversation, optionally of one kind."""
        statement = select(Conversation).order_by(Conversation.created_at)
        if kind is not None:
            statement = statement.where(Conversation.kind == kind)
        return list((await self._session.scalars(statement)).all())
