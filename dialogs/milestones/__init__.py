"""Milestones: owners, due dates and statuses; reminders before and after the due date in Oslo
working hours; changes of date or status logged to the decision log; an iCalendar feed."""

from __future__ import annotations

from typing import Final

from cards.milestone_cards import DONE_VERB, EDIT_VERB, SAVE_VERB
from dialogs.kernel.registry import Workflow
from dialogs.milestones.calendar import milestones_ics
from dialogs.milestones.report import milestones_section
from dialogs.milestones.service import (
    REMINDER_JOB,
    AddMilestone,
    ChangeMilestone,
    ChangeOutcome,
    MilestoneError,
    add_milestone,
    change_milestone,
    schedule_reminders,
)
from dialogs.milestones.teams import edit_form, list_milestones, mark_done, save_change
from dialogs.milestones.timers import on_reminder
from dialogs.milestones.views import milestone_views

WORKFLOW: Final = Workflow(
    "milestones",
    commands={"milestones": list_milestones},
    card_verbs={DONE_VERB: mark_done, EDIT_VERB: edit_form, SAVE_VERB: save_change},
    timers={REMINDER_JOB: on_reminder},
    report_sections=(milestones_section,),
)

__all__ = [
    "WORKFLOW",
    "AddMilestone",
    "ChangeMilestone",
    "ChangeOutcome",
    "MilestoneError",
    "add_milestone",
    "change_milestone",
    "milestone_views",
    "milestones_ics",
    "schedule_reminders",
]
