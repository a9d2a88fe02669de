"""The activity handler: turns Teams activities into workflow calls and back into activities."""

from __future__ import annotations

import logging
from contextvars import ContextVar
from dataclasses import replace
from http import HTTPStatus
from typing import Any

from botbuilder.core import Bot, InvokeResponse, TurnContext
from botbuilder.schema import Activity, ActivityTypes, Attachment

from bot.inbound import turn_input
from cards.base import CARD_CONTENT_TYPE
from cards.texts import text
from dialogs import router
from dialogs.context import DialogContext
from dialogs.language import LanguagePreferences
from dialogs.recorder import ConversationRecorder
from dialogs.turns import CardResult, Message, TurnInput

log = logging.getLogger(__name__)

# The activity exactly as Teams sent it: botbuilder's schema drops fields (conversation.tenantId).
RAW_ACTIVITY: ContextVar[dict[str, Any]] = ContextVar("kravbot_raw_activity")
ADAPTIVE_CARD_ACTION = "adaptiveCard/action"


def message_activity(message: Message) -> Activity:
    """A workflow message as a Bot Framework message activity."""
    attachments = (
        [Attachment(content_type=CARD_CONTENT_TYPE, content=message.card)]
        if message.card is not None
        else None
    )
    return Activity(type=ActivityTypes.message, text=message.text, attachments=attachments)


def card_invoke_response(result: CardResult) -> dict[str, Any]:
    """The `adaptiveCard/action` answer Teams documents: a card, a message or an error."""
    if result.card is not None:
        return {
            "statusCode": 200,
            "type": "application/vnd.microsoft.card.adaptive",
            "value": result.card,
        }
    if result.status >= 400:
        return {
            "statusCode": result.status,
            "type": "application/vnd.microsoft.error",
            "value": {"code": "BadRequest", "message": result.message or ""},
        }
    return {
        "statusCode": 200,
        "type": "application/vnd.microsoft.activity.message",
        "value": result.message or "",
    }


def _invoke(context: TurnContext, status: int, body: Any) -> Activity:
    return Activity(
        type=ActivityTypes.invoke_response, value=InvokeResponse(status=status, body=body)
    )


class KravbotHandler(Bot):  # type: ignore[misc]
    """Dispatches by activity type; every workflow step is plain data in, plain data out."""

    def __init__(self, recorder: ConversationRecorder, ctx: DialogContext) -> None:
        self._recorder = recorder
        self._languages = LanguagePreferences(ctx.db)
        self._ctx = ctx
        self._default_language = ctx.default_language

    def forget_language(self, teams_user_id: str) -> None:
        """Forget a person's remembered language choice (after they changed it)."""
        self._languages.forget(teams_user_id)

    async def on_turn(self, context: TurnContext) -> None:
        raw = RAW_ACTIVITY.get(None) or context.activity.serialize()
        turn = turn_input(raw, self._default_language)
        if turn.sender is not None:
            chosen = await self._languages.of(turn.sender.teams_user_id)
            if chosen is not None and chosen != turn.language:
                turn = replace(turn, language=chosen)
        kind = raw.get("type")
        if kind == ActivityTypes.message:
            await self._recorder.record(turn.conversation, turn.sender)
            await self._send(context, await router.on_message(turn, self._ctx))
        elif kind == ActivityTypes.invoke:
            await self._on_invoke(context, raw, turn)
        elif kind == ActivityTypes.conversation_update:
            await self._on_conversation_update(context, raw, turn)
        elif kind == ActivityTypes.installation_update:
            await self._on_installation_update(context, raw, turn)
        # Other activity types (typing, messageReaction, ...) need no answer.

    async def _on_invoke(self, context: TurnContext, raw: dict[str, Any], turn: TurnInput) -> None:
        if raw.get("name") != ADAPTIVE_CARD_ACTION:
            await context.send_activity(
                _invoke(context, HTTPStatus.NOT_IMPLEMENTED, {"error": "unsupported invoke"})
            )
            return
        await self._recorder.record(turn.conversation, turn.sender)
        result = await router.on_card_action(turn, self._ctx)
        await context.send_activity(_invoke(context, HTTPStatus.OK, card_invoke_response(result)))

    async def _on_conversation_update(
        self, context: TurnContext, raw: dict[str, Any], turn: TurnInput
    ) -> None:
        bot_id = turn.conversation.bot_id
        added = [m.get("id") for m in raw.get("membersAdded") or [] if isinstance(m, dict)]
        removed = [m.get("id") for m in raw.get("membersRemoved") or [] if isinstance(m, dict)]
        if bot_id and bot_id in removed:
            await self._recorder.record(turn.conversation, None, installed=False)
        elif bot_id and bot_id in added:
            first_time = await self._recorder.install(turn.conversation)
            # Clients resend this on reconnects (the playground on every page load): welcome
            # once per installation, not once per event.
            if first_time:
                await self._send(context, await router.on_installed(turn, self._ctx))
        else:
            await self._recorder.record(turn.conversation, None)

    async def _on_installation_update(
        self, context: TurnContext, raw: dict[str, Any], turn: TurnInput
    ) -> None:
        action = str(raw.get("action") or "")
        if action.startswith("remove"):
            await self._recorder.record(turn.conversation, turn.sender, installed=False)
        elif action.startswith("add"):
            # Teams sends both installationUpdate and conversationUpdate for one install, in
            # either order: whichever comes first welcomes, the other finds it installed.
            first_time = await self._recorder.install(turn.conversation)
            await self._recorder.record(turn.conversation, turn.sender)
            if first_time:
                await self._send(context, await router.on_installed(turn, self._ctx))

    async def _send(self, context: TurnContext, messages: list[Message]) -> None:
        for message in messages:
            await context.send_activity(message_activity(message))

    async def on_error(self, context: TurnContext, error: Exception) -> None:
        """A turn failed: log it with its trace, tell the person in their language, lose nothing."""
        log.exception("turn failed", exc_info=error)
        raw = RAW_ACTIVITY.get(None) or {}
        try:
            turn = turn_input(raw, self._default_language)
            message = text(turn.language, "error.generic")
        except Exception:  # noqa: BLE001 - the activity itself may be what failed
            message = text(self._default_language, "error.generic")
        try:
            if context.activity.type == ActivityTypes.invoke:
                body = card_invoke_response(CardResult(message=message))
                await context.send_activity(_invoke(context, HTTPStatus.OK, body))
            else:
                await context.send_activity(Activity(type=ActivityTypes.message, text=message))
        except Exception:  # noqa: BLE001 - Teams unreachable: the log above is what remains
            log.warning("could not tell the person about the failed turn")
