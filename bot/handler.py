"""The activity handler: one checked activity in, its workflow step run, the HTTP answer out.

`bot/web.py` hands over the activity exactly as Teams sent it (botbuilder's schema drops fields
such as `conversation.tenantId`) together with its deserialized form, and gets back the answer
for Teams directly: the invoke response of a card action, or a plain 200.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from http import HTTPStatus
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ActivityTypes, Attachment
from botframework.connector.auth import AuthenticateRequestResult

from bot import metrics
from bot.adapter import KravbotAdapter
from bot.inbound import turn_input
from bot.logs import correlated
from cards.base import CARD_CONTENT_TYPE
from cards.texts import text
from dialogs.kernel import router
from dialogs.kernel.context import DialogContext
from dialogs.kernel.language import LanguagePreferences
from dialogs.kernel.recorder import ConversationRecorder
from dialogs.kernel.registry import Registry
from dialogs.kernel.turns import CardResult, Message, TurnInput

log = logging.getLogger(__name__)

ADAPTIVE_CARD_ACTION = "adaptiveCard/action"


@dataclass(frozen=True, slots=True)
class TurnAnswer:
    """What goes back to Teams on the HTTP request: a status and, for invokes, a JSON body."""

    status: int = HTTPStatus.OK
    body: dict[str, Any] | None = None


def message_activity(message: Message) -> Activity:
    """A workflow message as a Bot Framework message activity."""
    attachments = (
        [Attachment(content_type=CARD_CONTENT_TYPE, content=message.card)]
        if message.card is not None
        else None
    )
    return Activity(type=ActivityTypes.message, text=message.text, attachments=attachments)


def card_invoke_response(result: CardResult) -> dict[str, Any]:
    """The `adaptiveCard/action` answer Teams documents: a card, a message or an error.

    A refusal is an error even when it carries a card (the form again, sent as a message)."""
    if result.card is not None and result.status < 400:
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


class KravbotHandler:
    """Dispatches by activity type; every workflow step is plain data in, plain data out."""

    def __init__(
        self,
        adapter: KravbotAdapter,
        recorder: ConversationRecorder,
        ctx: DialogContext,
        registry: Registry,
    ) -> None:
        self._adapter = adapter
        self._recorder = recorder
        self._languages = LanguagePreferences(ctx.db)
        self._ctx = ctx
        self._registry = registry

    def forget_language(self, teams_user_id: str) -> None:
        """Forget a person's remembered language choice (after they changed it)."""
        self._languages.forget(teams_user_id)

    async def handle(
        self, raw: dict[str, Any], activity: Activity, auth: AuthenticateRequestResult
    ) -> TurnAnswer:
        """Run the turn of one authenticated activity; a failed turn is told, never a 500."""
        answer = TurnAnswer()
        # The log lines of this turn share one id: the activity's own, else a new one.
        correlated(f"turn-{raw['id']}" if isinstance(raw.get("id"), str) else None)
        started = time.perf_counter()

        async def logic(context: TurnContext) -> None:
            nonlocal answer
            try:
                answer = await self._turn(raw, context)
            except Exception as error:  # noqa: BLE001 - the person is told; the log has the trace
                answer = await self._failed(raw, context, error)

        await self._adapter.process_activity(auth, activity, logic)
        timing = metrics.INVOKE_SECONDS if raw.get("type") == "invoke" else metrics.TURN_SECONDS
        timing.observe(time.perf_counter() - started)
        return answer

    async def _turn(self, raw: dict[str, Any], context: TurnContext) -> TurnAnswer:
        turn = await self._input(raw)
        kind = raw.get("type")
        if kind == ActivityTypes.message:
            await self._recorder.record(turn.conversation, turn.sender)
            await self._send(context, await router.on_message(turn, self._ctx, self._registry))
        elif kind == ActivityTypes.invoke:
            return await self._on_invoke(raw, turn, context)
        elif kind == ActivityTypes.conversation_update:
            await self._on_conversation_update(context, raw, turn)
        elif kind == ActivityTypes.installation_update:
            await self._on_installation_update(context, raw, turn)
        # Other activity types (typing, messageReaction, ...) need no answer.
        return TurnAnswer()

    async def _input(self, raw: dict[str, Any]) -> TurnInput:
        # The language rule: the person's choice, else their Teams locale, else the default.
        turn = turn_input(raw, self._ctx.default_language)
        if turn.sender is not None:
            chosen = await self._languages.of(turn.sender.teams_user_id)
            if chosen is not None and chosen != turn.language:
                turn = replace(turn, language=chosen)
        return turn

    async def _on_invoke(
        self, raw: dict[str, Any], turn: TurnInput, context: TurnContext
    ) -> TurnAnswer:
        if raw.get("name") != ADAPTIVE_CARD_ACTION:
            return TurnAnswer(HTTPStatus.NOT_IMPLEMENTED, {"error": "unsupported invoke"})
        await self._recorder.record(turn.conversation, turn.sender)
        result = await router.on_card_action(turn, self._ctx, self._registry)
        if result.card is not None and result.status >= 400:
            # The error names what was wrong; the form comes back with the values to correct.
            await self._send(context, [Message(card=result.card)])
        return TurnAnswer(HTTPStatus.OK, card_invoke_response(result))

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

    async def _failed(
        self, raw: dict[str, Any], context: TurnContext, error: Exception
    ) -> TurnAnswer:
        """A turn failed: log it with its trace, tell the person in their language, lose nothing."""
        log.error("turn failed", exc_info=error)
        try:
            language = turn_input(raw, self._ctx.default_language).language
        except Exception:  # noqa: BLE001 - the activity itself may be what failed
            language = self._ctx.default_language
        message = text(language, "error.generic")
        if raw.get("type") == ActivityTypes.invoke:
            return TurnAnswer(HTTPStatus.OK, card_invoke_response(CardResult(message=message)))
        try:
            await context.send_activity(Activity(type=ActivityTypes.message, text=message))
        except Exception:  # noqa: BLE001 - Teams unreachable: the log above is what remains
            log.warning("could not tell the person about the failed turn")
        return TurnAnswer()
