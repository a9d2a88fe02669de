"""Requirement quality on cards: the findings of one requirement (on its card, compactly at the
top of the review card, and on the quality card where findings are dismissed and overlaps
marked), and the `kravkvalitet` card of a group, with its score distribution as a chart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from cards.base import (
    Card,
    Element,
    adaptive_card,
    execute_action,
    facts,
    heading,
    literal,
    notice,
    paragraph,
    plain,
)
from cards.texts import TEXTS, Language, text

# Action data names the requirement `requirement`, never `key`: the Agents Playground's card
# renderer fails on a data property named `key` ("Cannot assign to read only property").
OPEN_VERB: Final = "quality-open"
DISMISS_VERB: Final = "quality-dismiss"
MARK_VERB: Final = "quality-mark"
# The chart types Teams renders in 1.5 cards that this card uses (design.md section 4).
BAR_CHART: Final = "Chart.VerticalBar"
# Longest reason a person may give for dismissing a finding.
REASON_LIMIT: Final = 500
# Texts of other requirements are shown up to this many characters on the quality card.
SNIPPET: Final = 160


@dataclass(frozen=True, slots=True)
class FindingView:
    """One open finding: the rule, the words that triggered it, a count where one matters."""

    rule: str
    words: tuple[str, ...] = ()
    count: int | None = None


@dataclass(frozen=True, slots=True)
class DismissedView:
    """A finding set aside: which rule, why, by whom, when."""

    rule: str
    reason: str
    by: str
    at: datetime


@dataclass(frozen=True, slots=True)
class OverlapView:
    """Another requirement that says nearly the same, and what people marked the pair as."""

    key: str
    group: str
    similarity: int
    text: str = ""
    mark: str | None = None
    # For a duplicate mark: the key of the requirement that is the duplicate.
    duplicate: str | None = None
    marked_by: str | None = None


@dataclass(frozen=True, slots=True)
class QualityView:
    """A requirement's score, open and dismissed findings, and overlaps."""

    key: str
    score: int
    findings: tuple[FindingView, ...] = ()
    dismissed: tuple[DismissedView, ...] = ()
    overlaps: tuple[OverlapView, ...] = ()
    text: str = ""


@dataclass(frozen=True, slots=True)
class WorstView:
    """A weak requirement on the group card: key, score and its rules."""

    key: str
    score: int
    rules: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PairView:
    """An overlapping pair on the group card."""

    first: str
    second: str
    similarity: int
    mark: str | None = None


@dataclass(frozen=True, slots=True)
class GroupQualityView:
    """The `kravkvalitet` card of one group (or, with `group` empty, of the whole catalogue)."""

    group: str
    requirements: int
    average: int
    open_findings: int
    buckets: tuple[tuple[str, int], ...]
    worst: tuple[WorstView, ...] = ()
    overlaps: tuple[PairView, ...] = ()


def rule_name(language: Language, rule: str) -> str:
    """The rule's name in words (`Vage ord`); an unknown rule id from the data is shown as is."""
    key = f"quality.rule.{rule}.name"
    return text(language, key) if key in TEXTS else rule


def _rule_text(language: Language, rule: str, part: str) -> str | None:
    key = f"quality.rule.{rule}.{part}"
    return text(language, key) if key in TEXTS else None


def finding_line(language: Language, finding: FindingView) -> str:
    """`Vage ord: «rask», «brukervennlig»` (or the count, for length and modal verbs)."""
    name = rule_name(language, finding.rule)
    if finding.words:
        quoted = ", ".join(f"«{word}»" for word in dict.fromkeys(finding.words))
        return text(language, "quality.finding.words", rule=name, words=quoted)
    if finding.count is not None:
        return text(language, "quality.finding.count", rule=name, count=finding.count)
    return name


def mark_words(language: Language, overlap: OverlapView) -> str | None:
    """What the pair was marked as, in words, or None."""
    if overlap.mark is None:
        return None
    if overlap.mark == "duplicate" and overlap.duplicate:
        return text(language, "quality.mark.duplicate_of", duplicate=overlap.duplicate)
    return text(language, f"quality.mark.{overlap.mark}")


def summary_block(language: Language, view: QualityView) -> list[Element]:
    """The compact quality lines at the top of a review card: score and findings, one line each."""
    title = text(language, "quality.summary", score=view.score, count=len(view.findings))
    lines = [finding_line(language, finding) for finding in view.findings]
    block: Element = {
        "type": "Container",
        "style": "warning" if view.findings else "default",
        "items": [paragraph(plain(title), size="Small")]
        + [paragraph(plain(line), subtle=True, size="Small") for line in lines],
    }
    return [block]


def _finding_items(language: Language, finding: FindingView) -> list[Element]:
    items = [paragraph(f"**{plain(finding_line(language, finding))}**")]
    for part in ("explanation", "suggestion"):
        words = _rule_text(language, finding.rule, part)
        if words:
            items.append(paragraph(plain(words), subtle=part == "suggestion"))
    return items


def findings_section(language: Language, view: QualityView, *, actions: bool) -> list[Element]:
    """Score, findings with explanation and suggestion, dismissed findings, overlaps."""
    body: list[Element] = [
        heading(text(language, "quality.section.title", score=view.score), level="Medium")
    ]
    if not view.findings:
        body.append(paragraph(text(language, "quality.section.none")))
    for finding in view.findings:
        items = _finding_items(language, finding)
        if actions:
            title = text(language, "quality.action.dismiss", rule=rule_name(language, finding.rule))
            button = execute_action(
                title,
                DISMISS_VERB,
                {"requirement": view.key, "rule": finding.rule},
                action_id=f"dismiss-{finding.rule}",
            )
            items.append({"type": "ActionSet", "actions": [button]})
        body.append({"type": "Container", "separator": True, "items": items})
    for dismissed in view.dismissed:
        line = text(
            language,
            "quality.dismissed",
            rule=rule_name(language, dismissed.rule),
            by=dismissed.by,
        )
        body.append(paragraph(plain(line), subtle=True, size="Small"))
        body.append(literal(dismissed.reason, subtle=True))
    return body


def _overlap_container(
    language: Language, key: str, overlap: OverlapView, actions: bool
) -> Element:
    title = text(
        language,
        "quality.overlap.line",
        other=overlap.key,
        group=overlap.group,
        share=overlap.similarity,
    )
    items: list[Element] = [paragraph(f"**{plain(title)}**")]
    if overlap.text:
        snippet = overlap.text if len(overlap.text) <= SNIPPET else overlap.text[:SNIPPET] + "…"
        items.append(literal(snippet, subtle=True))
    marked = mark_words(language, overlap)
    if marked:
        items.append(paragraph(plain(marked), size="Small"))
    if actions:
        buttons = [
            execute_action(
                text(language, f"quality.action.{kind}", other=overlap.key),
                MARK_VERB,
                {"requirement": key, "other": overlap.key, "kind": kind},
                action_id=f"mark-{kind}-{overlap.key}",
            )
            for kind in ("duplicate", "related", "distinct")
        ]
        items.append({"type": "ActionSet", "actions": buttons})
    return {"type": "Container", "separator": True, "items": items}


def overlaps_section(language: Language, view: QualityView, *, actions: bool) -> list[Element]:
    """The requirements that overlap this one, each with its mark (and the mark buttons)."""
    if not view.overlaps:
        return []
    body: list[Element] = [heading(text(language, "quality.overlap.title"), level="Medium")]
    body += [_overlap_container(language, view.key, o, actions) for o in view.overlaps]
    return body


def quality_card(
    language: Language,
    view: QualityView,
    *,
    saved: str | None = None,
    problem: str | None = None,
) -> Card:
    """The quality card of one requirement: findings to dismiss with a reason, overlaps to mark."""
    body: list[Element] = [heading(text(language, "quality.card.title", requirement=view.key))]
    if saved:
        body.append(notice(saved, "Good"))
    if problem:
        body.append(notice(problem, "Attention"))
    if view.text:
        body.append(literal(view.text))
    if view.findings:
        body.append(
            {
                "type": "Input.Text",
                "id": "reason",
                "label": text(language, "quality.input.reason"),
                "isMultiline": True,
                "maxLength": REASON_LIMIT,
                "placeholder": text(language, "quality.input.reason_hint"),
            }
        )
    body += findings_section(language, view, actions=True)
    body += overlaps_section(language, view, actions=True)
    body.append(paragraph(text(language, "privacy.no_patient_data"), subtle=True, size="Small"))
    return adaptive_card(
        body, fallback_text=text(language, "quality.card.title", requirement=view.key)
    )


def _chart(language: Language, buckets: Sequence[tuple[str, int]]) -> Element:
    """A bar chart of the score distribution; its fallback is a FactSet of the same numbers."""
    fallback = facts([(label, str(count)) for label, count in buckets])
    return {
        "type": BAR_CHART,
        "title": text(language, "quality.group.chart"),
        "xAxisTitle": text(language, "quality.group.axis_score"),
        "yAxisTitle": text(language, "quality.group.axis_count"),
        "data": [{"x": label, "y": count} for label, count in buckets],
        "fallback": fallback,
    }


def group_quality_card(language: Language, view: GroupQualityView) -> Card:
    """`kravkvalitet HJT`: counts, the score distribution, the weakest requirements, overlaps."""
    title = (
        text(language, "quality.group.title", group=view.group)
        if view.group
        else text(language, "quality.group.title_all")
    )
    rows = [
        (text(language, "quality.group.requirements"), str(view.requirements)),
        (text(language, "quality.group.average"), str(view.average)),
        (text(language, "quality.group.open"), str(view.open_findings)),
    ]
    body: list[Element] = [heading(plain(title)), facts(rows), _chart(language, view.buckets)]
    if view.worst:
        body.append(heading(text(language, "quality.group.worst"), level="Medium"))
    for worst in view.worst:
        names = ", ".join(rule_name(language, rule) for rule in worst.rules)
        line = text(language, "quality.group.worst_line", requirement=worst.key, score=worst.score)
        button = execute_action(
            text(language, "quality.action.open", requirement=worst.key),
            OPEN_VERB,
            {"requirement": worst.key},
            action_id=f"open-{worst.key}",
        )
        items = [paragraph(f"**{plain(line)}**"), paragraph(plain(names), subtle=True)]
        items.append({"type": "ActionSet", "actions": [button]})
        body.append({"type": "Container", "separator": True, "items": items})
    body.append(heading(text(language, "quality.group.overlaps"), level="Medium"))
    if not view.overlaps:
        body.append(paragraph(text(language, "quality.group.no_overlaps")))
    for pair in view.overlaps:
        line = text(
            language,
            "quality.group.pair",
            first=pair.first,
            second=pair.second,
            share=pair.similarity,
        )
        marked = text(language, f"quality.mark.{pair.mark}") if pair.mark else ""
        body.append(paragraph(plain(f"{line} {marked}".strip())))
    return adaptive_card(body, fallback_text=title)


# Requirements listed by name in an import report; the count covers the rest.
IMPORT_LISTED: Final = 20


def import_lines(
    language: Language, rows: Sequence[tuple[str, int, Sequence[FindingView]]]
) -> list[str]:
    """An import's quality report: how many requirements have findings, the weakest by name."""
    if not rows:
        return []
    lines = [text(language, "quality.import.summary", count=len(rows))]
    for key, score, findings in rows[:IMPORT_LISTED]:
        listed = "; ".join(finding_line(language, finding) for finding in findings)
        lines.append(
            text(language, "quality.import.line", requirement=key, score=score, findings=listed)
        )
    return lines
