"""The decision log: an append-only, hash-chained record of every decision, listed and entered
in Teams, exported to files and verified for tampering.

`record_decision(uow, draft)` appends inside the caller's unit of work, so the decision is
committed (or rolled back) together with the change it records:

    async with ctx.db.uow() as uow:
        ...close the poll...
        await record_decision(uow, DecisionDraft(kind=DecisionKind.POLL, ...))
        await uow.commit()
"""

from __future__ import annotations

from typing import Final

from cards.decision_cards import SAVE_VERB
from dialogs.decisions.service import (
    RECORD_LANGUAGE,
    DecisionDraft,
    DecisionError,
    check_draft,
    parse_basis,
    record_decision,
)
from dialogs.decisions.teams import list_decisions, new_decision, save_decision, show_decision
from dialogs.decisions.transparency import (
    WITNESS_CRON,
    VerifyResult,
    issue_checkpoint,
    prove,
    verify_log,
    witness_checkpoint,
)
from dialogs.kernel.registry import CronJob, Workflow

WORKFLOW: Final = Workflow(
    "decisions",
    commands={
        "decisions": list_decisions,
        "decision": show_decision,
        "new_decision": new_decision,
    },
    card_verbs={SAVE_VERB: save_decision},
    cron_jobs=(CronJob("decision-checkpoint", witness_checkpoint, WITNESS_CRON),),
)

__all__ = [
    "RECORD_LANGUAGE",
    "WORKFLOW",
    "DecisionDraft",
    "DecisionError",
    "VerifyResult",
    "check_draft",
    "issue_checkpoint",
    "parse_basis",
    "prove",
    "record_decision",
    "verify_log",
]
