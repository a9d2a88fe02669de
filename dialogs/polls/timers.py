"""The poll's timers: the close at the deadline, and the reminder to those who have not voted."""

from __future__ import annotations

from cards.poll_cards import reminder_card
from dialogs.kernel.context import DialogContext
from dialogs.kernel.delivery import send_to_person
from dialogs.kernel.language import person_language
from dialogs.kernel.registry import FiredTimer
from dialogs.polls.rules import represents
from dialogs.polls.service import close_poll
from dialogs.polls.views import count_of, reminder_key, view_of
from storage.uow import UnitOfWork
from vocabulary import RoundStatus


async def close_at_deadline(uow: UnitOfWork, ctx: DialogContext, timer: FiredTimer) -> None:
    """`poll.close`: close the poll if it is still open (it may have closed early)."""
    poll = await uow.polls.get(int(timer.args["poll"]), lock=True)
    if poll is not None and poll.status == RoundStatus.OPEN:
        await close_poll(uow, ctx, poll, "deadline", now=timer.now)


async def remind_non_voters(uow: UnitOfWork, ctx: DialogContext, timer: FiredTimer) -> None:
    """`poll.reminder`: a 1:1 reminder, in each person's language, to electors yet to vote."""
    poll = await uow.polls.get(int(timer.args["poll"]))
    if poll is None or poll.status != RoundStatus.OPEN:
        return
    voted = await uow.polls.turnout(poll)
    view = await view_of(uow, poll)
    # Per municipality: a seat whose vote is in needs no reminder for its other representatives.
    count = await count_of(uow, poll)
    done = {s.municipality for s in count.seats for b in count.ballots if represents(s, b.voter)}
    for person, elector in await uow.polls.electors(poll):
        if person.id in voted or elector.municipality_number in done:
            continue
        language = person_language(person, ctx.default_language)
        await send_to_person(
            uow,
            key=reminder_key(poll, person),
            person_id=person.id,
            card=reminder_card(language, view, ctx.timezone),
            report_to=poll.created_by,
        )
