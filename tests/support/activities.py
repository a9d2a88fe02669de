"""Teams-shaped activities for tests, modelled on what Teams and the Agents Playground send."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

TENANT = "9a3c5e1d-0000-4000-8000-d161700000aa"
BOT_ID = "28:kravbot-test-app"
_ids = itertools.count(1)


@dataclass(frozen=True)
class User:
    """A Teams user as activities name them."""

    id: str
    name: str
    aad_object_id: str

    def account(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "aadObjectId": self.aad_object_id}


KARI = User("29:kari-nordmann", "Kari Nordmann", "11111111-1111-4111-8111-111111111111")
OLA = User("29:ola-hansen", "Ola Hansen", "22222222-2222-4222-8222-222222222222")


@dataclass
class Where:
    """A conversation as activities describe it."""

    id: str = "a:personal-kari"
    kind: str = "personal"
    team_id: str | None = None
    channel_id: str | None = None
    name: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def conversation(self) -> dict[str, Any]:
        conversation: dict[str, Any] = {
            "id": self.id,
            "conversationType": self.kind,
            "tenantId": TENANT,
        }
        if self.kind != "personal":
            conversation["isGroup"] = True
        if self.name:
            conversation["name"] = self.name
        return conversation

    def channel_data(self, tenant: str = TENANT) -> dict[str, Any]:
        data: dict[str, Any] = {"tenant": {"id": tenant}}
        if self.team_id:
            data["team"] = {"id": self.team_id, "name": "DigiTV"}
        if self.channel_id:
            data["channel"] = {"id": self.channel_id, "name": self.name or "Generelt"}
        return data


PERSONAL = Where()
CHANNEL = Where(
    id="19:hjt-channel@thread.tacv2",
    kind="channel",
    team_id="19:digitv-team@thread.tacv2",
    channel_id="19:hjt-channel@thread.tacv2",
    name="Hjemmetjeneste",
)


def base(
    kind: str,
    service_url: str,
    *,
    user: User = KARI,
    where: Where = PERSONAL,
    locale: str | None = "nb-NO",
    tenant: str = TENANT,
) -> dict[str, Any]:
    """The fields every activity from Teams carries."""
    activity: dict[str, Any] = {
        "type": kind,
        "id": f"act-{next(_ids)}",
        "timestamp": "2026-11-26T09:00:00.000Z",
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": user.account(),
        "recipient": {"id": BOT_ID, "name": "Kravbot"},
        "conversation": where.conversation(),
        "channelData": where.channel_data(tenant),
    }
    if locale:
        activity["locale"] = locale
    return activity


def message(text: str, service_url: str, **kwargs: Any) -> dict[str, Any]:
    """A text message; in a channel the bot is mentioned first, as Teams requires."""
    activity = base("message", service_url, **kwargs)
    where: Where = kwargs.get("where", PERSONAL)
    if where.kind == "channel":
        activity["text"] = f"<at>Kravbot</at> {text}"
        activity["entities"] = [
            {
                "type": "mention",
                "mentioned": {"id": BOT_ID, "name": "Kravbot"},
                "text": "<at>Kravbot</at>",
            }
        ]
    else:
        activity["text"] = text
    activity["textFormat"] = "plain"
    return activity


def submit(data: dict[str, Any], service_url: str, **kwargs: Any) -> dict[str, Any]:
    """An Action.Submit: a message with `value` and no text."""
    activity = base("message", service_url, **kwargs)
    activity["value"] = data
    return activity


def card_action(verb: str, data: dict[str, Any], service_url: str, **kwargs: Any) -> dict[str, Any]:
    """An Action.Execute click: the `adaptiveCard/action` invoke."""
    activity = base("invoke", service_url, **kwargs)
    activity["name"] = "adaptiveCard/action"
    activity["value"] = {
        "action": {"type": "Action.Execute", "id": f"{verb}-button", "verb": verb, "data": data},
        "trigger": "manual",
    }
    return activity


def bot_added(service_url: str, **kwargs: Any) -> dict[str, Any]:
    """The conversationUpdate Teams sends when the bot is installed in a conversation."""
    activity = base("conversationUpdate", service_url, **kwargs)
    activity["membersAdded"] = [{"id": BOT_ID}]
    return activity


def bot_removed(service_url: str, **kwargs: Any) -> dict[str, Any]:
    """The conversationUpdate Teams sends when the bot is removed."""
    activity = base("conversationUpdate", service_url, **kwargs)
    activity["membersRemoved"] = [{"id": BOT_ID}]
    return activity


def installation(action: str, service_url: str, **kwargs: Any) -> dict[str, Any]:
    """An installationUpdate (`add`, `remove`, `add-upgrade`)."""
    activity = base("installationUpdate", service_url, **kwargs)
    activity["action"] = action
    return activity
