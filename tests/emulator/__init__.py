"""Emulator of the Teams Bot Connector v3 REST API for Kravbot's tests and benchmarks.

Usage in a test::

    async with ConnectorEmulator() as emulator:
        # point the bot's activities / conversation references at emulator.url
        ...
        sent = await emulator.wait_for_sent(3, timeout=5)

Standalone (another process, e.g. for a benchmark)::

    python -m tests.emulator --port 0 [--tenant-limit 30] [--no-limits]

See :class:`ConnectorEmulator` for throttling, fault injection and the record of requests.
"""

from .limiter import (
    TEAMS_CREATE_WINDOWS,
    TEAMS_ROSTER_WINDOWS,
    TEAMS_SEND_WINDOWS,
    Clock,
    RateWindow,
    SlidingWindowLimiter,
)
from .models import (
    DEFAULT_TENANT_ID,
    OPERATIONS,
    Channel,
    Conversation,
    ConversationKind,
    Fault,
    Member,
    Record,
    Team,
)
from .server import ApiError, ConnectorEmulator, infer_kind, personal_conversation_id

__all__ = [
    "DEFAULT_TENANT_ID",
    "OPERATIONS",
    "TEAMS_CREATE_WINDOWS",
    "TEAMS_ROSTER_WINDOWS",
    "TEAMS_SEND_WINDOWS",
    "ApiError",
    "Channel",
    "Clock",
    "ConnectorEmulator",
    "Conversation",
    "ConversationKind",
    "Fault",
    "Member",
    "RateWindow",
    "Record",
    "SlidingWindowLimiter",
    "Team",
    "infer_kind",
    "personal_conversation_id",
]
