"""Requirement quality: rules over each requirement's text and fields (vague words, escape
clauses, open lists, several requirements in one, passive, unverifiable "skal", missing rationale
or source, length), overlap across the catalogue, dismissals with a reason, and overlap marks.

Other workflows show the findings: the requirement card (`krav HJT-014`), the top of the review
card, and the import report. Rules and word lists live in `data/` (see `book`).
"""

from __future__ import annotations

from typing import Final

from cards.quality_cards import DISMISS_VERB, MARK_VERB, OPEN_VERB
from dialogs.kernel.registry import Workflow
from dialogs.quality import teams
from dialogs.quality.book import RuleBook, load_book
from dialogs.quality.overlap import Overlap, Text, find_overlaps, overlaps_of
from dialogs.quality.rules import Assessment, Fields, Finding, assess, fingerprint
from dialogs.quality.service import (
    Dismiss,
    MarkOverlap,
    QualityError,
    assessments,
    book_at,
    book_for,
    catalogue_overlaps,
    dismiss,
    finding_views,
    group_quality,
    mark_overlap,
    refresh,
    refresh_ids,
    requirement_quality,
    summary,
    text_of,
)

WORKFLOW: Final = Workflow(
    "quality",
    commands={"quality": teams.quality},
    card_verbs={
        OPEN_VERB: teams.open_quality,
        DISMISS_VERB: teams.dismiss_finding,
        MARK_VERB: teams.mark,
    },
)

__all__ = [
    "WORKFLOW",
    "Assessment",
    "Dismiss",
    "Fields",
    "Finding",
    "MarkOverlap",
    "Overlap",
    "QualityError",
    "RuleBook",
    "Text",
    "assess",
    "assessments",
    "book_at",
    "book_for",
    "catalogue_overlaps",
    "dismiss",
    "find_overlaps",
    "finding_views",
    "fingerprint",
    "group_quality",
    "load_book",
    "mark_overlap",
    "overlaps_of",
    "refresh",
    "refresh_ids",
    "requirement_quality",
    "summary",
    "text_of",
]
