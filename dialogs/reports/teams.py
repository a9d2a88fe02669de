"""Status reports in Teams: `statusrapport` shows the lead the newest draft (drafting one when
there is none), and the card's buttons save the assessment or approve the report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cards.report_cards import draft_card
from cards.texts import text
from dialogs.kernel.access import sender_people
from dialogs.kernel.context import DialogContext
from dialogs.kernel.errors import WorkflowError
from dialogs.kernel.fields import int_field, text_field
from dialogs.kernel.registry import ReportProvider
from dialogs.kernel.turns import CardResult, Message, TurnInput
from dialogs.reports.service import (
    ApproveReport,
    ReportError,
    approve_report,
    draft_report,
    report_view,
    save_assessment,
)
from storage.models import Person, utcnow
from vocabulary import ReportStatus


def lead_of(people: Sequence[Person]) -> Person | None:
    """The sender as the project lead, who alone drafts and approves reports."""
    return next((p for p in people if p.is_project_lead), None)


@dataclass(frozen=True, slots=True)
class ReportTeams:
    """The Teams steps, with the sections every workflow contributes and the schedule's rhythm."""

    providers: Sequence[ReportProvider]
    every: int

    async def show(self, turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
        """`statusrapport`: the newest draft, or a new draft for today."""
        async with ctx.db.uow() as uow:
            if lead_of(await sender_people(uow, turn)) is None:
                return [Message(text=text(turn.language, "report.not_lead"))]
            drafts = [r for r in await uow.reports.latest(5) if r.status == ReportStatus.DRAFT]
            if drafts:
                report = drafts[0]
            else:
                report, _ = await draft_report(uow, ctx, self.providers, utcnow(), self.every)
                await uow.commit()
            card = draft_card(turn.language, report_view(report, ctx))
        return [Message(card=card)]

    async def save(self, turn: TurnInput, ctx: DialogContext) -> CardResult:
        """`report-save`: keep the assessment; the draft again."""
        return await self._act(turn, ctx, approve=False)

    async def approve(self, turn: TurnInput, ctx: DialogContext) -> CardResult:
        """`report-approve`: approve and send to the steering group; the approved report."""
        return await self._act(turn, ctx, approve=True)

    async def _act(self, turn: TurnInput, ctx: DialogContext, *, approve: bool) -> CardResult:
        report_id = int_field(turn.data, "report")
        assessment = text_field(turn.data, "assessment", strip=False)
        async with ctx.db.uow() as uow:
            lead = lead_of(await sender_people(uow, turn))
            if lead is None:
                return CardResult(message=text(turn.language, "report.not_lead"), status=403)
            try:
                if report_id is None:
                    raise ReportError("unknown", 404, value="")
                if approve:
                    command = ApproveReport(report_id, assessment, lead.name)
                    report = await approve_report(uow, ctx, command, utcnow())
                else:
                    report = await save_assessment(uow, report_id, assessment)
            except WorkflowError as exc:
                return CardResult(message=exc.message(turn.language), status=exc.status)
            await uow.commit()
            message = text(turn.language, "report.sent" if approve else "report.saved")
            card = draft_card(turn.language, report_view(report, ctx), message=message)
        return CardResult(card=card)
