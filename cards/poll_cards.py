"""Cards of polls: the per-member poll card, the result card, the form, the reminder, minutes.

The poll card carries a `refresh` action for the electorate (Teams asks the bot for each
listed member's own view, up to 60 user ids), so everyone sees their own vote on the same card.
Bars are drawn with text: Teams' chart elements are unknown to the 1.5 renderer, and the card
gate rejects unknown element types even with a fallback.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from typing import Final
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
from cards.cells import safe_cell
from cards.dates import format_datetime
from cards.forms import form_top
from cards.reach import Missing, reach_line
from cards.texts import Language, text
from vocabulary import Majority

VOTE_VERB: Final = "poll-vote"
CHANGE_VERB: Final = "poll-change"
CLOSE_VERB: Final = "poll-close"
REFRESH_VERB: Final = "poll-refresh"
CREATE_VERB: Final = "poll-create"
ABSTAIN: Final = "abstain"
# Teams refreshes the card automatically for at most 60 listed users.
MAX_REFRESH_USERS: Final = 60
BAR_WIDTH: Final = 20


@dataclass(frozen=True, slots=True)
class PollView:
    """A poll as the cards show it."""

    id: int
    title: str
    description: str
    group: str  # `STY – Styringsgruppe`
    options: tuple[tuple[str, str], ...]  # (id, title)
    deadline: datetime
    quorum: Fraction
    majority: str
    anonymous: bool
    multiple: bool
    live: bool
    electorate: int
    voted: int
    refresh_users: tuple[str, ...] = ()
    tallies: Mapping[str, int] | None = None  # shown when live (or closed)
    # Electors Kravbot cannot reach 1:1 (no reminder), with the reason; shown while open.
    missing: tuple[Missing, ...] = ()


@dataclass(frozen=True, slots=True)
class Viewer:
    """The member a view is drawn for."""

    eligible: bool
    choices: tuple[str, ...] | None  # None: has not voted; (): abstained
    revision: int = 0
    is_creator: bool = False
    changing: bool = False


@dataclass(frozen=True, slots=True)
class ResultView:
    """A closed poll's outcome."""

    poll: PollView
    status: str  # decided, tie, no_majority, no_quorum
    winner: str | None
    tied: tuple[str, ...]
    chair_decided: bool
    quorum_met: bool
    turnout: int
    abstentions: int
    tallies: Mapping[str, int]
    closed_at: datetime
    reason: str  # deadline, all-voted, creator
    decision_sequence: int | None
    votes: Sequence[tuple[str, str]] = field(default_factory=tuple)  # (name, choice) unless anon


def _titles(view: PollView) -> dict[str, str]:
    return dict(view.options)


def choice_words(language: Language, view: PollView, choices: Sequence[str]) -> str:
    """The titles of the chosen options, or the word for an abstention."""
    titles = _titles(view)
    if not choices:
        return text(language, "polls.result.abstain_word")
    return ", ".join(titles.get(choice, choice) for choice in choices)


def _percent(value: Fraction) -> str:
    scaled = value * 100
    return str(int(scaled)) if scaled.denominator == 1 else f"{float(scaled):.1f}"


def _rules(language: Language, view: PollView) -> str:
    return text(
        language,
        "polls.card.rules_value",
        majority=text(language, f"polls.majority.{view.majority}"),
        quorum=_percent(view.quorum),
        anonymous=text(language, "polls.card.anonymous_flag") if view.anonymous else "",
        multiple=text(language, "polls.card.multiple_flag") if view.multiple else "",
    )


def _bar(count: int, total: int) -> str:
    filled = round(BAR_WIDTH * count / total) if total else 0
    return "█" * filled + "░" * (BAR_WIDTH - filled)


def bar_chart(view: PollView, tallies: Mapping[str, int]) -> Element:
    """Votes per option as text bars in a ColumnSet per option (renders on every client)."""
    total = max(tallies.values(), default=0)
    rows: list[Element] = []
    for option_id, title in view.options:
        count = tallies.get(option_id, 0)
        rows.append(
            {
                "type": "ColumnSet",
                "columns": [
                    {
                        "type": "Column",
                        "width": 2,
                        "items": [{"type": "TextBlock", "text": plain(title), "wrap": True}],
                    },
                    {
                        "type": "Column",
                        "width": 3,
                        "items": [
                            {
                                "type": "TextBlock",
                                "text": _bar(count, total),
                                "fontType": "Monospace",
                                "color": "Accent",
                            }
                        ],
                    },
                    {
                        "type": "Column",
                        "width": "auto",
                        "items": [{"type": "TextBlock", "text": str(count), "weight": "Bolder"}],
                    },
                ],
            }
        )
    return {"type": "Container", "items": rows}


def _refresh(view: PollView) -> dict[str, object]:
    return {
        "action": {
            "type": "Action.Execute",
            "title": "refresh",
            "verb": REFRESH_VERB,
            "data": {"verb": REFRESH_VERB, "poll": view.id},
        },
        "userIds": list(view.refresh_users[:MAX_REFRESH_USERS]),
    }


def poll_card(
    language: Language, view: PollView, zone: ZoneInfo, viewer: Viewer | None = None
) -> Card:
    """The poll as `viewer` sees it (None: the shared card, with the ballot for anyone).

    Long because the card is one JSON document, read top to bottom as Teams shows it.
    """
    title = text(language, "polls.card.title", title=view.title)
    deadline = format_datetime(language, view.deadline, zone)
    body: list[Element] = [heading(plain(title))]
    if view.description:
        body.append(literal(view.description))
    body.append(
        facts(
            [
                (text(language, "polls.card.group"), view.group),
                (text(language, "polls.card.deadline"), deadline),
                (
                    text(language, "polls.card.voted"),
                    text(
                        language,
                        "polls.card.voted_value",
                        voted=view.voted,
                        electorate=view.electorate,
                    ),
                ),
                (text(language, "polls.card.rules"), _rules(language, view)),
            ]
        )
    )
    if view.missing:
        line = reach_line(language, "catalogue.reach.poll_reached", view.electorate, view.missing)
        body.append(notice(line, "Attention"))
    actions: list[Element] = []
    data: dict[str, object] = {"poll": view.id}
    if viewer is not None and not viewer.eligible:
        body.append(paragraph(text(language, "polls.card.not_eligible"), subtle=True))
    elif viewer is not None and viewer.choices is not None and not viewer.changing:
        words = (
            text(
                language,
                "polls.card.you_voted",
                choice=choice_words(language, view, viewer.choices),
            )
            if viewer.choices
            else text(language, "polls.card.you_abstained")
        )
        body.append({"type": "TextBlock", "text": plain(words), "weight": "Bolder", "wrap": True})
        body.append(paragraph(text(language, "polls.card.can_change"), subtle=True, size="Small"))
        actions.append(
            execute_action(
                text(language, "polls.card.change"),
                CHANGE_VERB,
                {**data, "rev": viewer.revision},
            )
        )
    else:
        current = ",".join(viewer.choices or ()) if viewer and viewer.choices is not None else ""
        if viewer is not None and viewer.choices == ():
            current = ABSTAIN
        label_key = (
            "polls.card.choice_label_multiple" if view.multiple else "polls.card.choice_label"
        )
        choice_set: Element = {
            "type": "Input.ChoiceSet",
            "id": "choice",
            "label": text(language, label_key),
            "style": "expanded",
            "isMultiSelect": view.multiple,
            "isRequired": True,
            "errorMessage": text(language, "polls.card.choice_error"),
            "choices": [{"title": plain(t), "value": option_id} for option_id, t in view.options]
            + [{"title": text(language, "polls.card.abstain"), "value": ABSTAIN}],
        }
        if current:
            choice_set["value"] = current
        body.append(choice_set)
        actions.append(
            execute_action(
                text(language, "polls.card.vote"),
                VOTE_VERB,
                {**data, "rev": viewer.revision if viewer else 0},
                style="positive",
            )
        )
    if view.live and view.tallies is not None:
        body.append(heading(text(language, "polls.card.live_results"), level="Medium"))
        body.append(bar_chart(view, view.tallies))
    elif not view.live:
        body.append(
            paragraph(text(language, "polls.card.results_after"), subtle=True, size="Small")
        )
    if viewer is not None and viewer.is_creator:
        actions.append(execute_action(text(language, "polls.card.close"), CLOSE_VERB, data))
    card = adaptive_card(
        body,
        fallback_text=text(language, "polls.card.fallback", title=view.title, deadline=deadline),
        actions=actions,
    )
    card["refresh"] = _refresh(view)
    return card


def outcome_words(language: Language, result: ResultView) -> str:
    """One sentence: decided (and how), tie, no majority or no quorum."""
    titles = _titles(result.poll)
    tied = ", ".join(titles.get(option, option) for option in result.tied)
    if result.status == "decided":
        sentence = text(
            language, "polls.result.decided", winner=titles.get(result.winner or "", "")
        )
        if result.chair_decided:
            sentence += " " + text(language, "polls.result.chair_decided", tied=tied)
        return sentence
    if result.status == "tie":
        return text(language, "polls.result.tie", tied=tied)
    return text(language, f"polls.result.{result.status}")


def quorum_words(language: Language, result: ResultView) -> str:
    """Quorum met or not, with the numbers."""
    key = "polls.result.quorum_met" if result.quorum_met else "polls.result.quorum_missed"
    return text(
        language,
        key,
        turnout=result.turnout,
        electorate=result.poll.electorate,
        quorum=_percent(result.poll.quorum),
    )


def result_card(language: Language, result: ResultView, zone: ZoneInfo) -> Card:
    """The closed poll: outcome, quorum, votes per option as bars, and who voted what."""
    view = result.poll
    title = text(language, "polls.result.title", title=view.title)
    outcome = outcome_words(language, result)
    color = "Good" if result.status == "decided" else "Attention"
    body: list[Element] = [
        heading(plain(title)),
        {
            "type": "TextBlock",
            "text": plain(outcome),
            "weight": "Bolder",
            "color": color,
            "wrap": True,
        },
        facts(
            [
                (text(language, "polls.card.group"), view.group),
                (text(language, "polls.result.quorum"), quorum_words(language, result)),
                (text(language, "polls.card.rules"), _rules(language, view)),
                (
                    text(language, "polls.result.closed"),
                    f"{format_datetime(language, result.closed_at, zone)} "
                    f"({text(language, f'polls.result.reason.{result.reason}')})",
                ),
            ]
        ),
        heading(text(language, "polls.result.votes"), level="Medium"),
        bar_chart(view, result.tallies),
        paragraph(
            text(language, "polls.result.abstentions", count=result.abstentions),
            subtle=True,
            size="Small",
        ),
    ]
    if view.anonymous:
        body.append(paragraph(text(language, "polls.result.anonymous"), subtle=True))
    elif result.votes:
        body.append(heading(text(language, "polls.result.who"), level="Medium"))
        body.append(facts(list(result.votes)))
    if result.decision_sequence is not None:
        body.append(
            paragraph(
                text(language, "polls.result.decision", sequence=result.decision_sequence),
                subtle=True,
                size="Small",
            )
        )
    return adaptive_card(
        body,
        fallback_text=text(language, "polls.result.fallback", title=view.title, outcome=outcome),
    )


def reminder_card(language: Language, view: PollView, zone: ZoneInfo) -> Card:
    """The 1:1 reminder to a member who has not voted."""
    title = text(language, "polls.reminder.title")
    words = text(
        language,
        "polls.reminder.text",
        title=view.title,
        group=view.group,
        deadline=format_datetime(language, view.deadline, zone),
    )
    return adaptive_card(
        [heading(title), paragraph(plain(words))], fallback_text=f"{title}: {words}"
    )


def poll_form_card(
    language: Language,
    groups: Sequence[tuple[str, str]],
    *,
    values: Mapping[str, str] | None = None,
    problems: Sequence[str] = (),
) -> Card:
    """The form for a new poll; `groups` are (code, label) the sender may open polls in.

    Long because the card is one JSON document, read top to bottom as Teams shows it.
    """
    values = values or {}
    top = form_top(language, "polls.form", groups, values.get("group"), problems)
    title, body, group_input = top.title, top.body, top.group
    majority = values.get("majority") or Majority.SIMPLE
    body += [
        group_input,
        {
            "type": "Input.Text",
            "id": "title",
            "label": text(language, "polls.form.title_label"),
            "isRequired": True,
            "errorMessage": text(language, "polls.form.title_error"),
            "maxLength": 200,
            "value": values.get("title", ""),
        },
        {
            "type": "Input.Text",
            "id": "description",
            "label": text(language, "polls.form.description"),
            "isMultiline": True,
            "maxLength": 2000,
            "value": values.get("description", ""),
        },
        {
            "type": "Input.Text",
            "id": "options",
            "label": text(language, "polls.form.options"),
            "isMultiline": True,
            "isRequired": True,
            "errorMessage": text(language, "polls.form.options_error"),
            "maxLength": 1100,
            "value": values.get("options", ""),
        },
        {
            "type": "Input.Date",
            "id": "deadline_date",
            "label": text(language, "polls.form.deadline_date"),
            "isRequired": True,
            "errorMessage": text(language, "polls.form.deadline_date_error"),
            "value": values.get("deadline_date", ""),
        },
        {
            "type": "Input.Time",
            "id": "deadline_time",
            "label": text(language, "polls.form.deadline_time"),
            "isRequired": True,
            "errorMessage": text(language, "polls.form.deadline_time_error"),
            "value": values.get("deadline_time") or "12:00",
        },
        {
            "type": "Input.Number",
            "id": "quorum",
            "label": text(language, "polls.form.quorum"),
            "min": 0,
            "max": 100,
            "errorMessage": text(language, "polls.form.quorum_error"),
            "value": _number(values.get("quorum"), 50),
        },
        {
            "type": "Input.ChoiceSet",
            "id": "majority",
            "label": text(language, "polls.form.majority"),
            "style": "compact",
            "value": majority if majority in tuple(Majority) else Majority.SIMPLE,
            "choices": [
                {"title": text(language, f"polls.majority.{m}"), "value": m} for m in Majority
            ],
        },
    ]
    for name, key in (
        ("anonymous", "polls.form.anonymous"),
        ("multiple", "polls.form.multiple"),
        ("live", "polls.form.live"),
        ("close_all", "polls.form.close_all"),
    ):
        body.append(
            {
                "type": "Input.Toggle",
                "id": name,
                "title": text(language, key),
                "label": text(language, key),
                "value": "true" if values.get(name) == "true" else "false",
                "valueOn": "true",
                "valueOff": "false",
            }
        )
    body.append(paragraph(text(language, "polls.form.secrecy"), subtle=True, size="Small"))
    body.append(paragraph(text(language, "privacy.no_patient_data"), subtle=True, size="Small"))
    submit = text(language, "polls.form.submit")
    return adaptive_card(
        body,
        fallback_text=title,
        actions=[execute_action(submit, CREATE_VERB, style="positive")],
    )


def _number(raw: str | None, default: int) -> float:
    try:
        return float(raw) if raw not in (None, "") else float(default)
    except ValueError:
        return float(default)


def minutes_markdown(
    language: Language,
    result: ResultView | None,
    view: PollView,
    *,
    opened: datetime,
    created_by: str,
    zone: ZoneInfo,
) -> str:
    """The minutes (møteprotokoll) of a poll in Markdown; no names in anonymous polls."""
    lines = [
        f"# {text(language, 'polls.minutes.title', id=view.id)}",
        "",
        f"**{text(language, 'polls.minutes.matter')}:** {plain(view.title)}",
        f"**{text(language, 'polls.card.group')}:** {plain(view.group)}",
        f"**{text(language, 'polls.minutes.opened')}:** {format_datetime(language, opened, zone)}",
        f"**{text(language, 'polls.minutes.created_by')}:** {plain(created_by)}",
        f"**{text(language, 'polls.card.deadline')}:** "
        f"{format_datetime(language, view.deadline, zone)}",
        f"**{text(language, 'polls.card.rules')}:** {_rules(language, view)}",
        "",
    ]
    if view.description:
        lines += [plain(view.description), ""]
    if result is None:
        lines.append(text(language, "polls.minutes.status_open"))
        return "\n".join(lines) + "\n"
    lines += [
        f"**{text(language, 'polls.minutes.outcome')}:** {plain(outcome_words(language, result))}",
        f"**{text(language, 'polls.result.quorum')}:** {quorum_words(language, result)}",
        f"**{text(language, 'polls.result.closed')}:** "
        f"{format_datetime(language, result.closed_at, zone)} "
        f"({text(language, f'polls.result.reason.{result.reason}')})",
        "",
        f"## {text(language, 'polls.result.votes')}",
        "",
        f"| {text(language, 'polls.minutes.option')} | {text(language, 'polls.minutes.count')} |",
        "|---|---:|",
    ]
    for option_id, title in view.options:
        lines.append(f"| {_cell(title)} | {result.tallies.get(option_id, 0)} |")
    lines += ["", text(language, "polls.result.abstentions", count=result.abstentions), ""]
    if view.anonymous:
        lines.append(text(language, "polls.result.anonymous"))
    else:
        lines += [
            f"## {text(language, 'polls.result.who')}",
            "",
            f"| {text(language, 'polls.minutes.voter')} | {text(language, 'polls.minutes.vote')} |",
            "|---|---|",
        ]
        lines += [f"| {_cell(name)} | {_cell(choice)} |" for name, choice in result.votes]
    if result.decision_sequence is not None:
        lines += ["", text(language, "polls.result.decision", sequence=result.decision_sequence)]
    return "\n".join(lines) + "\n"


def _cell(value: str) -> str:
    return plain(value).replace("|", "\\|").replace("\n", " ")


def minutes_csv(language: Language, result: ResultView | None, view: PollView) -> str:
    """The minutes as CSV: one row per option (tally), then one per voter unless anonymous."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            text(language, "polls.minutes.row_kind"),
            text(language, "polls.minutes.option") + " / " + text(language, "polls.minutes.voter"),
            text(language, "polls.minutes.count") + " / " + text(language, "polls.minutes.vote"),
        ]
    )
    tallies = result.tallies if result is not None else {}
    for option_id, title in view.options:
        writer.writerow(
            [
                text(language, "polls.minutes.kind_tally"),
                safe_cell(title),
                tallies.get(option_id, 0),
            ]
        )
    if result is not None and not view.anonymous:
        for name, choice in result.votes:
            writer.writerow(
                [text(language, "polls.minutes.kind_vote"), safe_cell(name), safe_cell(choice)]
            )
    return out.getvalue()
