"""Cards of review rounds: the 1:1 review card and overview, the round card, summary and form."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

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
from cards.dates import format_datetime
from cards.forms import confirm_card, deadline_inputs, form_top
from cards.quality_cards import QualityView, summary_block
from cards.reach import Missing, reach_line
from cards.texts import TEXTS, Language, text
from vocabulary import Verdict

SAVE_NEXT: Final = "review-save-next"
PREV: Final = "review-prev"
SKIP: Final = "review-skip"
FINISH: Final = "review-finish"
OPEN: Final = "review-open"
OPEN_ROUND: Final = "review-open-round"
RECONFIRM: Final = "review-reconfirm"
CLOSE_ASK: Final = "review-close-ask"
CLOSE: Final = "review-close"
# Teams sends this invoke when the member views the card, so a card left open shows the
# round's current state (closed, say) without a click.
REFRESH: Final = "review-refresh"
MAX_TEXT: Final = 2000
# The summary card lists this many requirements; the export has them all.
SUMMARY_ROWS: Final = 25
# Comments and proposals shown per requirement on the summary.
SUMMARY_REMARKS: Final = 5
# The highest coverage minimum a round can ask for: every municipality of the two counties.
MAX_MINIMUM: Final = 23
# Bumped when the card data changes shape; older cards are refused as stale.
CARD_VERSION: Final = 1


@dataclass(frozen=True, slots=True)
class AnswerView:
    """A member's answer as the card shows it."""

    verdict: str
    comment: str = ""
    proposal: str = ""
    priority: str | None = None


@dataclass(frozen=True, slots=True)
class ReviewCardView:
    """One requirement of a round, for one member."""

    round_id: int
    nonce: str
    group: str
    requirement_id: int
    key: str
    text: str
    type: str
    category: str
    source: str
    position: int
    total: int
    deadline: datetime
    instructions: str = ""
    current: AnswerView | None = None
    notice: str | None = None
    problem: str | None = None
    # What the member typed when the save was refused, shown again so nothing is lost.
    typed: AnswerView | None = None
    # The member's Teams user id: the card refreshes itself for them (`refresh.userIds`).
    member: str | None = None
    # The requirement's stored quality findings, shown compactly at the top.
    quality: QualityView | None = None
    # The requirement version and content fingerprint shown: the answer records them.
    version: int = 0
    fingerprint: str = ""


def _words(language: Language, prefix: str, value: str) -> str:
    key = f"{prefix}.{value}"
    return text(language, key) if key in TEXTS else value


def verdict_words(language: Language, verdict: str) -> str:
    """Agree, agree with changes, disagree, not relevant, split."""
    return _words(language, "review.verdict", verdict)


def instructions_block(instructions: str) -> Element:
    """The lead's instructions as written: emphasis and lists render (the TextBlock subset of
    markdown) instead of showing their asterisks. Only the project lead writes them."""
    return paragraph(instructions)


def card_data(verb: str, round_id: int, requirement_id: int, nonce: str) -> dict[str, Any]:
    """What every review card action carries, so the answer can be checked against the round."""
    return {
        "verb": verb,
        "round": round_id,
        "requirement": requirement_id,
        "nonce": nonce,
        "v": CARD_VERSION,
    }


def _with_refresh(card: Card, member: str | None, data: dict[str, Any]) -> Card:
    # Only the member's own client refreshes (a 1:1 card has one reader); the data is checked
    # like any other action of the card.
    if member:
        card["refresh"] = {
            "action": {"type": "Action.Execute", "title": "refresh", "verb": REFRESH, "data": data},
            "userIds": [member],
        }
    return card


def review_card(language: Language, view: ReviewCardView, zone: ZoneInfo) -> Card:
    """The card a member answers one requirement on (1:1, refreshed in place).

    Long because the card is one JSON document, read top to bottom as Teams shows it.
    """
    title = text(language, "review.card.title", group=view.group)
    deadline = format_datetime(language, view.deadline, zone)
    body: list[Element] = [
        heading(plain(title), level="Medium"),
        paragraph(
            text(
                language,
                "review.card.position",
                position=view.position,
                total=view.total,
                deadline=deadline,
            ),
            subtle=True,
        ),
    ]
    if view.notice:
        body.append(notice(view.notice, "Good"))
    if view.problem:
        body.append(notice(view.problem, "Attention"))
    if view.quality is not None:
        body += summary_block(language, view.quality)
    if view.instructions and view.position == 1:
        body.append(paragraph(text(language, "review.field.instructions"), subtle=True))
        body.append(instructions_block(view.instructions))
    rows = [
        (text(language, "review.field.key"), view.key),
        (text(language, "review.field.type"), _words(language, "review.type", view.type)),
    ]
    if view.category:
        rows.append((text(language, "review.field.category"), view.category))
    if view.source:
        rows.append((text(language, "review.field.source"), view.source))
    body.append(facts(rows))
    body.append(literal(view.text))
    shown = view.typed or view.current
    if view.current is not None:
        body.append(
            paragraph(
                text(
                    language,
                    "review.current",
                    verdict=verdict_words(language, view.current.verdict),
                ),
                subtle=True,
            )
        )
    verdict_input: Element = {
        "type": "Input.ChoiceSet",
        "id": "verdict",
        "label": text(language, "review.input.verdict"),
        "style": "expanded",
        "isRequired": True,
        "errorMessage": text(language, "review.input.verdict_error"),
        "choices": [
            {"title": verdict_words(language, verdict), "value": verdict} for verdict in Verdict
        ],
    }
    if shown is not None and shown.verdict in tuple(Verdict):
        verdict_input["value"] = shown.verdict
    priority_input: Element = {
        "type": "Input.ChoiceSet",
        "id": "priority",
        "label": text(language, "review.input.priority"),
        "style": "compact",
        "choices": [
            {"title": text(language, "review.type.must"), "value": "must"},
            {"title": text(language, "review.type.should"), "value": "should"},
        ],
    }
    if shown is not None and shown.priority in ("must", "should"):
        priority_input["value"] = shown.priority
    body += [
        verdict_input,
        {
            "type": "Input.Text",
            "id": "comment",
            "label": text(language, "review.input.comment"),
            "isMultiline": True,
            "maxLength": MAX_TEXT,
            "value": shown.comment if shown else "",
        },
        {
            "type": "Input.Text",
            "id": "proposal",
            "label": text(language, "review.input.proposal"),
            "isMultiline": True,
            "maxLength": MAX_TEXT,
            "value": shown.proposal if shown else "",
        },
        priority_input,
        paragraph(text(language, "privacy.no_patient_data"), subtle=True, size="Small"),
    ]

    def data(verb: str) -> dict[str, Any]:
        shown = {"ver": view.version, "fp": view.fingerprint} if view.fingerprint else {}
        return {**card_data(verb, view.round_id, view.requirement_id, view.nonce), **shown}

    actions = [
        execute_action(
            text(language, "review.action.save_next"),
            SAVE_NEXT,
            data(SAVE_NEXT),
            inputs=True,
            style="positive",
        ),
        *(
            [execute_action(text(language, "review.action.prev"), PREV, data(PREV), inputs=False)]
            if view.position > 1
            else []
        ),
        execute_action(text(language, "review.action.skip"), SKIP, data(SKIP), inputs=False),
        execute_action(text(language, "review.action.finish"), FINISH, data(FINISH), inputs=False),
    ]
    fallback = f"{title}: {view.key} ({view.position}/{view.total})"
    card = adaptive_card(body, fallback_text=fallback, actions=actions)
    return _with_refresh(card, view.member, data(REFRESH))


@dataclass(frozen=True, slots=True)
class OverviewView:
    """A member's answered and missing requirements."""

    round_id: int
    nonce: str
    group: str
    total: int
    answered: int
    missing: Sequence[tuple[int, str]]  # (requirement id, key), in round order
    deadline: datetime
    # The member's Teams user id and a requirement of the round, for the card's refresh.
    member: str | None = None
    requirement_id: int | None = None
    # The round's first requirement: "see and change my answers" starts there.
    first_id: int | None = None


def overview_card(language: Language, view: OverviewView, zone: ZoneInfo) -> Card:
    """The overview after `review-finish`: what is answered and missing, then thanks."""
    title = text(language, "review.card.title", group=view.group)
    deadline = format_datetime(language, view.deadline, zone)
    body: list[Element] = [
        heading(plain(title), level="Medium"),
        heading(text(language, "review.overview.title"), level="Default"),
        paragraph(
            text(language, "review.overview.answered", answered=view.answered, total=view.total)
        ),
    ]
    actions: list[Element] = []
    if view.missing:
        keys = ", ".join(key for _id, key in view.missing[:40])
        if len(view.missing) > 40:
            keys += " …"
        body.append(paragraph(plain(text(language, "review.overview.missing", keys=keys))))
        body.append(
            notice(text(language, "review.overview.thanks_partial", deadline=deadline), "Good")
        )
        first = view.missing[0][0]
        actions.append(
            execute_action(
                text(language, "review.action.open_missing"),
                OPEN,
                card_data(OPEN, view.round_id, first, view.nonce),
                inputs=False,
            )
        )
    else:
        body.append(notice(text(language, "review.overview.thanks", deadline=deadline), "Good"))
    if view.first_id is not None and view.answered:
        actions.append(
            execute_action(
                text(language, "review.action.see_mine"),
                OPEN,
                card_data(OPEN, view.round_id, view.first_id, view.nonce),
                action_id="review-see-mine",
                inputs=False,
            )
        )
    card = adaptive_card(body, fallback_text=title, actions=actions or None)
    if view.requirement_id is None:
        return card
    data = card_data(REFRESH, view.round_id, view.requirement_id, view.nonce)
    return _with_refresh(card, view.member, {**data, "view": "overview"})


def closed_card(language: Language, group: str) -> Card:
    """What a review card turns into once the round is closed."""
    title = text(language, "review.card.title", group=group)
    message = text(language, "review.closed")
    return adaptive_card(
        [heading(plain(title), level="Medium"), notice(message, "Warning")],
        fallback_text=f"{title}: {message}",
    )


@dataclass(frozen=True, slots=True)
class ProgressView:
    """The round card's numbers."""

    finished: int
    members: int
    covered: int
    municipalities: int
    disagreed: int


@dataclass(frozen=True, slots=True)
class RoundView:
    """A round as the card in the group's conversation shows it."""

    round_id: int
    group: str
    requirements: int
    deadline: datetime
    instructions: str
    status: str
    progress: ProgressView
    closed_at: datetime | None = None
    # Members Kravbot could not reach (no card), with the reason.
    missing: Sequence[Missing] = ()
    # How many participating municipalities must answer each requirement (0: not shown).
    minimum: int = 0


def round_card(language: Language, view: RoundView, zone: ZoneInfo) -> Card:
    """The round card in the group's channel: what is reviewed, by when, and progress."""
    title = text(language, "review.round.title", id=view.round_id, group=view.group)
    deadline = format_datetime(language, view.deadline, zone)
    progress = view.progress

    def of(part: int, whole: int) -> str:
        return text(language, "review.round.of", part=part, whole=whole)

    body: list[Element] = [
        heading(plain(title), level="Medium"),
        paragraph(text(language, "review.round.intro", count=view.requirements, deadline=deadline)),
    ]
    if view.status != "closed":
        reached = reach_line(language, "catalogue.reach.card_sent", progress.members, view.missing)
        body.append(notice(reached, "Attention") if view.missing else paragraph(reached))
    if view.instructions:
        body.append(paragraph(text(language, "review.field.instructions"), subtle=True))
        body.append(instructions_block(view.instructions))
    minimum: list[tuple[str, str]] = []
    if view.minimum:
        shown = of(view.minimum, progress.municipalities)
        minimum.append((text(language, "review.round.minimum"), shown))
    body.append(
        facts(
            [
                (text(language, "review.round.finished"), of(progress.finished, progress.members)),
                (
                    text(language, "review.round.covered"),
                    of(progress.covered, progress.municipalities),
                ),
                (text(language, "review.round.disagreed"), str(progress.disagreed)),
                *minimum,
            ]
        )
    )
    if view.status == "closed" and view.closed_at is not None:
        body.append(
            notice(
                text(
                    language,
                    "review.round.closed",
                    when=format_datetime(language, view.closed_at, zone),
                ),
                "Warning",
            )
        )
    fallback = f"{title}: {of(progress.finished, progress.members)}"
    return adaptive_card(body, fallback_text=fallback)


def opened_card(language: Language, view: RoundView, zone: ZoneInfo) -> Card:
    """What the form turns into: the round is open, and its one round card is in the group's
    channel (a second copy here would not be kept current)."""
    title = text(language, "review.round.title", id=view.round_id, group=view.group)
    opened = text(
        language,
        "review.opened",
        id=view.round_id,
        group=view.group,
        count=view.requirements,
        members=view.progress.members,
        deadline=format_datetime(language, view.deadline, zone),
    )
    body: list[Element] = [
        heading(plain(title), level="Medium"),
        notice(opened, "Good"),
        paragraph(text(language, "review.opened.where", id=view.round_id)),
    ]
    if view.missing:
        line = reach_line(
            language, "catalogue.reach.card_sent", view.progress.members, view.missing
        )
        body.append(notice(line, "Attention"))
    return adaptive_card(body, fallback_text=opened)


@dataclass(frozen=True, slots=True)
class OutcomeRow:
    """One requirement in the summary."""

    key: str
    status: str
    counts: Mapping[str, int]
    positions: Sequence[tuple[str, str]]  # (municipality name, position)
    # Participating municipalities of the group without a current answer (names).
    missing: Sequence[str] = ()
    suspect: int = 0
    # (municipality name or "", comment, proposed wording) of the current answers that have one.
    remarks: Sequence[tuple[str, str, str]] = ()


@dataclass(frozen=True, slots=True)
class SummaryView:
    """The result of a closed round."""

    round_id: int
    group: str
    rows: Sequence[OutcomeRow]  # contested first
    progress: ProgressView
    agreed: int
    contested: int
    extra: dict[str, Any] = field(default_factory=dict)
    # The coverage minimum of the round (participating municipalities per requirement).
    minimum: int = 1


def summary_card(language: Language, view: SummaryView) -> Card:
    """The summary after close: counts, contested requirements first, the rule used.

    Long because the card is one JSON document, read top to bottom as Teams shows it.
    """
    title = text(language, "review.summary.title", id=view.round_id, group=view.group)
    progress = view.progress
    body: list[Element] = [
        heading(plain(title), level="Medium"),
        paragraph(
            text(
                language,
                "review.summary.intro",
                agreed=view.agreed,
                contested=view.contested,
                finished=progress.finished,
                members=progress.members,
                covered=progress.covered,
                municipalities=progress.municipalities,
            )
        ),
    ]
    shown = view.rows[:SUMMARY_ROWS]
    current: str | None = None
    for row in shown:
        if row.status != current:
            current = row.status
            body.append(heading(text(language, f"review.summary.{current}"), level="Default"))
        counts = {verdict: row.counts.get(verdict, 0) for verdict in Verdict}
        items: list[Element] = [
            {
                "type": "TextBlock",
                "text": plain(f"{row.key} · {_words(language, 'review.status', row.status)}"),
                "weight": "Bolder",
                "wrap": True,
            },
            {
                "type": "TextBlock",
                "text": text(language, "review.summary.row", **counts),
                "isSubtle": True,
                "size": "Small",
                "wrap": True,
            },
        ]
        if row.positions:
            line = " · ".join(
                f"{name}: {verdict_words(language, shown_position)}"
                for name, shown_position in row.positions
            )
            items.append({"type": "TextBlock", "text": plain(line), "size": "Small", "wrap": True})
        items += _coverage_lines(language, row)
        items += _remark_lines(language, row)
        body.append({"type": "Container", "separator": True, "items": items})
    if len(view.rows) > len(shown):
        body.append(
            paragraph(
                text(
                    language,
                    "review.summary.more",
                    count=len(view.rows) - len(shown),
                    id=view.round_id,
                ),
                subtle=True,
            )
        )
    if len(view.rows) <= len(shown):
        hint = text(language, "review.summary.export", id=view.round_id)
        body.append(paragraph(hint, subtle=True, size="Small"))
    body.append(paragraph(text(language, "review.summary.rule"), subtle=True, size="Small"))
    body.append(
        paragraph(
            text(language, "review.summary.coverage_rule", minimum=view.minimum),
            subtle=True,
            size="Small",
        )
    )
    return adaptive_card(body, fallback_text=title)


def _remark_lines(language: Language, row: OutcomeRow) -> list[Element]:
    """The comments and proposed wordings on a requirement that is not agreed, by
    municipality (never by person: the channel sees the group's result, not who said what)."""
    if row.status == "agreed":
        return []
    lines: list[Element] = []
    for place, comment, proposal in row.remarks[:SUMMARY_REMARKS]:
        parts = [place] if place else []
        if comment:
            parts.append(text(language, "review.summary.comment", comment=comment))
        if proposal:
            parts.append(text(language, "review.summary.proposal", proposal=proposal))
        lines.append(literal(" · ".join(parts), subtle=True))
    if len(row.remarks) > SUMMARY_REMARKS:
        more = text(
            language, "review.summary.more_remarks", count=len(row.remarks) - SUMMARY_REMARKS
        )
        lines.append(paragraph(more, subtle=True, size="Small"))
    return lines


def _coverage_lines(language: Language, row: OutcomeRow) -> list[Element]:
    """Which municipalities did not answer, and how many answers are on an older text."""
    lines: list[Element] = []
    if row.missing:
        places = text(language, "review.summary.missing", places=", ".join(row.missing))
        lines.append({"type": "TextBlock", "text": plain(places), "size": "Small", "wrap": True})
    if row.suspect:
        suspect = text(language, "review.summary.suspect", count=row.suspect)
        lines.append({"type": "TextBlock", "text": suspect, "size": "Small", "wrap": True})
    return lines


def minimum_input(language: Language, value: str) -> Element:
    """The form's optional coverage minimum; empty means the default rule, said in the label."""
    element: Element = {
        "type": "Input.Number",
        "id": "min_municipalities",
        "label": text(language, "review.form.minimum"),
        "min": 1,
        "max": MAX_MINIMUM,
        "errorMessage": text(language, "review.error.minimum", limit=MAX_MINIMUM),
    }
    if value.strip().isdigit():
        element["value"] = int(value.strip())
    return element


def review_form_card(
    language: Language,
    groups: Sequence[tuple[str, str]],
    *,
    values: Mapping[str, str] | None = None,
    problems: Sequence[str] = (),
) -> Card:
    """The `ny gjennomgang` form; `groups` are (code, label); errors are shown on top."""
    values = values or {}
    top = form_top(language, "review.form", groups, values.get("group"), problems)
    title, body, group_input = top.title, top.body, top.group
    body += [
        group_input,
        {
            "type": "Input.Text",
            "id": "requirements",
            "label": text(language, "review.form.requirements"),
            "isRequired": True,
            "errorMessage": text(language, "review.form.requirements_error"),
            "maxLength": 2000,
            "value": values.get("requirements", ""),
        },
        *deadline_inputs(language, "review.form", values),
        {
            "type": "Input.Text",
            "id": "instructions",
            "label": text(language, "review.form.instructions"),
            "isMultiline": True,
            "maxLength": MAX_TEXT,
            "value": values.get("instructions", ""),
        },
        minimum_input(language, values.get("min_municipalities", "")),
        paragraph(text(language, "privacy.no_patient_data"), subtle=True, size="Small"),
    ]
    action = execute_action(text(language, "review.form.open"), OPEN_ROUND, style="positive")
    return adaptive_card(body, fallback_text=title, actions=[action])


@dataclass(frozen=True, slots=True)
class ReconfirmView:
    """A requirement whose text changed after the member answered it, with their answer."""

    round_id: int
    nonce: str
    group: str
    requirement_id: int
    key: str
    old_text: str
    new_text: str
    # The new text with removed and added words marked (plain text, see dialogs.reviews.wording).
    marked: str
    answer: AnswerView
    deadline: datetime
    version: int
    fingerprint: str
    member: str | None = None
    confirmed: bool = False


def reconfirm_card(language: Language, view: ReconfirmView, zone: ZoneInfo) -> Card:
    """The card that asks a member to confirm or change an answer given on an older text."""
    title = text(language, "review.reconfirm.title", requirement=view.key)
    deadline = format_datetime(language, view.deadline, zone)
    body: list[Element] = [
        heading(plain(title), level="Medium"),
        paragraph(text(language, "review.reconfirm.intro", group=view.group, deadline=deadline)),
    ]
    if view.confirmed:
        body.append(notice(text(language, "review.reconfirm.confirmed"), "Good"))
    body += [
        paragraph(text(language, "review.reconfirm.changes"), subtle=True),
        literal(view.marked),
        paragraph(
            text(language, "review.reconfirm.legend", removed="[-…-]", added="{+…+}"),
            subtle=True,
            size="Small",
        ),
        paragraph(text(language, "review.reconfirm.before"), subtle=True),
        literal(view.old_text),
        paragraph(text(language, "review.reconfirm.after"), subtle=True),
        literal(view.new_text),
        paragraph(
            text(
                language,
                "review.reconfirm.answer",
                verdict=verdict_words(language, view.answer.verdict),
            )
        ),
    ]
    if view.answer.comment:
        body.append(literal(view.answer.comment, subtle=True))
    data = {
        **card_data(RECONFIRM, view.round_id, view.requirement_id, view.nonce),
        "ver": view.version,
        "fp": view.fingerprint,
    }
    actions = [
        execute_action(
            text(language, "review.action.confirm"), RECONFIRM, data, inputs=False, style="positive"
        ),
        execute_action(
            text(language, "review.action.change"),
            OPEN,
            card_data(OPEN, view.round_id, view.requirement_id, view.nonce),
            inputs=False,
        ),
    ]
    card = adaptive_card(body, fallback_text=title, actions=actions)
    refresh = card_data(REFRESH, view.round_id, view.requirement_id, view.nonce)
    return _with_refresh(card, view.member, {**refresh, "view": "reconfirm"})


def _progress_line(language: Language, view: RoundView, zone: ZoneInfo) -> str:
    return text(
        language,
        "review.list.row",
        deadline=format_datetime(language, view.deadline, zone),
        finished=view.progress.finished,
        members=view.progress.members,
        covered=view.progress.covered,
        municipalities=view.progress.municipalities,
    )


def rounds_card(language: Language, rounds: Sequence[RoundView], zone: ZoneInfo) -> Card:
    """`gjennomganger`: every open round with its progress, and a button to close each."""
    title = text(language, "review.list.title", count=len(rounds))
    body: list[Element] = [heading(plain(title), level="Medium")]
    if not rounds:
        body.append(paragraph(text(language, "review.list.none")))
    for view in rounds:
        name = text(language, "review.round.title", id=view.round_id, group=view.group)
        body.append(
            {
                "type": "Container",
                "separator": True,
                "items": [
                    {"type": "TextBlock", "text": plain(name), "weight": "Bolder", "wrap": True},
                    paragraph(_progress_line(language, view, zone), subtle=True),
                    {
                        "type": "ActionSet",
                        "actions": [
                            execute_action(
                                text(language, "review.action.close"),
                                CLOSE_ASK,
                                {"round": view.round_id},
                                action_id=f"{CLOSE_ASK}-{view.round_id}",
                                inputs=False,
                            )
                        ],
                    },
                ],
            }
        )
    return adaptive_card(body, fallback_text=title)


def close_confirm_card(language: Language, view: RoundView, zone: ZoneInfo) -> Card:
    """Before closing a round: how many members have finished, and a button to close it."""
    title = text(language, "review.confirm.title", id=view.round_id, group=view.group)
    lines = [_progress_line(language, view, zone), text(language, "review.confirm.text")]
    label = text(language, "review.confirm.close")
    return confirm_card(title, lines, label, CLOSE, {"round": view.round_id})


def closed_now_card(language: Language, message: str) -> Card:
    """What the confirmation turns into once the round is closed."""
    return adaptive_card([notice(message, "Good")], fallback_text=message)
