"""Participation in Teams: `deltakelse` for the lead and the steering group, and the nudge."""

from __future__ import annotations

from dataclasses import dataclass

from cards.participation_cards import participation_card
from cards.texts import Language, text
from dialogs.kernel.access import sender_people
from dialogs.kernel.context import DialogContext
from dialogs.kernel.errors import WorkflowError
from dialogs.kernel.fields import text_field
from dialogs.kernel.turns import CardResult, Message, TurnInput
from dialogs.participation.rules import DEFAULT_SILENT_WEEKS
from dialogs.participation.service import (
    NudgeMunicipality,
    may_nudge,
    may_view,
    nudge_municipality,
    participation_overview,
    view_of,
)
from storage.models import Person, utcnow
from storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class ParticipationTeams:
    """The Teams steps, with the number of weeks after which a municipality counts as silent."""

    silent_weeks: int = DEFAULT_SILENT_WEEKS

    async def show(self, turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
        """`deltakelse`: the overview card, for the lead, administrators and the steering group."""
        async with ctx.db.read() as uow:
            people = await sender_people(uow, turn)
            if not await may_view(uow, people):
                return [Message(text=text(turn.language, "participation.not_allowed"))]
            card = await self._card(uow, ctx, turn.language, people, None)
        return [Message(card=card)]

    async def nudge(self, turn: TurnInput, ctx: DialogContext) -> CardResult:
        """`participation-nudge`: the lead nudges a municipality; the overview again."""
        number = text_field(turn.data, "municipality")
        now = utcnow()
        async with ctx.db.uow() as uow:
            people = await sender_people(uow, turn)
            lead = may_nudge(people)
            if lead is None:
                return CardResult(message=text(turn.language, "participation.not_lead"), status=403)
            try:
                await nudge_municipality(uow, ctx, NudgeMunicipality(number, lead.name), now)
            except WorkflowError as exc:
                return CardResult(message=exc.message(turn.language), status=exc.status)
            await uow.commit()
            municipality = await uow.municipalities.find(number)
            name = municipality.name if municipality else number
            message = text(turn.language, "participation.nudged", municipality=name)
            card = await self._card(uow, ctx, turn.language, people, message)
        return CardResult(card=card)

    async def _card(
        self,
        uow: UnitOfWork,
        ctx: DialogContext,
        language: Language,
        people: list[Person],
        message: str | None,
    ) -> dict[str, object]:
        rows = await participation_overview(uow, utcnow(), self.silent_weeks)
        return participation_card(
            language,
            [view_of(row, ctx) for row in rows],
            silent_weeks=self.silent_weeks,
            can_nudge=may_nudge(people) is not None,
            message=message,
        )
