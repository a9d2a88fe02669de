"""The Teams side of endorsements: a municipality's answer card button."""

from __future__ import annotations

from cards.endorsement_cards import answer_card
from cards.texts import text
from dialogs.endorsements.service import EndorsementAnswer, EndorsementError, answer, answer_view
from dialogs.kernel.access import sender_people
from dialogs.kernel.context import DialogContext
from dialogs.kernel.fields import int_field, text_field
from dialogs.kernel.turns import CardResult, TurnInput


async def answer_card_action(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`endorsement-answer`: store the municipality's answer and show it on the card."""
    language = turn.language
    endorsement_id = int_field(turn.data, "endorsement")
    number = text_field(turn.data, "municipality")
    async with ctx.db.read() as uow:
        people = await sender_people(uow, turn)
    if endorsement_id is None or not number or not people:
        return CardResult(message=text(language, "endorsement.error.not_entitled"), status=403)
    request = EndorsementAnswer(
        endorsement_id,
        number,
        people[0],
        text_field(turn.data, "stance"),
        text_field(turn.data, "reservation"),
    )
    try:
        endorsement, baseline = await answer(ctx, request)
    except EndorsementError as exc:
        return CardResult(message=exc.message(language), status=exc.status)
    async with ctx.db.read() as uow:
        view = await answer_view(uow, endorsement, baseline, number, saved=True)
    return CardResult(card=answer_card(language, view, ctx.timezone))
