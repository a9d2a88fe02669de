"""The decision log API that reviews, polls, milestones and the lead's own entries use.

`record_decision(uow, draft)` appends to the log inside the caller's unit of work, so the
decision is committed (or rolled back) together with the change it records:

    async with ctx.db.uow() as uow:
        ...close the poll...
        await record_decision(uow, DecisionDraft(kind="poll", ...))
        await uow.commit()
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from storage.decisions import NewDecision
from storage.hashchain import ChainProblem, ChainVerifier
from storage.models import Decision, utcnow
from storage.uow import UnitOfWork

KINDS: Final[tuple[str, ...]] = ("poll", "review", "milestone", "manual")
STATUSES: Final[tuple[str, ...]] = ("final", "correction")
MAX_TITLE: Final = 200
MAX_TEXT: Final = 10_000
MAX_OUTCOME: Final = 64
MAX_BY: Final = 256
MAX_BASIS_BYTES: Final = 100_000


class DecisionError(ValueError):
    """A draft that cannot be recorded; `code` names the text shown (`decisions.error.<code>`)."""

    def __init__(self, code: str, **values: object) -> None:
        super().__init__(code)
        self.code = code
        self.values = values


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


def check_draft(draft: DecisionDraft) -> list[DecisionError]:
    """Everything wrong with a draft that can be seen without the database."""
    problems: list[DecisionError] = []
    if draft.kind not in KINDS:
        problems.append(DecisionError("kind", kind=draft.kind))
    if not draft.title.strip():
        problems.append(DecisionError("title_missing"))
    elif len(draft.title) > MAX_TITLE:
        problems.append(DecisionError("title_long", limit=MAX_TITLE))
    if not draft.text.strip():
        problems.append(DecisionError("text_missing"))
    elif len(draft.text) > MAX_TEXT:
        problems.append(DecisionError("text_long", limit=MAX_TEXT))
    if not draft.outcome.strip() or len(draft.outcome) > MAX_OUTCOME:
        problems.append(DecisionError("outcome", limit=MAX_OUTCOME))
    if not draft.recorded_by.strip() or len(draft.recorded_by) > MAX_BY:
        problems.append(DecisionError("recorded_by", limit=MAX_BY))
    if draft.decided_at is not None and draft.decided_at.tzinfo is None:
        problems.append(DecisionError("naive_time"))
    try:
        encoded = json.dumps(draft.basis, allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError):
        problems.append(DecisionError("basis_json"))
    else:
        if len(encoded.encode("utf-8")) > MAX_BASIS_BYTES:
            problems.append(DecisionError("basis_long", limit=MAX_BASIS_BYTES))
        elif "\x00" in encoded or "\\u0000" in encoded:
            problems.append(DecisionError("basis_json"))
    if "\x00" in draft.title + draft.text + draft.outcome + draft.recorded_by:
        problems.append(DecisionError("nul"))
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
        raise problems[0]
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
            status="final" if draft.corrects is None else "correction",
            corrects=draft.corrects,
        )
    )


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """How many records were checked, the head hash, and the first problem if any."""

    count: int
    head: str
    problem: ChainProblem | None


async def verify_log(uow: UnitOfWork) -> VerifyResult:
    """Walk the whole log in sequence order and check every link and hash."""
    verifier = ChainVerifier()
    async for record in uow.decisions.stream_chain():
        if verifier.feed(record) is not None:
            break
    return VerifyResult(verifier.count, verifier.head, verifier.problem)
