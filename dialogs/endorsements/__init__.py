"""Endorsement rounds (tilslutning): every participating municipality, through its contact
person or another person it authorises, says whether it stands behind a baseline.

`service` opens, answers and closes rounds (what the CLI, timers and Teams call), `rules` holds
who may answer, what an answer needs and the status, `teams` the answer button, `timers` the
reminders, the close and the escalation, `export` the signature page.
"""

from __future__ import annotations

from typing import Final

from cards.endorsement_cards import ANSWER_VERB, CLOSE_VERB, OPEN_VERB
from dialogs.endorsements import teams, timers
from dialogs.endorsements.report import endorsements_section
from dialogs.endorsements.service import (
    ClosedEndorsement,
    EndorsementAnswer,
    EndorsementError,
    OpenEndorsement,
    answer,
    close_by_id,
    open_endorsement,
    status_view,
)
from dialogs.kernel.registry import Workflow
from vocabulary import TimerKind

WORKFLOW: Final = Workflow(
    "endorsements",
    commands={
        "new_endorsement": teams.new_endorsement,
        "endorsement_status": teams.show_status,
        "close_endorsement": teams.close_command,
    },
    card_verbs={
        ANSWER_VERB: teams.answer_card_action,
        OPEN_VERB: teams.open_from_form,
        CLOSE_VERB: teams.close_confirmed,
    },
    timers={
        TimerKind.ENDORSEMENT_REMINDER: timers.reminder_timer,
        TimerKind.ENDORSEMENT_CLOSE: timers.close_timer,
        TimerKind.ENDORSEMENT_ESCALATION: timers.escalation_timer,
    },
    report_sections=(endorsements_section,),
)

__all__ = [
    "WORKFLOW",
    "ClosedEndorsement",
    "EndorsementAnswer",
    "EndorsementError",
    "OpenEndorsement",
    "answer",
    "close_by_id",
    "open_endorsement",
    "status_view",
]
