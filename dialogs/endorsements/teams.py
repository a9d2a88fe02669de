"""The Teams side of endorsements: a municipality's answer card button, and the lead's form to
open a round, the status card on demand and closing with a confirmation."""

from __future__ import annotations

from cards.endorsement_cards import (
    FORM_FIELDS,
    answer_card,
    close_confirm_card,
    endorsement_form_card,
    opened_card,
    status_card,
)
from cards.texts import Language, text
from dialogs.endorsements.service import (
    EndorsementAnswer,
    EndorsementError,
    OpenEndorsement,
    answer,
    answer_view,
    close_by_id,
    find,
    open_endorsement,
    status_view,
)
from dialogs.kernel.access import sender_lead, sender_people
from dialogs.kernel.context import DialogContext
from dialogs.kernel.deadlines import parse_deadline
from dialogs.kernel.fields import form_field, int_field, parse_number, text_field
from dialogs.kernel.turns import CardResult, Message, TurnInput
from storage.models import Endorsement
from storage.uow import UnitOfWork
from vocabulary import STEERING_GROUP


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


async def _baseline_names(uow: UnitOfWork) -> list[str]:
    return [baseline.name for baseline in reversed(await uow.baselines.all())]


async def new_endorsement(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """`ny tilslutning`: the form for asking the municipalities to endorse a baseline."""
    async with ctx.db.read() as uow:
        if await sender_lead(uow, turn) is None:
            return [Message(text=text(turn.language, "endorsement.error.not_allowed"))]
        names = await _baseline_names(uow)
    if not names:
        return [Message(text=text(turn.language, "endorsement.error.no_baseline"))]
    return [Message(card=endorsement_form_card(turn.language, names))]


async def open_from_form(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`endorsement-open`: open the round, or show the form again with what was wrong."""
    language = turn.language
    values = {name: form_field(turn.data, name).strip() for name in FORM_FIELDS}
    async with ctx.db.uow() as uow:
        lead = await sender_lead(uow, turn)
        if lead is None:
            return CardResult(message=text(language, "endorsement.error.not_allowed"), status=403)
        names = await _baseline_names(uow)
        deadline = parse_deadline(values["deadline_date"], ctx.timezone, values["deadline_time"])
        try:
            if deadline is None:
                raise EndorsementError("deadline")
            request = OpenEndorsement(values["baseline"], deadline, lead.name, lead.id)
            endorsement = await open_endorsement(uow, ctx, request)
        except EndorsementError as exc:
            card = endorsement_form_card(
                language, names, values=values, problems=[exc.message(language)]
            )
            return CardResult(card=card)
        await uow.commit()
    card = opened_card(
        language, endorsement.id, values["baseline"], len(endorsement.municipalities)
    )
    return CardResult(card=card)


async def _may_see(uow: UnitOfWork, turn: TurnInput) -> bool:
    """The lead, administrators and the steering group see the status of every round."""
    if await sender_lead(uow, turn) is not None:
        return True
    steering = await uow.groups.find(STEERING_GROUP)
    if steering is None:
        return False
    members = {person.id for person, _ in await uow.groups.members(steering)}
    return any(person.id in members for person in await sender_people(uow, turn))


async def _chosen(uow: UnitOfWork, argument: str) -> Endorsement | None:
    """The round a command names, or the only open one when it names none."""
    number = parse_number(argument)
    if number is not None:
        return await uow.endorsements.get(number)
    rounds = await uow.endorsements.open_rounds()
    return rounds[0] if len(rounds) == 1 else None


async def show_status(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """`tilslutning [ID]`: the status card of a round, now."""
    language = turn.language
    async with ctx.db.read() as uow:
        if not await _may_see(uow, turn):
            return [Message(text=text(language, "endorsement.error.not_allowed"))]
        chosen = await _chosen(uow, argument)
        if chosen is None:
            return [Message(text=text(language, "endorsement.status.usage"))]
        endorsement, baseline = await find(uow, chosen.id)
        view = await status_view(uow, endorsement, baseline)
    return [Message(card=status_card(language, view, ctx.timezone))]


async def close_command(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """`avslutt tilslutning ID`: ask the lead to confirm, with how many have answered."""
    language = turn.language
    async with ctx.db.read() as uow:
        if await sender_lead(uow, turn) is None:
            return [Message(text=text(language, "endorsement.error.not_allowed"))]
        chosen = await _chosen(uow, argument)
        if chosen is None:
            return [Message(text=text(language, "endorsement.close.usage"))]
        endorsement, baseline = await find(uow, chosen.id)
        view = await status_view(uow, endorsement, baseline)
    if view.closed:
        message = EndorsementError("already_closed", 409, id=chosen.id).message(language)
        return [Message(text=message)]
    return [Message(card=close_confirm_card(language, view))]


async def close_confirmed(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`endorsement-close`: close the round now; the card shows the final status."""
    language: Language = turn.language
    endorsement_id = int_field(turn.data, "endorsement")
    async with ctx.db.read() as uow:
        lead = await sender_lead(uow, turn)
    if lead is None:
        return CardResult(message=text(language, "endorsement.error.not_allowed"), status=403)
    if endorsement_id is None:
        return CardResult(message=text(language, "endorsement.close.usage"), status=400)
    try:
        closed = await close_by_id(ctx, endorsement_id, lead.name)
    except EndorsementError as exc:
        return CardResult(message=exc.message(language), status=exc.status)
    async with ctx.db.read() as uow:
        endorsement, baseline = await find(uow, closed.endorsement.id)
        view = await status_view(uow, endorsement, baseline)
    return CardResult(card=status_card(language, view, ctx.timezone))
