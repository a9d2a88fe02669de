"""Read a Teams roster through our connector (paged, as Teams recommends)."""

from __future__ import annotations

from functools import partial
from typing import Any

from bot.connector import ConnectorClient, with_retries
from dialogs.kernel.context import RosterMember

PAGE_SIZE = 500


def _member(raw: dict[str, Any]) -> RosterMember:
    return RosterMember(
        teams_user_id=str(raw.get("id", "")),
        aad_object_id=raw.get("aadObjectId") or raw.get("objectId"),
        name=str(raw.get("name") or raw.get("givenName") or ""),
        email=raw.get("email"),
        user_principal_name=raw.get("userPrincipalName"),
        tenant_id=raw.get("tenantId"),
    )


class TeamsRoster:
    """`dialogs.kernel.context.Roster` over the Bot Connector's paged members call."""

    def __init__(self, connector: ConnectorClient) -> None:
        self._connector = connector

    async def members(self, service_url: str, conversation_id: str) -> list[RosterMember]:
        """Every member, following continuation tokens."""
        members: list[RosterMember] = []
        token: str | None = None
        while True:
            page = await with_retries(
                partial(
                    self._connector.paged_members,
                    service_url,
                    conversation_id,
                    page_size=PAGE_SIZE,
                    continuation_token=token,
                )
            )
            members.extend(
                _member(raw) for raw in page.get("members") or [] if isinstance(raw, dict)
            )
            token = page.get("continuationToken")
            if not token:
                return members
