"""Data types of the connector emulator: members, conversations, teams, records and faults."""

from __future__ import annotations

import random
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any, Literal

JSON = Any
"""A decoded JSON value (the emulator does not validate activity schemas)."""

ConversationKind = Literal["personal", "groupChat", "channel"]

OPERATIONS: frozenset[str] = frozenset(
    {
        "send",
        "reply",
        "update",
        "delete",
        "create_conversation",
        "get_members",
        "get_paged_members",
        "get_member",
        "get_team",
        "get_channels",
    }
)
"""Operation names used in records, stats and :meth:`ConnectorEmulator.inject`."""

SEND_OPERATIONS: frozenset[str] = frozenset({"send", "reply", "update", "delete"})
ROSTER_OPERATIONS: frozenset[str] = frozenset(
    {"get_members", "get_paged_members", "get_member", "get_team", "get_channels"}
)

DEFAULT_TENANT_ID = "00000000-0000-4000-8000-00000000beef"


@dataclass(frozen=True, slots=True)
class Member:
    """A Teams user as the roster APIs return it (a ``TeamsChannelAccount``).

    ``email`` and ``user_principal_name`` may be missing in real Teams (guests, privacy
    settings), so they are optional here too and left out of the JSON when ``None``.
    """

    id: str
    name: str
    aad_object_id: str
    tenant_id: str = DEFAULT_TENANT_ID
    user_principal_name: str | None = None
    email: str | None = None
    given_name: str | None = None
    surname: str | None = None
    user_role: str = "user"

    def to_json(self) -> dict[str, JSON]:
        data: dict[str, JSON] = {
            "id": self.id,
            "name": self.name,
            "aadObjectId": self.aad_object_id,
            "tenantId": self.tenant_id,
            "userRole": self.user_role,
        }
        if self.given_name is not None:
            data["givenName"] = self.given_name
        if self.surname is not None:
            data["surname"] = self.surname
        if self.email is not None:
            data["email"] = self.email
        if self.user_principal_name is not None:
            data["userPrincipalName"] = self.user_principal_name
        return data


@dataclass(frozen=True, slots=True)
class Channel:
    """A channel of a team; the General channel has the team's id and no name."""

    id: str
    name: str | None = None


@dataclass(slots=True)
class Team:
    id: str
    name: str
    aad_group_id: str
    tenant_id: str
    members: list[Member]
    channels: list[Channel]

    def details_json(self) -> dict[str, JSON]:
        return {
            "id": self.id,
            "name": self.name,
            "aadGroupId": self.aad_group_id,
            "channelCount": len(self.channels),
            "memberCount": len(self.members),
            "type": "standard",
        }


@dataclass(slots=True)
class Conversation:
    """A conversation known to the emulator and the current state of its activities."""

    id: str
    kind: ConversationKind
    tenant_id: str
    members: list[Member]
    team_id: str | None = None
    # activity id -> current content (updates replace, deletes remove); insertion ordered.
    activities: dict[str, dict[str, JSON]] = field(default_factory=dict)

    def member(self, member_id: str) -> Member | None:
        # Teams accepts both the "29:" id and the AAD object id here.
        for m in self.members:
            if member_id in (m.id, m.aad_object_id):
                return m
        return None


@dataclass(frozen=True, slots=True)
class Record:
    """One request as the emulator received and answered it."""

    method: str
    path: str
    operation: str | None
    conversation_id: str | None
    activity_id: str | None
    body: JSON
    authorization: str | None
    status: int
    time: float

    @property
    def accepted(self) -> bool:
        return 200 <= self.status < 300


@dataclass(slots=True)
class Fault:
    """An injected failure; see :meth:`ConnectorEmulator.inject`.

    ``remaining`` is ``None`` for a persistent fault, else the number of requests it will
    still affect. ``hits`` counts requests it affected so far.
    """

    status: int | None
    code: str | None
    message: str | None
    retry_after: float | None
    delay: float
    remaining: int | None
    conversation_id: str | None
    operations: frozenset[str] | None
    hits: int = 0
    # Only this fraction of matching requests is hit (at random); None = every one.
    probability: float | None = None

    def matches(self, operation: str, conversation_id: str | None) -> bool:
        if self.remaining is not None and self.remaining <= 0:
            return False
        if self.operations is not None and operation not in self.operations:
            return False
        if self.conversation_id is not None and self.conversation_id != conversation_id:
            return False
        return self.probability is None or random.random() < self.probability

    @staticmethod
    def normalize_operations(operation: str | Collection[str] | None) -> frozenset[str] | None:
        if operation is None:
            return None
        ops = frozenset({operation}) if isinstance(operation, str) else frozenset(operation)
        unknown = ops - OPERATIONS
        if unknown:
            raise ValueError(f"unknown operation(s) {sorted(unknown)}; use {sorted(OPERATIONS)}")
        return ops
