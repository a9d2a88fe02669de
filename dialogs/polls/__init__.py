"""Steering-group decision polls: open, vote and change, remind, close and record the decision.

`service` holds the steps the CLI, the timers and Teams all call; `rules` the pure counting;
`views` what the cards show; `teams` the Teams handlers; `timers`, `minutes` and `digest` the rest.
"""

from __future__ import annotations

from typing import Final

from cards.poll_cards import (
    CHANGE_VERB,
    CLOSE_VERB,
    CONFLICT_VERB,
    CREATE_VERB,
    DISSENT_VERB,
    PROXY_VERB,
    REFRESH_VERB,
    VOTE_VERB,
)
from dialogs.kernel.registry import Workflow
from dialogs.polls import teams, timers
from dialogs.polls.conduct import Conflict, declare_conflict, enter_dissent, give_proxy
from dialogs.polls.digest import open_polls
from dialogs.polls.minutes import export_minutes
from dialogs.polls.report import polls_section
from dialogs.polls.rules import MAJORITIES, parse_quorum
from dialogs.polls.service import (
    CastVote,
    PollError,
    PollSpec,
    Vote,
    cast_vote,
    close_now,
    close_poll,
    open_poll,
    parse_deadline,
    parse_options,
    result_of,
)
from dialogs.polls.views import RESULT_MODES, view_of
from vocabulary import TimerKind

__all__ = [
    "MAJORITIES",
    "RESULT_MODES",
    "WORKFLOW",
    "CastVote",
    "Conflict",
    "PollError",
    "PollSpec",
    "Vote",
    "cast_vote",
    "close_now",
    "close_poll",
    "declare_conflict",
    "enter_dissent",
    "export_minutes",
    "give_proxy",
    "open_poll",
    "parse_deadline",
    "parse_options",
    "parse_quorum",
    "result_of",
    "view_of",
]

WORKFLOW: Final = Workflow(
    "polls",
    commands={"new_poll": teams.new_poll, "open_polls": teams.list_open},
    card_verbs={
        VOTE_VERB: teams.vote,
        CHANGE_VERB: teams.change,
        CLOSE_VERB: teams.close,
        REFRESH_VERB: teams.refresh,
        CREATE_VERB: teams.create,
        CONFLICT_VERB: teams.conflict,
        PROXY_VERB: teams.proxy,
        DISSENT_VERB: teams.dissent,
    },
    timers={
        TimerKind.POLL_CLOSE: timers.close_at_deadline,
        TimerKind.POLL_REMINDER: timers.remind_non_voters,
    },
    digest_sections=(open_polls,),
    report_sections=(polls_section,),
)
