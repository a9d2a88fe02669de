"""Status reports to the steering group: on the lead's schedule (`KRAVBOT_REPORT_CRON`, by
default every other Monday) Kravbot drafts a report from every workflow's section; the project
lead writes an assessment and approves it; the report then goes to the steering group's
conversation and into the decision log, and exports as Markdown and HTML."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from cards.report_cards import APPROVE_VERB, SAVE_VERB
from dialogs.kernel.context import DialogContext
from dialogs.kernel.registry import CronJob, Registry, Workflow
from dialogs.reports.export import report_html, report_markdown
from dialogs.reports.rules import DEFAULT_CRON, ReportSchedule, is_report_week, parse_schedule
from dialogs.reports.service import (
    JOB_ID,
    ApproveReport,
    ReportError,
    approve_report,
    draft_report,
    drafted_on_schedule,
    report_view,
    save_assessment,
    send_draft,
)
from dialogs.reports.teams import ReportTeams


def workflow(cron: str = DEFAULT_CRON, others: Sequence[Workflow] = ()) -> Workflow:
    """Status reports as a workflow, drafted at `cron` from the sections of `others`."""
    schedule = parse_schedule(cron)
    providers = tuple(section for w in others for section in w.report_sections)
    steps = ReportTeams(providers, schedule.every)

    async def run(ctx: DialogContext, registry: Registry, now: datetime) -> object:
        return await drafted_on_schedule(ctx, providers, now, schedule.every)

    return Workflow(
        "reports",
        commands={"status_report": steps.show},
        card_verbs={SAVE_VERB: steps.save, APPROVE_VERB: steps.approve},
        cron_jobs=(CronJob(JOB_ID, run, schedule.cron_fields()),),
    )


__all__ = [
    "DEFAULT_CRON",
    "JOB_ID",
    "ApproveReport",
    "ReportError",
    "ReportSchedule",
    "approve_report",
    "draft_report",
    "drafted_on_schedule",
    "is_report_week",
    "parse_schedule",
    "report_html",
    "report_markdown",
    "report_view",
    "save_assessment",
    "send_draft",
    "workflow",
]
