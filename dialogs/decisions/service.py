"""The decision log as a service: record a decision and check a draft (verify: transparency).

Reviews, polls, milestones and the lead's own entries all record through `record_decision`, in
the caller's unit of work (see the package docstring).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from cards.texts import Language
from dialogs.kernel.errors import Problem, WorkflowError
from storage.decisions import NewDecision
from storage.models import Decision, utcnow
from storage.uow import UnitOfWork
from vocabulary import DEFAULT_LANGUAGE, DecisionKind, DecisionStatus

# The language of the texts a workflow writes into the log (titles, resolutions, vote words).
# An entry is a record: it is stored once and never re-rendered, so its language must not follow
# whoever triggered it or the deployment's setting of the day; the log stays in bokmål.
RECORD_LANGUAGE: Final[Language] = DEFAULT_LANGUAGE
MAX_TITLE: Final = 200
MAX_TEXT: Final = 10_000
MAX_OUTCOME: Final = 64
MAX_BY: Final = 256
MAX_BASIS_BYTES: Final = 100_000


class DecisionError(WorkflowError):
    """A draft that cannot be recorded; nothing was written (`decisions.error.<code>`)."""

    area = "decisions"


@dataclass(frozen=True, slots=True)
class DecisionDraft:
    """A decision to record. `basis` holds tallies, `votes` (person -> choice) unless
    `anonymous` is true, and links such as `poll`, `round` or `milestone`."""

    kind: str
    title: str
    text: str
    group_code: str
    recorded_by: str
    outcome: str = "adopted"
    basis: dict[str, Any] = field(default_factory=dict)
    decided_at: datetime | None = None
    corrects: int | None = None


def check_draft(draft: DecisionDraft) -> list[Problem]:
    """Everything wrong with a draft that can be seen without the database."""
    problems: list[Problem] = []
    if draft.kind not in tuple(DecisionKind):
        problems.append(DecisionError.problem("kind", kind=draft.kind))
    if not draft.title.strip():
        problems.append(DecisionError.problem("title_missing"))
    elif len(draft.title) > MAX_TITLE:
        problems.append(DecisionError.problem("title_long", limit=MAX_TITLE))
    if not draft.text.strip():
        problems.append(DecisionError.problem("text_missing"))
    elif len(draft.text) > MAX_TEXT:
        problems.append(DecisionError.problem("text_long", limit=MAX_TEXT))
    if not draft.outcome.strip() or len(draft.outcome) > MAX_OUTCOME:
        problems.append(DecisionError.problem("outcome", limit=MAX_OUTCOME))
    if not draft.recorded_by.strip() or len(draft.recorded_by) > MAX_BY:
        problems.append(DecisionError.problem("recorded_by", limit=MAX_BY))
    if draft.decided_at is not None and draft.decided_at.tzinfo is None:
        problems.append(DecisionError.problem("naive_time"))
    try:
        encoded = json.dumps(draft.basis, allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError):
        problems.append(DecisionError.problem("basis_json"))
    else:
        if len(encoded.encode("utf-8")) > MAX_BASIS_BYTES:
            problems.append(DecisionError.problem("basis_long", limit=MAX_BASIS_BYTES))
        elif "\x00" in encoded or "\\u0000" in encoded:
            problems.append(DecisionError.problem("basis_json"))
    if "\x00" in draft.title + draft.text + draft.outcome + draft.recorded_by:
        problems.append(DecisionError.problem("nul"))
    return problems


def parse_basis(raw: str) -> dict[str, Any]:
    """A basis given as JSON text (CLI): it must be a JSON object."""
    try:
        value = json.loads(raw)
    except ValueError as exc:
        raise DecisionError("basis_json") from exc
    if not isinstance(value, dict):
        raise DecisionError("basis_json")
    return value


async def record_decision(uow: UnitOfWork, draft: DecisionDraft) -> Decision:
    """Append `draft` to the log in the unit's transaction; the caller commits.

    Raises `DecisionError` for an invalid draft, an unknown group or a correction of a decision
    that does not exist.
    """
    problems = check_draft(draft)
    if problems:
        raise DecisionError.of(problems)
    group = await uow.groups.by_code(draft.group_code)
    if group is None:
        raise DecisionError("group", group=draft.group_code)
    if draft.corrects is not None and await uow.decisions.get(draft.corrects) is None:
        raise DecisionError("corrects", sequence=draft.corrects)
    return await uow.decisions.append(
        NewDecision(
            kind=draft.kind,
            title=draft.title.strip(),
            text=draft.text.strip(),
            outcome=draft.outcome.strip(),
            # Exactly what the database will give back (string keys, lists), so the hash computed
            # now is the hash verify computes later.
            basis=json.loads(json.dumps(draft.basis, ensure_ascii=False)),
            group_code=group.code,
            decided_at=draft.decided_at or utcnow(),
            recorded_by=draft.recorded_by.strip(),
            status=DecisionStatus.FINAL if draft.corrects is None else DecisionStatus.CORRECTION,
            corrects=draft.corrects,
        )
    )
