"""Requirement review rounds: open, answer on a 1:1 card, progress, reminders, close, outcome.

`service` opens and closes rounds (what the CLI, the timers and the Teams handlers call),
`answering` checks and saves members' answers, `teams` answers Teams commands and card buttons,
`timers` runs progress updates, reminders and the close at deadline; `views`, `rules`,
`selection`, `export` and `digest` hold what they name.
"""

from __future__ import annotations

from typing import Final

from cards.review_cards import (
    CLOSE,
    CLOSE_ASK,
    FINISH,
    OPEN,
    OPEN_ROUND,
    PREV,
    RECONFIRM,
    REFRESH,
    SAVE_NEXT,
    SKIP,
)
from dialogs.kernel.registry import Workflow
from dialogs.reviews import reconfirm, teams, timers
from dialogs.reviews.digest import open_reviews
from dialogs.reviews.report import reviews_section
from dialogs.reviews.service import (
    ClosedRound,
    CloseRequest,
    OpenRequest,
    ReviewError,
    close_by_id,
    close_round,
    open_round,
    outcome_of,
    reminder_times,
)
from vocabulary import TimerKind

WORKFLOW: Final = Workflow(
    "reviews",
    commands={
        "new_review": teams.new_review,
        "close_review": teams.close_review,
        "reviews": teams.list_reviews,
    },
    card_verbs={
        SAVE_NEXT: teams.save_next,
        PREV: teams.step,
        SKIP: teams.step,
        OPEN: teams.step,
        FINISH: teams.finish,
        REFRESH: teams.refresh,
        OPEN_ROUND: teams.open_from_form,
        RECONFIRM: teams.reconfirm,
        CLOSE_ASK: teams.close_ask,
        CLOSE: teams.close_confirmed,
    },
    timers={
        TimerKind.REVIEW_PROGRESS: timers.progress_timer,
        TimerKind.REVIEW_REMINDER: timers.reminder_timer,
        TimerKind.REVIEW_CLOSE: timers.close_timer,
        TimerKind.REQUIREMENT_CHANGED: reconfirm.changed_timer,
    },
    digest_sections=(open_reviews,),
    report_sections=(reviews_section,),
)

__all__ = [
    "WORKFLOW",
    "CloseRequest",
    "ClosedRound",
    "OpenRequest",
    "ReviewError",
    "close_by_id",
    "close_round",
    "open_round",
    "outcome_of",
    "reminder_times",
]
