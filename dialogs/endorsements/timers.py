"""The endorsement timers: reminders to silent municipalities, the close at the deadline, and
the escalation of silent municipalities to the steering group."""

from __future__ import annotations

from cards.dates import format_datetime
from cards.texts import text
from dialogs.endorsements.rules import status
from dialogs.endorsements.service import answerers, close, find
from dialogs.kernel.context import DialogContext
from dialogs.kernel.delivery import send_to_conversation, send_to_person
from dialogs.kernel.language import person_language
from dialogs.kernel.registry import FiredTimer
from storage.models import utcnow
from storage.uow import UnitOfWork
from vocabulary import STEERING_GROUP, RoundStatus


async def _silent(uow: UnitOfWork, endorsement_id: int) -> list[str]:
    endorsement, _ = await find(uow, endorsement_id)
    answers = await uow.endorsements.answers(endorsement.id)
    return list(
        status(endorsement.municipalities, {n: a.stance for n, a in answers.items()}).silent
    )


async def reminder_timer(uow: UnitOfWork, ctx: DialogContext, timer: FiredTimer) -> None:
    """Remind the contact persons of the municipalities that have not answered."""
    endorsement, baseline = await find(uow, int(timer.args["endorsement"]))
    if endorsement.status != RoundStatus.OPEN:
        return
    for number, people in (await answerers(uow, await _silent(uow, endorsement.id))).items():
        for person in people:
            language = person_language(person, ctx.default_language)
            deadline = format_datetime(language, endorsement.deadline, ctx.timezone)
            message = text(
                language, "endorsement.reminder", baseline=baseline.name, deadline=deadline
            )
            await send_to_person(
                uow, key=f"{timer.key}:{number}:{person.id}", person_id=person.id, text=message
            )


async def close_timer(uow: UnitOfWork, ctx: DialogContext, timer: FiredTimer) -> None:
    """Close the round at its deadline."""
    endorsement, _ = await find(uow, int(timer.args["endorsement"]))
    await close(uow, ctx, endorsement, by="kravbot", now=utcnow())


async def escalation_timer(uow: UnitOfWork, ctx: DialogContext, timer: FiredTimer) -> None:
    """Tell the steering group which municipalities never answered."""
    endorsement, baseline = await find(uow, int(timer.args["endorsement"]))
    silent = await _silent(uow, endorsement.id)
    steering = await uow.groups.find(STEERING_GROUP)
    if not silent or steering is None or steering.conversation_id is None:
        return
    places = {m.number: m.name for m in await uow.municipalities.all()}
    message = text(
        ctx.default_language,
        "endorsement.escalation",
        baseline=baseline.name,
        count=len(silent),
        places=", ".join(places.get(n, n) for n in silent),
    )
    await send_to_conversation(
        uow, key=timer.key, conversation_id=steering.conversation_id, text=message
    )
