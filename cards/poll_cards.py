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

from cards import charts
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
from cards.texts import Language, format_list, text
from vocabulary import Majority

VOTE_VERB: Final = "poll-vote"
CHANGE_VERB: Final = "poll-change"
CLOSE_VERB: Final = "poll-close"
REFRESH_VERB: Final = "poll-refresh"
CREATE_VERB: Final = "poll-create"
CONFLICT_VERB: Final = "poll-conflict"
PROXY_VERB: Final = "poll-proxy"
DISSENT_VERB: Final = "poll-dissent"
CONFIRM: Final = "yes"
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
    # One vote per municipality: `electorate` and `voted` then count seats, and `weights`
    # lists the municipalities whose weight is not 1, as (name, weight).
    per_municipality: bool = False
    weights: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Viewer:
    """The member a view is drawn for."""

    eligible: bool
    choices: tuple[str, ...] | None  # None: has not voted; (): abstained
    revision: int = 0
    is_creator: bool = False
    changing: bool = False
    # Per-municipality polls: the municipality the viewer votes for, and how (delegate, ...).
    municipality: str | None = None
    municipality_name: str | None = None
    represents: str | None = None
    may_give_proxy: bool = False
    proxy: tuple[str, datetime] | None = None  # (holder, when) once the delegate gave one
    may_chair: bool = False  # may declare another member's conflict of interest
    notice: str | None = None  # why the card was redrawn (e.g. it was out of date)


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
    # (voter, reason) of named votes; (name, reason, declared by, vote withdrawn) of conflicts
    # of interest; (name, statement, decision sequence) of dissents entered after the result.
    reasons: Sequence[tuple[str, str]] = ()
    conflicts: Sequence[tuple[str, str, str, bool]] = ()
    dissents: Sequence[tuple[str, str, int]] = ()
    case_ref: str | None = None
    against: int = 0  # votes for other options than the winner (`rules.votes_against`)


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
                (text(language, "polls.card.voted"), voted_words(language, view)),
                (text(language, "polls.card.rules"), _rules(language, view)),
                *_weights(language, view),
            ]
        )
    )
    if viewer is not None and viewer.notice:
        body.append(notice(viewer.notice, "Attention"))
    if viewer is not None and viewer.municipality and viewer.represents:
        body += _represent_lines(language, viewer, zone)
    if view.missing:
        line = reach_line(language, "catalogue.reach.poll_reached", view.electorate, view.missing)
        body.append(notice(line, "Attention"))
    actions: list[Element] = []
    data: dict[str, object] = {"poll": view.id}
    if viewer is not None and viewer.municipality:
        data["municipality"] = viewer.municipality
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
        if not view.anonymous:
            body.append(
                {
                    "type": "Input.Text",
                    "id": "reason",
                    "label": text(language, "polls.card.reason"),
                    "maxLength": 500,
                }
            )
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
    if viewer is not None:
        actions += _conduct_actions(language, viewer, {"poll": view.id})
    if viewer is not None and viewer.notice:
        actions.append(
            execute_action(text(language, "polls.card.refresh"), REFRESH_VERB, {"poll": view.id})
        )
    card = adaptive_card(
        body,
        fallback_text=text(language, "polls.card.fallback", title=view.title, deadline=deadline),
        actions=actions,
    )
    card["refresh"] = _refresh(view)
    return card


def open_polls_card(language: Language, views: Sequence[PollView], zone: ZoneInfo) -> Card:
    """`avstemninger`: each open poll with group, deadline, turnout and a button to open it."""
    title = text(language, "polls.list.title", count=len(views))
    body: list[Element] = [heading(title)]
    if not views:
        body.append(paragraph(text(language, "polls.list.empty")))
    for view in views:
        rows = [
            (text(language, "polls.card.group"), view.group),
            (text(language, "polls.card.deadline"), format_datetime(language, view.deadline, zone)),
            (text(language, "polls.card.voted"), voted_words(language, view)),
        ]
        button = execute_action(
            text(language, "polls.list.open"),
            REFRESH_VERB,
            {"poll": view.id},
            action_id=f"{REFRESH_VERB}-{view.id}",
            inputs=False,
        )
        body.append(
            {
                "type": "Container",
                "separator": True,
                "items": [
                    heading(plain(view.title), level="Medium"),
                    facts(rows),
                    {"type": "ActionSet", "actions": [button]},
                ],
            }
        )
    return adaptive_card(body, fallback_text=title)


def voted_words(language: Language, view: PollView) -> str:
    """`3 av 7`, or `3 av 7 kommuner` in a per-municipality poll."""
    key = "polls.card.voted_seats" if view.per_municipality else "polls.card.voted_value"
    return text(language, key, voted=view.voted, electorate=view.electorate)


def _weights(language: Language, view: PollView) -> list[tuple[str, str]]:
    if not view.per_municipality:
        return []
    rows = [(text(language, "polls.card.per_municipality"), voted_words(language, view))]
    if view.weights:
        listed = format_list(language, [f"{name} {weight}" for name, weight in view.weights])
        rows.append((text(language, "polls.card.weights"), listed))
    return rows


def _represent_lines(language: Language, viewer: Viewer, zone: ZoneInfo) -> list[Element]:
    role = text(language, f"polls.represents.{viewer.represents}")
    lines = [
        paragraph(
            text(
                language,
                "polls.card.you_represent",
                municipality=viewer.municipality_name or viewer.municipality or "",
                role=role,
            )
        )
    ]
    if viewer.represents == "deputy":
        lines.append(paragraph(text(language, "polls.card.deputy_note"), subtle=True))
    if viewer.proxy is not None:
        holder, when = viewer.proxy
        given = text(
            language,
            "polls.card.proxy_given",
            name=holder,
            when=format_datetime(language, when, zone),
        )
        lines.append(paragraph(plain(given), subtle=True))
    return lines


def _conduct_actions(language: Language, viewer: Viewer, data: dict[str, object]) -> list[Element]:
    """Buttons that open a step: a proxy, a conflict of interest, closing the poll early."""
    actions: list[Element] = []
    if viewer.may_give_proxy:
        actions.append(
            execute_action(text(language, "polls.card.proxy"), PROXY_VERB, data, inputs=False)
        )
    if viewer.eligible or viewer.may_chair:
        actions.append(
            execute_action(text(language, "polls.card.conflict"), CONFLICT_VERB, data, inputs=False)
        )
    if viewer.is_creator:
        actions.append(
            execute_action(text(language, "polls.card.close"), CLOSE_VERB, data, inputs=False)
        )
    return actions


def _step_card(
    language: Language,
    title: str,
    body: list[Element],
    submit: Element,
    poll_id: int,
) -> Card:
    """A small card for one step of a poll, with the step's button and a way back."""
    back = execute_action(
        text(language, "polls.card.refresh"), REFRESH_VERB, {"poll": poll_id}, inputs=False
    )
    return adaptive_card(
        [heading(plain(title)), *body], fallback_text=title, actions=[submit, back]
    )


def _people_choice(
    language: Language, input_id: str, label: str, people: Sequence[tuple[int, str]]
) -> Element:
    return {
        "type": "Input.ChoiceSet",
        "id": input_id,
        "label": label,
        "style": "compact",
        "isRequired": True,
        "errorMessage": text(language, "polls.card.required"),
        "choices": [{"title": plain(name), "value": str(pid)} for pid, name in people],
    }


def _text_input(language: Language, input_id: str, label: str, limit: int) -> Element:
    return {
        "type": "Input.Text",
        "id": input_id,
        "label": label,
        "isMultiline": True,
        "isRequired": True,
        "errorMessage": text(language, "polls.card.required"),
        "maxLength": limit,
    }


def conflict_card(
    language: Language, view: PollView, people: Sequence[tuple[int, str]] | None
) -> Card:
    """The step to declare a conflict of interest: for oneself, or (the chair) for `people`."""
    body: list[Element] = [paragraph(text(language, "polls.card.conflict_note"), subtle=True)]
    if people:
        body.append(
            _people_choice(language, "person", text(language, "polls.card.conflict_person"), people)
        )
    body.append(_text_input(language, "reason", text(language, "polls.card.conflict_reason"), 500))
    submit = execute_action(
        text(language, "polls.card.conflict_submit"),
        CONFLICT_VERB,
        {"poll": view.id, "confirm": CONFIRM},
        style="destructive",
    )
    title = f"{text(language, 'polls.card.conflict')}: {view.title}"
    return _step_card(language, title, body, submit, view.id)


def proxy_card(language: Language, view: PollView, people: Sequence[tuple[int, str]]) -> Card:
    """The step where a delegate hands the municipality's vote to a person of it."""
    body = [_people_choice(language, "to", text(language, "polls.card.proxy_person"), people)]
    submit = execute_action(
        text(language, "polls.card.proxy_submit"), PROXY_VERB, {"poll": view.id, "confirm": CONFIRM}
    )
    title = f"{text(language, 'polls.card.proxy')}: {view.title}"
    return _step_card(language, title, body, submit, view.id)


def close_confirm_card(language: Language, view: PollView) -> Card:
    """Closing early asks first: the result is final."""
    body = [paragraph(text(language, "polls.card.close_confirm"))]
    submit = execute_action(
        text(language, "polls.card.close_yes"),
        CLOSE_VERB,
        {"poll": view.id, "confirm": CONFIRM},
        style="destructive",
        inputs=False,
    )
    return _step_card(
        language, text(language, "polls.card.title", title=view.title), body, submit, view.id
    )


def dissent_card(language: Language, view: PollView, hours: int) -> Card:
    """The step to enter a dissent (protokolltilførsel) in the minutes."""
    label = text(language, "polls.result.dissent_label", hours=hours)
    body = [_text_input(language, "statement", label, 1000)]
    submit = execute_action(
        text(language, "polls.result.dissent_submit"),
        DISSENT_VERB,
        {"poll": view.id, "confirm": CONFIRM},
    )
    title = f"{text(language, 'polls.result.dissent')}: {view.title}"
    return _step_card(language, title, body, submit, view.id)


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
        tally_chart(language, view, result.tallies),
        paragraph(
            text(language, "polls.result.abstentions", count=result.abstentions),
            subtle=True,
            size="Small",
        ),
    ]
    if view.anonymous:
        body.append(paragraph(text(language, "polls.result.anonymous"), subtle=True))
    elif result.votes:
        who = "polls.minutes.per_seat" if view.per_municipality else "polls.result.who"
        body.append(heading(text(language, who), level="Medium"))
        body.append(facts(list(result.votes)))
    body += _record_sections(language, result)
    actions = _decision_footer(language, result, body)
    return adaptive_card(
        body,
        fallback_text=text(language, "polls.result.fallback", title=view.title, outcome=outcome),
        actions=actions,
    )


def _decision_footer(language: Language, result: ResultView, body: list[Element]) -> list[Element]:
    """The decision-log line under a recorded result, and the button to enter a dissent."""
    if result.decision_sequence is None:
        return []
    line = text(language, "polls.result.decision", sequence=result.decision_sequence)
    body.append(paragraph(line, subtle=True, size="Small"))
    dissent = text(language, "polls.result.dissent")
    return [execute_action(dissent, DISSENT_VERB, {"poll": result.poll.id}, inputs=False)]


def tally_chart(language: Language, view: PollView, tallies: Mapping[str, int]) -> Element:
    """Votes per option as Teams' horizontal bar chart; its fallback (a FactSet of the same
    numbers) is what clients without charts, and screen readers, get."""
    bars = [
        (plain(title), tallies.get(option_id, 0), charts.GOOD) for option_id, title in view.options
    ]
    return charts.bar_chart(
        text(language, "polls.result.votes"), bars, [str(value) for _, value, _ in bars]
    )


def _record_sections(language: Language, result: ResultView) -> list[Element]:
    """Reasons given with named votes, conflicts of interest and dissents, as in the minutes."""
    body: list[Element] = []
    if result.reasons:
        body.append(heading(text(language, "polls.minutes.reasons"), level="Medium"))
        body.append(facts(list(result.reasons)))
    if result.conflicts:
        body.append(heading(text(language, "polls.minutes.conflicts"), level="Medium"))
        body += [paragraph(plain(line)) for line in conflict_lines(language, result)]
    if result.dissents:
        body.append(heading(text(language, "polls.minutes.dissents"), level="Medium"))
        body += [paragraph(plain(line)) for line in dissent_lines(language, result)]
    return body


def conflict_lines(language: Language, result: ResultView) -> list[str]:
    """One sentence per conflict of interest, saying when a vote was withdrawn."""
    lines = []
    for name, reason, by, withdrawn in result.conflicts:
        line = text(language, "polls.minutes.conflict_line", name=name, by=by, reason=reason)
        if withdrawn:
            line += " " + text(language, "polls.minutes.withdrawn")
        lines.append(line)
    return lines


def dissent_lines(language: Language, result: ResultView) -> list[str]:
    """One line per dissent, with the decision-log entry it was entered as."""
    return [
        text(language, "polls.minutes.dissent_line", name=name, sequence=seq, statement=words)
        for name, words, seq in result.dissents
    ]


def vote_sentence(language: Language, result: ResultView) -> str:
    """How the vote went, as minutes say it: «Enstemmig vedtatt.», «Vedtatt mot 2 stemmer.»,
    or the outcome when nothing was adopted."""
    if result.status != "decided" or result.winner is None:
        return outcome_words(language, result)
    if result.against == 0:
        return text(language, "polls.minutes.unanimous")
    return text(language, "polls.minutes.against", count=result.against)


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
    weights: Sequence[tuple[str, int]] = (),
) -> Card:
    """The form for a new poll; `groups` are (code, label) the sender may open polls in;
    `weights` the municipalities whose vote weight is not 1.

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
        ("per_municipality", "polls.form.per_municipality"),
        ("anonymous", "polls.form.anonymous"),
        ("multiple", "polls.form.multiple"),
        ("live", "polls.form.live"),
        ("close_all", "polls.form.close_all"),
    ):
        # Labelled once: the label is read with the box; a title beside it would repeat it.
        body.append(
            {
                "type": "Input.Toggle",
                "id": name,
                "title": "",
                "label": text(language, key),
                "value": "true" if values.get(name) == "true" else "false",
                "valueOn": "true",
                "valueOff": "false",
            }
        )
    if weights:
        listed = format_list(language, [f"{name} {weight}" for name, weight in weights])
        body.append(paragraph(text(language, "polls.form.weights", weights=listed), size="Small"))
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
    """The minutes (møteprotokoll) of a poll as municipal bodies keep them: case, proposal,
    voting, resolution, conflicts of interest and dissents; no names in anonymous polls."""
    case = result.case_ref if result is not None and result.case_ref else str(view.id)
    lines = [
        f"# {text(language, 'polls.minutes.title', id=view.id)}",
        "",
        f"## {text(language, 'polls.minutes.case', case=case)}: {plain(view.title)}",
        "",
        f"**{text(language, 'polls.card.group')}:** {plain(view.group)}",
        f"**{text(language, 'polls.minutes.opened')}:** {format_datetime(language, opened, zone)}",
        f"**{text(language, 'polls.minutes.created_by')}:** {plain(created_by)}",
        f"**{text(language, 'polls.card.deadline')}:** "
        f"{format_datetime(language, view.deadline, zone)}",
        f"**{text(language, 'polls.card.rules')}:** {_rules(language, view)}",
        *[f"**{title}:** {value}" for title, value in _weights(language, view)],
        "",
        f"### {text(language, 'polls.minutes.proposal')}",
        "",
    ]
    if view.description:
        lines += [plain(view.description), ""]
    lines += [f"- {plain(title)}" for _, title in view.options] + [""]
    if result is None:
        lines.append(text(language, "polls.minutes.status_open"))
        return "\n".join(lines) + "\n"
    lines += _minutes_voting(language, result, view, zone)
    lines += [
        f"### {text(language, 'polls.minutes.resolution')}",
        "",
        plain(outcome_words(language, result)),
        "",
    ]
    if result.conflicts:
        lines += [f"### {text(language, 'polls.minutes.conflicts')}", ""]
        lines += [f"- {plain(line)}" for line in conflict_lines(language, result)] + [""]
    if result.dissents:
        lines += [f"### {text(language, 'polls.minutes.dissents')}", ""]
        lines += [f"- {plain(line)}" for line in dissent_lines(language, result)] + [""]
    if result.decision_sequence is not None:
        lines.append(text(language, "polls.result.decision", sequence=result.decision_sequence))
    return "\n".join(lines) + "\n"


def _minutes_voting(
    language: Language, result: ResultView, view: PollView, zone: ZoneInfo
) -> list[str]:
    """The minutes' voting section: the sentence, quorum, tallies and who voted what."""
    lines = [
        f"### {text(language, 'polls.minutes.voting')}",
        "",
        f"**{plain(vote_sentence(language, result))}**",
        "",
        f"**{text(language, 'polls.result.quorum')}:** {quorum_words(language, result)}",
        f"**{text(language, 'polls.result.closed')}:** "
        f"{format_datetime(language, result.closed_at, zone)} "
        f"({text(language, f'polls.result.reason.{result.reason}')})",
        "",
        f"| {text(language, 'polls.minutes.option')} | {text(language, 'polls.minutes.count')} |",
        "|---|---:|",
    ]
    for option_id, title in view.options:
        lines.append(f"| {_cell(title)} | {result.tallies.get(option_id, 0)} |")
    lines += ["", text(language, "polls.result.abstentions", count=result.abstentions), ""]
    if view.anonymous:
        return [*lines, text(language, "polls.result.anonymous"), ""]
    who = "polls.minutes.per_seat" if view.per_municipality else "polls.result.who"
    lines += [
        f"#### {text(language, who)}",
        "",
        f"| {text(language, 'polls.minutes.voter')} | {text(language, 'polls.minutes.vote')} |",
        "|---|---|",
    ]
    lines += [f"| {_cell(name)} | {_cell(choice)} |" for name, choice in result.votes]
    lines.append("")
    if result.reasons:
        lines += [f"#### {text(language, 'polls.minutes.reasons')}", ""]
        lines += [f"- {plain(name)}: {plain(reason)}" for name, reason in result.reasons]
        lines.append("")
    return lines


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
