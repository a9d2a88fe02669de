"""Cards and short answers of the catalogue area: groups, linking, member sync, requirements.

The builders take plain view data (filled by `dialogs/`), so this module knows no database.
Anything people or imports wrote (names, requirement texts, what someone typed) is escaped with
`plain()` or shown with `literal()`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from cards.base import (
    Card,
    Element,
    adaptive_card,
    execute_action,
    facts,
    heading,
    literal,
    paragraph,
    plain,
)
from cards.dates import format_datetime
from cards.quality_cards import OPEN_VERB, QualityView, findings_section, overlaps_section
from cards.texts import TEXTS, Language, text

# Rows shown per list before "… and N more": keeps the sync card far below Teams' 80 KB.
MAX_LIST_ROWS = 40
# Characters of a requirement text or rationale shown on a card (imports can hold much more).
MAX_LITERAL_CHARS = 12_000
# Characters of a requirement text shown per search hit.
SNIPPET_CHARS = 120


@dataclass(frozen=True, slots=True)
class GroupRow:
    """A group as the groups card lists it."""

    code: str
    name: str
    kind: str
    members: int
    # The name of the linked conversation ("" for a linked one without a name), None if unlinked.
    conversation: str | None
    chair: str | None = None
    deputy_chair: str | None = None


@dataclass(frozen=True, slots=True)
class RequirementView:
    """A requirement as its card shows it."""

    key: str
    text: str
    type: str
    category: str
    status: str
    version: int
    group_code: str
    group_name: str
    source: str
    rationale: str
    updated_at: datetime
    # Score, findings and overlaps (dialogs.quality); None when not looked up.
    quality: QualityView | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One requirement in a search result."""

    key: str
    text: str
    status: str


@dataclass(frozen=True, slots=True)
class PersonLine:
    """Someone listed on the sync card."""

    name: str
    email: str | None


@dataclass(slots=True)
class SyncReport:
    """What a member sync did, for the admin."""

    in_teams: int = 0
    matched: int = 0
    updated: int = 0
    # "HJT – Hjemmetjeneste" when the conversation is a group's home, else None.
    group: str | None = None
    added_to_group: int = 0
    municipality_found: int = 0
    directory_failures: int = 0
    unmatched: list[PersonLine] = field(default_factory=list)
    conflicts: list[PersonLine] = field(default_factory=list)
    no_municipality: list[PersonLine] = field(default_factory=list)
    not_in_roster: list[PersonLine] = field(default_factory=list)


# ------------------------------------------------------------------------------ words


def group_label(code: str, name: str) -> str:
    """`HJT – Hjemmetjeneste`."""
    return f"{code} – {name}"


def kind_words(language: Language, kind: str) -> str:
    """The group kind in words; an unknown kind is shown as stored."""
    key = f"catalogue.kind.{kind}"
    return text(language, key) if _known(key) else kind


def status_words(language: Language, status: str) -> str:
    """The requirement status in words."""
    key = f"catalogue.status.{status}"
    return text(language, key) if _known(key) else status


def type_words(language: Language, kind: str) -> str:
    """Skal/Bør (nb, nn) or Must/Should (en)."""
    key = f"catalogue.type.{kind}"
    return text(language, key) if _known(key) else kind


def _known(key: str) -> bool:
    return key in TEXTS


def _shorten(value: str, limit: int) -> tuple[str, bool]:
    if len(value) <= limit:
        return value, False
    return value[: limit - 1].rstrip() + "…", True


# ------------------------------------------------------------------------------ short answers


def unknown_group_message(language: Language, typed: str) -> str:
    """No group has the code or name the admin typed."""
    return text(language, "catalogue.link.unknown_group", group=plain(_shorten(typed, 100)[0]))


def requirement_not_found_message(language: Language, typed: str) -> str:
    """No requirement has the key that was typed."""
    return text(language, "catalogue.req.not_found", requirement=plain(_shorten(typed, 100)[0]))


def search_none_message(language: Language, words: str) -> str:
    """Nothing matched a search."""
    return text(language, "catalogue.search.none", words=plain(_shorten(words, 200)[0]))


# ------------------------------------------------------------------------------ cards


def link_card(
    language: Language,
    *,
    group: str,
    conversation: str,
    previous: str | None,
    unchanged: bool,
) -> Card:
    """Confirms that a group now uses this conversation ("" names an unnamed conversation)."""
    title = text(language, "catalogue.link.title")
    body_text = text(language, "catalogue.link.body", group=plain(group))
    unnamed = text(language, "catalogue.groups.unnamed")
    conversation = conversation or unnamed
    rows = [(text(language, "catalogue.link.conversation"), conversation)]
    if previous is not None and not unchanged:
        rows.append((text(language, "catalogue.link.previous"), previous or unnamed))
    body: list[Element] = [heading(title), paragraph(body_text), facts(rows)]
    if unchanged:
        body.append(paragraph(text(language, "catalogue.link.unchanged"), subtle=True))
    body.append(paragraph(text(language, "catalogue.link.sync_hint"), subtle=True, size="Small"))
    return adaptive_card(body, fallback_text=f"{title}: {group} – {conversation}")


def groups_card(
    language: Language, groups: Sequence[GroupRow], participating: Sequence[str] = ()
) -> Card:
    """The participating municipalities, then every group: code, name, kind, chair and deputy
    chair, member count and linked conversation (a channel by its name)."""
    title = text(language, "catalogue.groups.title")
    body: list[Element] = [heading(title)]
    if participating:
        places = text(language, "catalogue.groups.places", names=list(participating))
        body.append(paragraph(places))
    if not groups:
        none = text(language, "catalogue.groups.none")
        body.append(paragraph(none))
        return adaptive_card(body, fallback_text=f"{title}: {none}")
    lines = [title]
    for row in groups:
        conversation = (
            text(language, "catalogue.groups.not_linked")
            if row.conversation is None
            else row.conversation or text(language, "catalogue.groups.unnamed")
        )
        label = group_label(row.code, row.name)
        body.append(
            {
                "type": "Container",
                "separator": True,
                "spacing": "Medium",
                "items": [
                    heading(plain(label), level="Medium"),
                    facts(
                        [
                            (
                                text(language, "catalogue.groups.kind"),
                                kind_words(language, row.kind),
                            ),
                            *_roles(language, row),
                            (text(language, "catalogue.groups.members"), str(row.members)),
                            (text(language, "catalogue.groups.conversation"), conversation),
                        ]
                    ),
                ],
            }
        )
        lines.append(f"{label}: {row.members}, {conversation}")
    return adaptive_card(body, fallback_text="\n".join(lines))


def _roles(language: Language, row: GroupRow) -> list[tuple[str, str]]:
    """The chair and deputy chair of a group, where it has them."""
    found = [("catalogue.groups.chair", row.chair), ("catalogue.groups.deputy", row.deputy_chair)]
    return [(text(language, key), plain(name)) for key, name in found if name]


def _people_section(language: Language, title: str, people: Sequence[PersonLine]) -> Element:
    shown = people[:MAX_LIST_ROWS]
    no_email = text(language, "catalogue.sync.no_email")
    rows = [(person.name or "–", person.email or no_email) for person in shown]
    items: list[Element] = [
        heading(f"{title} ({len(people)})", level="Medium"),
        facts(rows),
    ]
    if len(people) > len(shown):
        items.append(
            paragraph(text(language, "catalogue.more", count=len(people) - len(shown)), subtle=True)
        )
    return {"type": "Container", "separator": True, "spacing": "Medium", "items": items}


def sync_card(language: Language, report: SyncReport) -> Card:
    """The result of a member sync: counts, then everyone the admin should look at."""
    title = text(language, "catalogue.sync.title")
    rows = [
        (text(language, "catalogue.sync.in_teams"), str(report.in_teams)),
        (text(language, "catalogue.sync.matched"), str(report.matched)),
        (text(language, "catalogue.sync.updated"), str(report.updated)),
    ]
    if report.group is not None:
        rows.append(
            (
                text(language, "catalogue.sync.added_to_group", group=report.group),
                str(report.added_to_group),
            )
        )
    if report.municipality_found:
        rows.append(
            (text(language, "catalogue.sync.municipality_found"), str(report.municipality_found))
        )
    body: list[Element] = [heading(title), facts(rows)]
    if report.group is None:
        body.append(paragraph(text(language, "catalogue.sync.no_group"), subtle=True))
    if report.directory_failures:
        body.append(
            paragraph(
                text(language, "catalogue.sync.directory_failed", count=report.directory_failures)
            )
        )
    sections = [
        (text(language, "catalogue.sync.unmatched"), report.unmatched),
        (text(language, "catalogue.sync.conflicts"), report.conflicts),
        (text(language, "catalogue.sync.no_municipality"), report.no_municipality),
    ]
    if report.group is not None:
        sections.append(
            (
                text(language, "catalogue.sync.not_in_roster", group=plain(report.group)),
                report.not_in_roster,
            )
        )
    for section_title, people in sections:
        if people:
            body.append(_people_section(language, section_title, people))
    fallback = "; ".join([title] + [f"{name}: {value}" for name, value in rows])
    return adaptive_card(body, fallback_text=fallback)


def requirement_card(language: Language, requirement: RequirementView, zone: ZoneInfo) -> Card:
    """One requirement: its facts, then its text (and rationale) exactly as written."""
    none = text(language, "catalogue.req.none")
    rows = [
        (text(language, "catalogue.req.type"), type_words(language, requirement.type)),
        (text(language, "catalogue.req.category"), requirement.category or none),
        (text(language, "catalogue.req.status"), status_words(language, requirement.status)),
        (text(language, "catalogue.req.version"), str(requirement.version)),
        (
            text(language, "catalogue.req.group"),
            group_label(requirement.group_code, requirement.group_name),
        ),
        (text(language, "catalogue.req.source"), requirement.source or none),
        (
            text(language, "catalogue.req.changed"),
            format_datetime(language, requirement.updated_at, zone),
        ),
    ]
    body: list[Element] = [heading(plain(requirement.key)), facts(rows)]
    shortened = False
    requirement_text, cut = _shorten(requirement.text, MAX_LITERAL_CHARS)
    shortened |= cut
    body += [
        heading(text(language, "catalogue.req.text"), level="Medium"),
        literal(requirement_text),
    ]
    if requirement.rationale.strip():
        rationale, cut = _shorten(requirement.rationale, MAX_LITERAL_CHARS)
        shortened |= cut
        body += [
            heading(text(language, "catalogue.req.rationale"), level="Medium"),
            literal(rationale),
        ]
    if shortened:
        body.append(paragraph(text(language, "catalogue.req.shortened"), subtle=True, size="Small"))
    actions: list[Element] = []
    if requirement.quality is not None:
        body += findings_section(language, requirement.quality, actions=False)
        body += overlaps_section(language, requirement.quality, actions=False)
        review = text(language, "quality.action.review")
        actions.append(execute_action(review, OPEN_VERB, {"requirement": requirement.key}))
    body.append(paragraph(text(language, "privacy.no_patient_data"), subtle=True, size="Small"))
    snippet = _shorten(requirement.text, 300)[0]
    return adaptive_card(body, fallback_text=f"{requirement.key}: {snippet}", actions=actions)


def search_card(language: Language, words: str, hits: Sequence[SearchHit], *, more: bool) -> Card:
    """Requirements matching a search: key, the start of the text, status."""
    title = text(language, "catalogue.search.title", words=plain(_shorten(words, 200)[0]))
    body: list[Element] = [heading(title)]
    for hit in hits:
        snippet = _shorten(" ".join(hit.text.split()), SNIPPET_CHARS)[0]
        body.append(
            {
                "type": "Container",
                "separator": True,
                "items": [
                    {
                        "type": "TextBlock",
                        "text": f"{plain(hit.key)} · {status_words(language, hit.status)}",
                        "weight": "Bolder",
                        "wrap": True,
                    },
                    literal(snippet),
                ],
            }
        )
    if more:
        body.append(
            paragraph(text(language, "catalogue.search.more", shown=len(hits)), subtle=True)
        )
    body.append(paragraph(text(language, "catalogue.search.show_hint"), subtle=True, size="Small"))
    fallback = "\n".join([title] + [f"{hit.key}: {hit.text[:SNIPPET_CHARS]}" for hit in hits])
    return adaptive_card(body, fallback_text=fallback)
