"""botbuilder's CloudAdapter with its 4.17.1 defects worked around.

- Inbound authentication is ours (`bot.auth`): async, with timeouts, and every failure is a
  401/403 instead of an uncaught exception.
- Outbound messages go through our aiohttp `ConnectorClient`, which retries throttling, instead
  of msrest + requests in a thread pool. Replies pace through the connector's `TeamsPacer`,
  shared with the outbox dispatcher and ahead of it, and a throttled reply is retried within
  Teams' reply window (`REPLY_BUDGET`).
- Invoke responses never pass through here: the handler returns them to the HTTP layer
  (`bot/web.py`), which serializes them once.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from botbuilder.core import CloudAdapterBase, TurnContext
from botbuilder.schema import Activity, ActivityTypes, ConversationReference, ResourceResponse
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    BotFrameworkAuthentication,
    ClaimsIdentity,
    ConnectorFactory,
)

from bot.auth import AuthError, ChannelTokenValidator
from bot.connector import ConnectorClient, with_retries

log = logging.getLogger(__name__)

# Seconds a reply inside a turn keeps being retried (429, 5xx): well within the ~15 s Teams
# waits for the turn's HTTP answer.
REPLY_BUDGET = 10.0


class _SharedConnectorFactory(ConnectorFactory):  # type: ignore[misc]
    """Hands botbuilder our connector; it is only a token in the turn state."""

    def __init__(self, connector: ConnectorClient) -> None:
        self._connector = connector

    async def create(self, service_url: str, audience: str) -> Any:
        return self._connector


class KravbotAuthentication(BotFrameworkAuthentication):  # type: ignore[misc]
    """Authenticates channel requests with our validator; local mode accepts anonymous calls."""

    def __init__(self, validator: ChannelTokenValidator | None, connector: ConnectorClient) -> None:
        self._validator = validator
        self._factory = _SharedConnectorFactory(connector)

    async def authenticate_request(
        self, activity: Activity, auth_header: str
    ) -> AuthenticateRequestResult:
        if self._validator is None:
            claims = ClaimsIdentity({}, True, AuthenticationConstants.ANONYMOUS_AUTH_TYPE)
        else:
            claims = ClaimsIdentity(
                await self._validator.validate(
                    auth_header, channel_id=activity.channel_id, service_url=activity.service_url
                ),
                True,
            )
        result = AuthenticateRequestResult()
        result.claims_identity = claims
        result.audience = AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE
        result.caller_id = None
        result.connector_factory = self._factory
        return result

    async def authenticate_streaming_request(
        self, auth_header: str, channel_id_header: str
    ) -> AuthenticateRequestResult:
        raise AuthError(401, "streaming connections are not supported")

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        return self._factory

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> None:
        # Kravbot uses no user sign-in (OAuth cards); botbuilder accepts None here.
        return None


def activity_json(activity: Activity) -> dict[str, Any]:
    """An outgoing activity as the JSON Teams expects."""
    # Card contents are plain JSON already (cards/ builds them); msrest's walk over every
    # node of a large card was the costliest step of a turn, so only the envelope goes
    # through it and the contents are put back as they are.
    swapped = {
        index: attachment.content
        for index, attachment in enumerate(activity.attachments or [])
        if isinstance(attachment.content, dict | list)
    }
    try:
        for index in swapped:
            activity.attachments[index].content = None
        body: dict[str, Any] = activity.serialize()
    finally:
        for index, content in swapped.items():
            activity.attachments[index].content = content
    # msrest keeps every attachment (content, name and all) in order.
    for index, content in swapped.items():
        body["attachments"][index]["content"] = content
    conversation = body.get("conversation")
    # botbuilder's schema writes the tenant as `tenantID`; the connector reads `tenantId`.
    if isinstance(conversation, dict) and "tenantID" in conversation:
        conversation["tenantId"] = conversation.pop("tenantID")
    return body


class KravbotAdapter(CloudAdapterBase):  # type: ignore[misc]
    """Runs turns; sends replies through our connector with retries."""

    def __init__(self, authentication: KravbotAuthentication, connector: ConnectorClient) -> None:
        super().__init__(authentication)
        self.connector = connector

    async def send_activities(
        self, context: TurnContext, activities: list[Activity]
    ) -> list[ResourceResponse]:
        responses: list[ResourceResponse] = []
        for activity in activities:
            activity.id = None
            if activity.type in (ActivityTypes.trace, ActivityTypes.invoke_response):
                # Traces are for the Emulator; invoke answers go back on the HTTP response.
                responses.append(ResourceResponse(id=""))
                continue
            sent = await with_retries(
                partial(self._post, context, activity, activity_json(activity)),
                max_wait=REPLY_BUDGET,
                budget=REPLY_BUDGET,
            )
            responses.append(ResourceResponse(id=sent))
        return responses

    async def _post(self, context: TurnContext, activity: Activity, body: dict[str, Any]) -> str:
        service_url = activity.service_url or context.activity.service_url
        conversation_id = activity.conversation.id
        await self.connector.pacer.reply(_tenant_of(context.activity), conversation_id)
        if activity.reply_to_id:
            return await self.connector.reply(
                service_url, conversation_id, activity.reply_to_id, body
            )
        return await self.connector.send(service_url, conversation_id, body)

    async def update_activity(self, context: TurnContext, activity: Activity) -> ResourceResponse:
        body = activity_json(activity)
        service_url = activity.service_url or context.activity.service_url
        await with_retries(
            lambda: self.connector.update(service_url, activity.conversation.id, activity.id, body)
        )
        return ResourceResponse(id=activity.id)

    async def delete_activity(self, context: TurnContext, reference: ConversationReference) -> None:
        service_url = reference.service_url or context.activity.service_url
        await with_retries(
            lambda: self.connector.delete(
                service_url, reference.conversation.id, reference.activity_id
            )
        )


def _tenant_of(activity: Activity) -> str:
    """The tenant a turn came from, as the outbox names it (its conversations' `tenant_id`)."""
    data = activity.channel_data
    if isinstance(data, dict):
        tenant = data.get("tenant")
        if isinstance(tenant, dict) and tenant.get("id"):
            return str(tenant["id"])
    conversation = activity.conversation
    return str(getattr(conversation, "tenant_id", None) or "-")
