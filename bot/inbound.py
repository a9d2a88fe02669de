"""Read what matters from an inbound Teams activity (the raw JSON, as Teams sent it).

Every string that can reach the database is checked here, once, so that both databases see the
same thing: identifiers longer than their column make the activity a bad request (cutting one
could make two conversations one), names are cut to their column, an over-long or malformed
locale is ignored, and NUL characters (which PostgreSQL refuses and SQLite keeps) are removed
from everything, card data included.
"""

from __future__ import annotations

import re
from typing import Any, Final
from urllib.parse import urlsplit

from cards.texts import Language, language_for
from dialogs.kernel.turns import TurnInput
from storage.conversations import ConversationRecord
from storage.people import TeamsUser

CONVERSATION_KINDS = frozenset({"personal", "groupChat", "channel"})

# The widths of the columns these land in (storage/models.py: Conversation, Person).
ID_LIMITS: Final = {
    ("conversation", "id"): 512,
    ("from", "id"): 256,
    ("from", "aadObjectId"): 64,
    ("recipient", "id"): 256,
}
MAX_SERVICE_URL: Final = 1024
MAX_CHANNEL_ID: Final = 32
MAX_TENANT: Final = 64
MAX_NAME: Final = 256
MAX_CONVERSATION_NAME: Final = 512
MAX_TEAMS_ID: Final = 512
LOCALE: Final = re.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8}){0,3}")
MAX_LOCALE: Final = 16
# Card data deeper than this is not ours; it is dropped rather than walked.
MAX_DEPTH: Final = 8


class BadActivity(ValueError):
    """The body is not an activity Kravbot can act on; the message says what is wrong."""


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _str(value: Any) -> str | None:
    return clean(value) or None if isinstance(value, str) else None


def clean(value: str, limit: int | None = None) -> str:
    """The string without NUL characters, cut to `limit` characters."""
    value = value.replace("\x00", "")
    return value if limit is None else value[:limit]


def clean_data(value: Any, depth: int = 0) -> Any:
    """Card data with every string (keys too) NUL-free; nesting beyond MAX_DEPTH dropped."""
    if isinstance(value, str):
        return clean(value)
    if depth >= MAX_DEPTH:
        return None
    if isinstance(value, dict):
        return {clean(str(k)): clean_data(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_data(v, depth + 1) for v in value]
    return value


def locale_of(value: Any) -> str | None:
    """A locale tag as Teams sends them (`nb-NO`), or None for anything else."""
    tag = _str(value)
    if tag is None or len(tag) > MAX_LOCALE or not LOCALE.fullmatch(tag):
        return None
    return tag


def _too_long(body: dict[str, Any]) -> list[str]:
    """The identifiers wider than the column they are stored in."""
    problems = []
    for (outer, key), limit in ID_LIMITS.items():
        value = _dict(body.get(outer)).get(key)
        if isinstance(value, str) and len(value) > limit:
            problems.append(f"{outer}.{key} is longer than {limit} characters")
    service_url = body.get("serviceUrl")
    if isinstance(service_url, str) and len(service_url) > MAX_SERVICE_URL:
        problems.append(f"serviceUrl is longer than {MAX_SERVICE_URL} characters")
    channel_id = body.get("channelId")
    if isinstance(channel_id, str) and len(channel_id) > MAX_CHANNEL_ID:
        problems.append(f"channelId is longer than {MAX_CHANNEL_ID} characters")
    channel_data = _dict(body.get("channelData"))
    tenant = _dict(channel_data.get("tenant")).get("id")
    if isinstance(tenant, str) and len(tenant) > MAX_TENANT:
        problems.append(f"channelData.tenant.id is longer than {MAX_TENANT} characters")
    for key in ("team", "channel"):
        value = _dict(channel_data.get(key)).get("id")
        if isinstance(value, str) and len(value) > MAX_TEAMS_ID:
            problems.append(f"channelData.{key}.id is longer than {MAX_TEAMS_ID} characters")
    return problems


def check_activity(body: Any) -> dict[str, Any]:
    """The body if it has the shape of a Bot Framework activity, else BadActivity."""
    if not isinstance(body, dict):
        raise BadActivity("the body must be a JSON object")
    problems = []
    if not _str(body.get("type")):
        problems.append("type is missing")
    conversation = body.get("conversation")
    if not isinstance(conversation, dict) or not _str(conversation.get("id")):
        problems.append("conversation.id is missing")
    service_url = _str(body.get("serviceUrl"))
    if service_url is None:
        problems.append("serviceUrl is missing")
    elif urlsplit(service_url).scheme not in ("http", "https") or not urlsplit(service_url).netloc:
        problems.append("serviceUrl is not an http(s) URL")
    if not _str(body.get("channelId")):
        problems.append("channelId is missing")
    sender = body.get("from")
    if body.get("type") in ("message", "invoke") and (
        not isinstance(sender, dict) or not _str(sender.get("id"))
    ):
        problems.append("from.id is missing")
    for key in ("from", "recipient", "channelData"):
        if body.get(key) is not None and not isinstance(body[key], dict):
            problems.append(f"{key} must be an object")
    if "text" in body and body["text"] is not None and not isinstance(body["text"], str):
        problems.append("text must be a string")
    problems.extend(_too_long(body))
    if problems:
        raise BadActivity("; ".join(problems))
    return body


def tenant_of(body: dict[str, Any]) -> str | None:
    """The tenant id; from channelData (botbuilder's schema drops conversation.tenantId)."""
    channel_data = _dict(body.get("channelData"))
    tenant = _str(_dict(channel_data.get("tenant")).get("id"))
    return tenant or _str(_dict(body.get("conversation")).get("tenantId"))


def channel_home(conversation_id: str, kind: str | None, channel_id: str | None) -> str:
    """The id Kravbot keeps for a conversation: in a channel the channel itself, not the thread
    of the post or reply (`19:...@thread.tacv2;messageid=...`) the activity came from."""
    if kind != "channel":
        return conversation_id
    return channel_id or conversation_id.split(";messageid=", 1)[0]


def conversation_record(body: dict[str, Any]) -> ConversationRecord:
    """The conversation the activity came from, with a reference for proactive messages."""
    conversation = _dict(body.get("conversation"))
    channel_data = _dict(body.get("channelData"))
    recipient = _dict(body.get("recipient"))
    tenant = tenant_of(body)
    kind = _str(conversation.get("conversationType"))
    if kind not in CONVERSATION_KINDS:
        kind = "groupChat" if conversation.get("isGroup") else "personal"
    team = _dict(channel_data.get("team"))
    channel = _dict(channel_data.get("channel"))
    conversation_id = channel_home(
        _str(conversation.get("id")) or "", kind, _str(channel.get("id"))
    )
    reference_conversation: dict[str, Any] = {
        key: conversation[key]
        for key in ("id", "conversationType", "isGroup", "name")
        if key in conversation
    }
    reference_conversation["id"] = conversation_id
    if tenant:
        reference_conversation["tenantId"] = tenant
    reference = {
        "bot": {"id": recipient.get("id"), "name": recipient.get("name")},
        "conversation": reference_conversation,
        "channelId": body.get("channelId"),
        "serviceUrl": body.get("serviceUrl"),
        "locale": locale_of(body.get("locale")),
    }
    reference = clean_data(reference)
    name = _str(channel.get("name")) or _str(conversation.get("name")) or _str(team.get("name"))
    name = clean(name, MAX_CONVERSATION_NAME) if name else None
    return ConversationRecord(
        id=conversation_id,
        kind=kind,
        channel_id=clean(str(body.get("channelId"))),
        tenant_id=tenant,
        team_id=_str(team.get("id")),
        teams_channel_id=_str(channel.get("id")),
        name=name,
        service_url=clean(str(body["serviceUrl"])),
        bot_id=_str(recipient.get("id")) or "",
        reference=reference,
    )


def sender_of(body: dict[str, Any], conversation: ConversationRecord) -> TeamsUser | None:
    """The person who sent the activity; None for activities from Teams itself."""
    sender = _dict(body.get("from"))
    user_id = _str(sender.get("id"))
    if user_id is None or user_id == conversation.bot_id:
        return None
    return TeamsUser(
        teams_user_id=user_id,
        aad_object_id=_str(sender.get("aadObjectId")),
        name=clean(_str(sender.get("name")) or "", MAX_NAME),
        locale=locale_of(body.get("locale")),
        tenant_id=conversation.tenant_id,
        personal_conversation_id=conversation.id if conversation.kind == "personal" else None,
    )


def card_action(body: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """The verb and data of a card action (an adaptiveCard/action invoke or an Action.Submit)."""
    value = _dict(body.get("value"))
    if body.get("type") == "invoke":
        action = _dict(value.get("action"))
        data = clean_data(_dict(action.get("data")))
        verb = _str(action.get("verb")) or _str(data.get("verb"))
        return verb, data
    if value:
        value = clean_data(value)
        return _str(value.get("verb")) or "", value
    return None, {}


def turn_input(body: dict[str, Any], default_language: str) -> TurnInput:
    """Everything the workflows need from one activity."""
    conversation = conversation_record(body)
    verb, data = card_action(body)
    language: Language = language_for(locale_of(body.get("locale")), default_language)
    return TurnInput(
        conversation=conversation,
        sender=sender_of(body, conversation),
        language=language,
        text=_str(body.get("text")) or "",
        data=data,
        verb=verb,
    )
