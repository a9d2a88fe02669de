"""Baselines: freeze the current versions of a set of requirements under a name, list, show,
compare and export them. Creating one is a decision-log entry carrying its fingerprint."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from cards.quality_cards import FindingView
from cards.texts import Language, text
from dialogs import quality
from dialogs.baselines.rules import BaselineDiff, baseline_fingerprint, diff
from dialogs.decisions import DecisionDraft, record_decision
from dialogs.kernel.errors import WorkflowError
from storage.models import Baseline, BaselineItem, Requirement, utcnow
from storage.requirements import snapshot
from storage.uow import UnitOfWork
from vocabulary import PROJECT_GROUP, DecisionKind, RequirementStatus, RequirementType

MAX_NAME: Final = 200


class BaselineError(WorkflowError):
    """A baseline cannot be created or read; nothing was changed."""

    area = "baseline"


@dataclass(frozen=True, slots=True)
class CreateBaseline:
    """What the lead asked for: a name, and optionally a group, a status or requirement keys."""

    name: str
    by: str
    group_code: str = ""
    status: str = ""
    keys: tuple[str, ...] = ()


async def _select(uow: UnitOfWork, request: CreateBaseline) -> list[tuple[Requirement, str]]:
    """The requirements (with their group codes) the request names; raises `BaselineError`."""
    if request.group_code and await uow.groups.find(request.group_code) is None:
        raise BaselineError("group", group=request.group_code)
    if request.status and request.status not in tuple(RequirementStatus):
        raise BaselineError("status", value=request.status)
    chosen = await uow.requirements.all_with_groups()
    if request.keys:
        wanted = {key.strip().upper() for key in request.keys}
        unknown = sorted(wanted - {r.key for r, _ in chosen})
        if unknown:
            raise BaselineError("unknown_keys", keys=", ".join(unknown[:20]))
        chosen = [(r, code) for r, code in chosen if r.key in wanted]
    if request.group_code:
        group = await uow.groups.find(request.group_code)
        chosen = [(r, code) for r, code in chosen if group is not None and code == group.code]
    if request.status:
        chosen = [(r, code) for r, code in chosen if r.status == request.status]
    if not chosen:
        raise BaselineError("empty")
    return chosen


async def _free_name(uow: UnitOfWork, raw: str) -> str:
    """The name, checked: not empty, not too long, not taken; raises `BaselineError`."""
    name = raw.strip()
    if not name or len(name) > MAX_NAME:
        raise BaselineError("name", limit=MAX_NAME)
    if await uow.baselines.by_name(name) is not None:
        raise BaselineError("exists", 409, name=name)
    return name


async def create_baseline(
    uow: UnitOfWork, request: CreateBaseline, *, language: Language, now: datetime | None = None
) -> Baseline:
    """Freeze the requirements in the caller's unit of work (which commits) and record the
    decision; raises `BaselineError` before writing anything."""
    name = await _free_name(uow, request.name)
    chosen = await _select(uow, request)
    items = [
        BaselineItem(
            requirement_id=r.id,
            key=r.key,
            version=r.version,
            fingerprint=r.fingerprint,
            snapshot=snapshot(r, code),
        )
        for r, code in chosen
    ]
    fingerprint = baseline_fingerprint((i.key, i.version, i.fingerprint) for i in items)
    baseline = await uow.baselines.add(
        Baseline(
            name=name,
            group_code=request.group_code.strip().upper(),
            status_filter=request.status,
            fingerprint=fingerprint,
            created_by=request.by,
            created_at=now or utcnow(),
        ),
        items,
    )
    decision = await record_decision(
        uow,
        DecisionDraft(
            kind=DecisionKind.BASELINE,
            title=text(language, "baseline.decision.title", name=name),
            text=text(language, "baseline.decision.text", name=name, count=len(items)),
            group_code=baseline.group_code or PROJECT_GROUP,
            recorded_by=request.by,
            outcome="frozen",
            decided_at=baseline.created_at,
            basis={
                "baseline": baseline.id,
                "name": name,
                "fingerprint": fingerprint,
                "requirements": len(items),
            },
        ),
    )
    baseline.decision_sequence = decision.sequence
    return baseline


async def find_baseline(uow: UnitOfWork, name: str) -> tuple[Baseline, list[BaselineItem]]:
    """A baseline by name (or id) with its items; raises `BaselineError` (404)."""
    found = await uow.baselines.by_name(name)
    if found is None and name.strip().isdigit():
        found = await uow.baselines.get(int(name.strip()))
    if found is None:
        raise BaselineError("not_found", 404, name=name.strip())
    return found, await uow.baselines.items(found)


async def compare(uow: UnitOfWork, first: str, second: str) -> BaselineDiff:
    """What changed from baseline `first` to `second`."""
    _, before = await find_baseline(uow, first)
    _, after = await find_baseline(uow, second)
    return diff({i.key: i.fingerprint for i in before}, {i.key: i.fingerprint for i in after})


@dataclass(frozen=True, slots=True)
class OpenFinding:
    """A "skal" requirement in a baseline-to-be with open quality findings."""

    key: str
    score: int
    findings: tuple[FindingView, ...]


async def must_findings(
    uow: UnitOfWork, book: quality.RuleBook, request: CreateBaseline
) -> list[OpenFinding]:
    """The mandatory requirements the request would freeze that still have open quality
    findings (stored per requirement by the quality workflow), weakest first; raises
    `BaselineError` like `create_baseline` for a selection that does not work."""
    await _free_name(uow, request.name)
    chosen = await _select(uow, request)
    texts = [quality.text_of(r, code) for r, code in chosen if r.type == RequirementType.MUST]
    found = await quality.assessments(uow, book, texts)
    keys = {item.id: item.key for item in texts}
    rows = [
        OpenFinding(keys[rid], assessment.score, quality.finding_views(assessment.findings))
        for rid, assessment in found.items()
        if assessment.findings
    ]
    return sorted(rows, key=lambda row: (row.score, row.key))
