"""Status reports as a service: draft a report from every workflow's section, keep the lead's
assessment, and approve it (sent to the steering group and recorded in the decision log, in one
transaction). The cron job, the CLI and Teams all go through these functions."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from cards.dates import format_date
from cards.report_cards import (
    MAX_ASSESSMENT,
    ReportSection,
    ReportView,
    draft_card,
    report_card,
    sections_of,
)
from cards.texts import Language, language_for, text
from dialogs.decisions import RECORD_LANGUAGE, DecisionDraft, record_decision
from dialogs.kernel.context import DialogContext
from dialogs.kernel.delivery import send_to_conversation, send_to_person
from dialogs.kernel.errors import WorkflowError
from dialogs.kernel.language import person_language
from dialogs.kernel.registry import ReportPeriod, ReportProvider
from dialogs.reports import rules
from storage.models import Person, StatusReport
from storage.uow import UnitOfWork
from vocabulary import DecisionKind, GroupKind, ReportStatus

log = logging.getLogger(__name__)
JOB_ID: Final = "reports.draft"


class ReportError(WorkflowError):
    """A refused report step; nothing was changed (`report.error.<code>`)."""

    area = "report"


@dataclass(frozen=True, slots=True)
class ApproveReport:
    """The project lead approves a draft with their assessment."""

    report_id: int
    assessment: str
    by: str


def view_of(report: StatusReport, zone_date: date | None = None) -> ReportView:
    """A stored report as the cards and exports show it."""
    content = report.content or {}
    start = date.fromisoformat(str(content.get("period_start", report.period_end.isoformat())))
    return ReportView(
        id=report.id,
        period_start=start,
        period_end=report.period_end,
        status=report.status,
        assessment=report.assessment,
        sections=sections_of(content),
        approved_by=report.approved_by,
        approved_on=zone_date,
        decision_sequence=report.decision_sequence,
    )


def report_view(report: StatusReport, ctx: DialogContext) -> ReportView:
    """The view with the approval date in local time."""
    approved = report.approved_at.astimezone(ctx.timezone).date() if report.approved_at else None
    return view_of(report, approved)


def report_language(report: StatusReport) -> Language:
    """The language the report's sections were drafted in."""
    return language_for(str((report.content or {}).get("language", RECORD_LANGUAGE)))


async def draft_sections(
    uow: UnitOfWork, language: Language, period: ReportPeriod, providers: Sequence[ReportProvider]
) -> list[ReportSection]:
    """Every provider's section for the period, in the order the workflows are listed."""
    found: list[ReportSection] = []
    for provider in providers:
        section = await provider(uow, language, period)
        if section is not None:
            found.append(section)
    return found


async def draft_report(
    uow: UnitOfWork,
    ctx: DialogContext,
    providers: Sequence[ReportProvider],
    now: datetime,
    every: int = 2,
) -> tuple[StatusReport, bool]:
    """Today's report (local date), drafted now unless it exists; returns it and whether it
    is new. The period starts the day after the previous report."""
    end = now.astimezone(ctx.timezone).date()
    existing = await uow.reports.for_period(end)
    if existing is not None:
        return existing, False
    previous = next((r for r in await uow.reports.latest(1) if r.period_end < end), None)
    start = rules.period_start(end, every, previous.period_end if previous else None)
    period = ReportPeriod(start, end, ctx.timezone)
    language = ctx.default_language
    sections = await draft_sections(uow, language, period, providers)
    content = {
        "language": language,
        "period_start": start.isoformat(),
        "sections": [section.as_data() for section in sections],
    }
    report = await uow.reports.add(
        StatusReport(period_end=end, content=content, status=ReportStatus.DRAFT, created_at=now)
    )
    return report, True


async def project_leads(uow: UnitOfWork) -> list[Person]:
    """Everyone marked as project lead."""
    return [p for p in await uow.people.list() if p.is_project_lead]


async def send_draft(uow: UnitOfWork, ctx: DialogContext, report: StatusReport) -> int:
    """Enqueue the draft card to every project lead 1:1; returns how many."""
    leads = await project_leads(uow)
    for lead in leads:
        language = person_language(lead, ctx.default_language)
        card = draft_card(language, report_view(report, ctx))
        await send_to_person(
            uow, key=f"report:{report.id}:draft:{lead.id}", person_id=lead.id, card=card
        )
    return len(leads)


async def drafted_on_schedule(
    ctx: DialogContext, providers: Sequence[ReportProvider], now: datetime, every: int
) -> StatusReport | None:
    """The cron job's work: in a report week, draft today's report and send it to the leads."""
    if not rules.is_report_week(now.astimezone(ctx.timezone).date(), every):
        return None
    async with ctx.db.uow() as uow:
        report, new = await draft_report(uow, ctx, providers, now, every)
        if not new:
            return None
        sent = await send_draft(uow, ctx, report)
        await uow.commit()
    log.info("status report %s drafted for %d project lead(s)", report.id, sent)
    return report


async def _draft(uow: UnitOfWork, report_id: int) -> StatusReport:
    report = await uow.reports.get(report_id, lock=True)
    if report is None:
        raise ReportError("unknown", 404, value=report_id)
    if report.status != ReportStatus.DRAFT:
        raise ReportError("approved", 409)
    return report


async def save_assessment(uow: UnitOfWork, report_id: int, assessment: str) -> StatusReport:
    """Keep the lead's assessment on the draft, in the caller's unit."""
    problem = rules.assessment_problem(assessment, approving=False)
    if problem:
        raise ReportError(problem, 400, limit=MAX_ASSESSMENT)
    report = await _draft(uow, report_id)
    report.assessment = assessment
    return report


async def approve_report(
    uow: UnitOfWork, ctx: DialogContext, command: ApproveReport, now: datetime
) -> StatusReport:
    """Approve the draft: record it in the decision log and enqueue it to the steering group's
    conversation, in the caller's unit (all or nothing)."""
    problem = rules.assessment_problem(command.assessment, approving=True)
    if problem:
        raise ReportError(problem, 400, limit=MAX_ASSESSMENT)
    report = await _draft(uow, command.report_id)
    steering = [g for g in await uow.groups.of_kind(GroupKind.STEERING) if g.conversation_id]
    if not steering or steering[0].conversation_id is None:
        raise ReportError("no_steering", 409)
    report.assessment = command.assessment.strip()
    view = view_of(report)
    decision = await record_decision(uow, _decision(view, steering[0].code, command.by, now))
    report.status = ReportStatus.APPROVED
    report.approved_at = now
    report.approved_by = command.by
    report.decision_sequence = decision.sequence
    card = report_card(report_language(report), report_view(report, ctx))
    await send_to_conversation(
        uow,
        key=f"report:{report.id}:steering",
        conversation_id=steering[0].conversation_id,
        card=card,
    )
    return report


def _decision(view: ReportView, group_code: str, by: str, now: datetime) -> DecisionDraft:
    language = RECORD_LANGUAGE
    start = format_date(language, view.period_start)
    end = format_date(language, view.period_end)
    return DecisionDraft(
        kind=DecisionKind.STATUS_REPORT,
        title=text(language, "report.decision.title", date=end),
        text=text(
            language, "report.decision.text", start=start, end=end, assessment=view.assessment
        ),
        group_code=group_code,
        recorded_by=by,
        outcome="approved",
        basis={
            "report": view.id,
            "period": [view.period_start.isoformat(), view.period_end.isoformat()],
            "sections": [section.as_data() for section in view.sections],
        },
        decided_at=now,
    )
