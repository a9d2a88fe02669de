"""Participation per municipality: members, shares of review answers and poll votes, last
activity, flags for municipalities with nobody in a working group or silent for some weeks;
`deltakelse` in Teams and the project lead's weekly-limited nudge to a contact person."""

from __future__ import annotations

from cards.participation_cards import NUDGE_VERB
from dialogs.kernel.registry import Workflow
from dialogs.participation.report import ParticipationSection
from dialogs.participation.rules import DEFAULT_SILENT_WEEKS, Participation
from dialogs.participation.service import (
    NudgeMunicipality,
    ParticipationError,
    contact_of,
    nudge_municipality,
    participation_overview,
    view_of,
)
from dialogs.participation.teams import ParticipationTeams


def workflow(silent_weeks: int = DEFAULT_SILENT_WEEKS) -> Workflow:
    """Participation as a workflow; a municipality is silent after `silent_weeks` without
    answers or votes (`KRAVBOT_SILENT_WEEKS`)."""
    steps = ParticipationTeams(silent_weeks)
    return Workflow(
        "participation",
        commands={"participation": steps.show},
        card_verbs={NUDGE_VERB: steps.nudge},
        report_sections=(ParticipationSection(silent_weeks),),
    )


__all__ = [
    "DEFAULT_SILENT_WEEKS",
    "NudgeMunicipality",
    "Participation",
    "ParticipationError",
    "contact_of",
    "nudge_municipality",
    "participation_overview",
    "view_of",
    "workflow",
]
