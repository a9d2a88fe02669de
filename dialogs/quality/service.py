"""Requirement quality as typed commands shared by Teams, the CLI and other workflows.

Findings are computed when a requirement's text (or the fields the rules read, or the rule
book) changes and stored in `requirement_quality`, so a card reads one row instead of running
the rules per click. A stored row that no longer matches is recomputed on read (and stored by
`refresh`), so a card is never wrong, only sometimes slower.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from cards.quality_cards import (
    REASON_LIMIT,
    DismissedView,
    FindingView,
    GroupQualityView,
    OverlapView,
    PairView,
    QualityView,
    WorstView,
)
from dialogs.kernel.context import DialogContext
from dialogs.kernel.errors import WorkflowError
from dialogs.quality.book import RuleBook, load_book
from dialogs.quality.overlap import Overlap, Text, find_overlaps, overlaps_of
from dialogs.quality.rules import Assessment, Fields, Finding, assess, fingerprint
from storage.models import OverlapMark, QualityDismissal, Requirement
from storage.quality import RequirementText, StoredQuality
from storage.uow import UnitOfWork
from vocabulary import OverlapKind

# Score buckets of the distribution chart, lowest first: (label, lowest score in it).
BUCKETS: Final = (("0–49", 0), ("50–69", 50), ("70–89", 70), ("90–100", 90))
# Weakest requirements and overlapping pairs shown on the group card.
WORST_SHOWN: Final = 5
PAIRS_SHOWN: Final = 8
# Overlaps shown on one requirement's card.
OVERLAPS_SHOWN: Final = 5


class QualityError(WorkflowError):
    """A refused quality step (unknown requirement, missing reason, bad mark)."""

    area = "quality"


def book_for(ctx: DialogContext) -> RuleBook:
    """The rule book, extended by `KRAVBOT_QUALITY_DIR` when it is set."""
    return load_book(ctx.quality_dir)


def book_at(directory: str | Path | None) -> RuleBook:
    """The rule book extended by the files in `directory` (or the shipped one)."""
    return load_book(Path(directory) if directory else None)


def fields_of(item: RequirementText) -> Fields:
    """What the rules read of a stored requirement."""
    return Fields(item.text, item.type, item.source, item.rationale)


def stamp(book: RuleBook, item: RequirementText) -> str:
    """Which rule book and which non-text fields the stored findings were computed with."""
    extra = f"{item.type}|{bool(item.source.strip())}|{bool(item.rationale.strip())}"
    return f"{book.version}-{hashlib.sha256(extra.encode()).hexdigest()[:15]}"


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "words": list(finding.words),
        "spans": [list(span) for span in finding.spans],
        "count": finding.count,
    }


def _finding_of(data: dict[str, Any]) -> Finding:
    return Finding(
        str(data["rule"]),
        tuple(str(word) for word in data.get("words", [])),
        tuple((int(a), int(b)) for a, b in data.get("spans", [])),
        data.get("count"),
    )


def _stored_row(book: RuleBook, item: RequirementText, assessment: Assessment) -> StoredQuality:
    return StoredQuality(
        item.id,
        assessment.fingerprint,
        stamp(book, item),
        assessment.score,
        [_finding_json(f) for f in assessment.findings],
        [_finding_json(f) for f in assessment.dismissed],
    )


def _from_stored(row: StoredQuality) -> Assessment:
    return Assessment(
        row.fingerprint,
        row.score,
        tuple(_finding_of(f) for f in row.findings),
        tuple(_finding_of(f) for f in row.dismissed),
    )


def _is_current(book: RuleBook, item: RequirementText, row: StoredQuality | None) -> bool:
    return (
        row is not None
        and row.rules_version == stamp(book, item)
        and row.fingerprint == fingerprint(item.text)
    )


def current_dismissals(
    items: Sequence[RequirementText], dismissals: Sequence[QualityDismissal]
) -> dict[int, dict[str, QualityDismissal]]:
    """The dismissals that hold: given for the text each requirement has now, by rule."""
    prints = {item.id: fingerprint(item.text) for item in items}
    found: dict[int, dict[str, QualityDismissal]] = defaultdict(dict)
    for dismissal in dismissals:
        if prints.get(dismissal.requirement_id) == dismissal.fingerprint:
            found[dismissal.requirement_id][dismissal.rule] = dismissal
    return found


async def _compute(
    uow: UnitOfWork, book: RuleBook, items: Sequence[RequirementText]
) -> dict[int, Assessment]:
    if not items:
        return {}
    holding = current_dismissals(items, await uow.quality.dismissals([i.id for i in items]))
    return {
        item.id: assess(book, fields_of(item), frozenset(holding.get(item.id, {})))
        for item in items
    }


async def assessments(
    uow: UnitOfWork, book: RuleBook, items: Sequence[RequirementText]
) -> dict[int, Assessment]:
    """Each requirement's assessment: the stored one when current, else computed now."""
    stored = await uow.quality.stored([item.id for item in items])
    stale = [item for item in items if not _is_current(book, item, stored.get(item.id))]
    found = {item_id: _from_stored(row) for item_id, row in stored.items()}
    found.update(await _compute(uow, book, stale))
    return found


async def refresh(
    uow: UnitOfWork, book: RuleBook, items: Sequence[RequirementText] | None = None
) -> dict[int, Assessment]:
    """Recompute and store the findings that are not current (of `items`, or of all)."""
    if items is None:
        items = await uow.quality.texts()
    stored = await uow.quality.stored([item.id for item in items])
    stale = [item for item in items if not _is_current(book, item, stored.get(item.id))]
    computed = await _compute(uow, book, stale)
    by_id = {item.id: item for item in stale}
    await uow.quality.save([_stored_row(book, by_id[i], a) for i, a in computed.items()])
    found = {item_id: _from_stored(row) for item_id, row in stored.items()}
    found.update(computed)
    return found


async def refresh_ids(uow: UnitOfWork, book: RuleBook, ids: Sequence[int]) -> dict[int, Assessment]:
    """`refresh` for the requirements with these ids."""
    return await refresh(uow, book, await uow.quality.texts(ids=ids))


def finding_views(findings: Sequence[Finding]) -> tuple[FindingView, ...]:
    """Findings as cards show them."""
    return tuple(FindingView(f.rule, f.words, f.count) for f in findings)


def text_of(requirement: Requirement, group_code: str = "") -> RequirementText:
    """A loaded requirement as quality reads it."""
    return RequirementText(
        requirement.id,
        requirement.key,
        group_code,
        requirement.text,
        requirement.type,
        requirement.source,
        requirement.rationale,
    )


async def summary(uow: UnitOfWork, book: RuleBook, requirement: Requirement) -> QualityView:
    """The compact quality of a loaded requirement for the review card: one row read when the
    stored findings are current (they are refreshed when a round opens)."""
    found = (await assessments(uow, book, [text_of(requirement)]))[requirement.id]
    return QualityView(requirement.key, found.score, finding_views(found.findings))


def _texts(items: Sequence[RequirementText]) -> list[Text]:
    return [Text(item.key, item.group_code, item.text) for item in items]


def _mark_of(
    marks: dict[tuple[int, int], OverlapMark], ids: dict[str, int], overlap: Overlap
) -> OverlapMark | None:
    low, high = sorted((ids[overlap.first], ids[overlap.second]))
    return marks.get((low, high))


async def _marks(
    uow: UnitOfWork, requirement_id: int | None = None
) -> dict[tuple[int, int], OverlapMark]:
    return {(m.low_id, m.high_id): m for m in await uow.quality.marks(requirement_id)}


def _overlap_view(
    own: str,
    overlap: Overlap,
    items: dict[str, RequirementText],
    mark: OverlapMark | None,
    keys: dict[int, str],
) -> OverlapView:
    other = overlap.second if overlap.first == own else overlap.first
    item = items[other]
    return OverlapView(
        key=other,
        group=item.group_code,
        similarity=overlap.similarity,
        text=item.text,
        mark=mark.kind if mark is not None else None,
        duplicate=keys.get(mark.duplicate_id) if mark and mark.duplicate_id else None,
        marked_by=mark.marked_by if mark is not None else None,
    )


async def requirement_quality(uow: UnitOfWork, book: RuleBook, key: str) -> QualityView | None:
    """One requirement's score, findings, dismissals with reasons, and overlaps with marks."""
    everything = await uow.quality.texts()
    items = {item.key: item for item in everything}
    own = items.get(key.strip().upper())
    if own is None:
        return None
    found = (await assessments(uow, book, [own]))[own.id]
    holding = current_dismissals([own], await uow.quality.dismissals([own.id])).get(own.id, {})
    dismissed = tuple(
        DismissedView(
            f.rule,
            holding[f.rule].reason,
            holding[f.rule].dismissed_by,
            holding[f.rule].dismissed_at,
        )
        for f in found.dismissed
        if f.rule in holding
    )
    marks = await _marks(uow, own.id)
    ids = {item.key: item.id for item in everything}
    keys = {item.id: item.key for item in everything}
    overlaps = overlaps_of(book, own.key, _texts(everything))[:OVERLAPS_SHOWN]
    views = tuple(_overlap_view(own.key, o, items, _mark_of(marks, ids, o), keys) for o in overlaps)
    return QualityView(
        own.key, found.score, finding_views(found.findings), dismissed, views, own.text
    )


@dataclass(frozen=True, slots=True)
class Dismiss:
    """Set aside the finding of `rule` on requirement `key` for its current text, with a reason."""

    key: str
    rule: str
    reason: str
    by: str


async def dismiss(uow: UnitOfWork, book: RuleBook, command: Dismiss) -> None:
    """Record the dismissal and store the requirement's findings without it; refuse bad input."""
    reason = command.reason.strip()
    if not reason:
        raise QualityError("reason_missing")
    if len(reason) > REASON_LIMIT:
        raise QualityError("reason_too_long", limit=REASON_LIMIT)
    items = await _item(uow, command.key)
    found = (await assessments(uow, book, items))[items[0].id]
    if command.rule not in {f.rule for f in (*found.findings, *found.dismissed)}:
        raise QualityError("no_finding", status=409)
    await uow.quality.dismiss(
        items[0].id, command.rule, fingerprint(items[0].text), reason, command.by
    )
    await uow.quality.save(
        [_stored_row(book, items[0], (await _compute(uow, book, items))[items[0].id])]
    )


async def _item(uow: UnitOfWork, key: str) -> list[RequirementText]:
    requirement = await uow.requirements.by_key(key) if 0 < len(key) <= 32 else None
    if requirement is None:
        raise QualityError("not_found", status=404, requirement=key[:32])
    return await uow.quality.texts(ids=[requirement.id])


@dataclass(frozen=True, slots=True)
class MarkOverlap:
    """Mark the pair: `key` is a duplicate of `other`, they are related, or distinct."""

    key: str
    other: str
    kind: str
    by: str


async def mark_overlap(uow: UnitOfWork, command: MarkOverlap) -> None:
    """Record the mark of the pair (replacing an earlier one); refuse bad input."""
    if command.kind not in tuple(OverlapKind):
        raise QualityError("kind")
    own = (await _item(uow, command.key))[0]
    other = (await _item(uow, command.other))[0]
    if own.id == other.id:
        raise QualityError("same")
    duplicate = own.id if command.kind == OverlapKind.DUPLICATE else None
    await uow.quality.mark(own.id, other.id, command.kind, duplicate, command.by)


def distribution(scores: Sequence[int]) -> tuple[tuple[str, int], ...]:
    """How many scores fall in each bucket, lowest bucket first."""
    counts = []
    for index, (label, low) in enumerate(BUCKETS):
        high = BUCKETS[index + 1][1] if index + 1 < len(BUCKETS) else 101
        counts.append((label, sum(1 for s in scores if low <= s < high)))
    return tuple(counts)


async def catalogue_overlaps(
    uow: UnitOfWork, book: RuleBook
) -> list[tuple[Overlap, OverlapMark | None]]:
    """Every overlapping pair of the catalogue with its mark, most similar first."""
    everything = await uow.quality.texts()
    ids = {item.key: item.id for item in everything}
    marks = await _marks(uow)
    return [(o, _mark_of(marks, ids, o)) for o in find_overlaps(book, _texts(everything))]


async def group_quality(
    uow: UnitOfWork, book: RuleBook, group_code: str | None
) -> GroupQualityView:
    """The `kravkvalitet` view of one group (or all): distribution, weakest, cross-group pairs."""
    members = await uow.quality.texts(group_code=group_code)
    found = await refresh(uow, book, members)
    scores = [found[item.id].score for item in members]
    ranked = sorted(members, key=lambda item: (found[item.id].score, item.key))
    worst = tuple(
        WorstView(item.key, found[item.id].score, tuple(f.rule for f in found[item.id].findings))
        for item in ranked[:WORST_SHOWN]
        if found[item.id].findings
    )
    keys = {item.key for item in members}
    pairs = [
        PairView(o.first, o.second, o.similarity, mark.kind if mark else None)
        for o, mark in await catalogue_overlaps(uow, book)
        if (group_code is None or o.cross_group)
        and (group_code is None or {o.first, o.second} & keys)
    ]
    return GroupQualityView(
        group=group_code or "",
        requirements=len(members),
        average=round(sum(scores) / len(scores)) if scores else 0,
        open_findings=sum(len(found[item.id].findings) for item in members),
        buckets=distribution(scores),
        worst=worst,
        overlaps=tuple(pairs[:PAIRS_SHOWN]),
    )
