"""Cards of milestones: the overview, the change form, reminders and the weekly digest."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from cards.base import (
    Card,
    Element,
    adaptive_card,
    execute_action,
    facts,
    heading,
    notice,
    paragraph,
    plain,
)
from cards.dates import format_date, format_month
from cards.reach import Missing, missing_words
from cards.texts import Language, text
from vocabulary import MilestoneStatus, Precision

DONE_VERB: Final = "milestone-done"
EDIT_VERB: Final = "milestone-edit"
SAVE_VERB: Final = "milestone-save"
STATUSES: Final = tuple(MilestoneStatus)
PRECISIONS: Final = tuple(Precision)


@dataclass(frozen=True, slots=True)
class MilestoneView:
    """A milestone as the cards show it."""

    id: int
    title: str
    phase: int
    due_date: date
    precision: str
    status: str
    owner: str | None
    group: str | None
    overdue: bool = False
    can_manage: bool = False
    # The owner, when Kravbot cannot reach them 1:1 (reminders cannot go to them).
    owner_missing: Missing | None = None


@dataclass(frozen=True, slots=True)
class DigestSection:
    """One section of the weekly digest: a heading and (title, detail) rows.

    Other features (review rounds, polls) plug in by returning one of these.
    """

    heading: str
    rows: Sequence[tuple[str, str]] = field(default_factory=tuple)


def format_due(language: Language, due_date: date, precision: str) -> str:
    """`17. september 2024`, or `september 2024` when only the month is known."""
    if precision == Precision.MONTH:
        return format_month(language, due_date)
    return format_date(language, due_date)


def status_words(language: Language, status: str) -> str:
    """Planned, in progress, done, late, cancelled."""
    return text(language, f"milestones.status.{status}") if status in STATUSES else status


def _owner_missing(language: Language, owner: Missing) -> str:
    return text(language, "catalogue.reach.owner_missing", names=missing_words(language, [owner]))


def _row(language: Language, view: MilestoneView) -> str:
    return text(
        language,
        "milestones.row",
        due=format_due(language, view.due_date, view.precision),
        status=status_words(language, view.status),
        owner=view.owner or text(language, "milestones.no_owner"),
    )


def _milestone_block(language: Language, view: MilestoneView) -> Element:
    items: list[Element] = [
        {"type": "TextBlock", "text": plain(view.title), "weight": "Bolder", "wrap": True},
        {
            "type": "TextBlock",
            "text": plain(_row(language, view)),
            "isSubtle": True,
            "size": "Small",
            "wrap": True,
            **({"color": "Attention"} if view.overdue else {}),
        },
    ]
    if view.owner_missing is not None:
        items.append(notice(_owner_missing(language, view.owner_missing), "Attention"))
    if view.can_manage:
        items.append(
            {
                "type": "ActionSet",
                "actions": [
                    execute_action(
                        text(language, "milestones.action.done"),
                        DONE_VERB,
                        {"milestone": view.id},
                        action_id=f"milestone-done-{view.id}",
                    ),
                    execute_action(
                        text(language, "milestones.action.edit"),
                        EDIT_VERB,
                        {"milestone": view.id},
                        action_id=f"milestone-edit-{view.id}",
                    ),
                ],
            }
        )
    return {"type": "Container", "separator": True, "items": items}


def milestones_card(
    language: Language,
    overdue: Sequence[MilestoneView],
    upcoming: Sequence[MilestoneView],
    *,
    notice: str | None = None,
) -> Card:
    """Overdue and upcoming open milestones with status; buttons for those the reader may change."""
    title = text(language, "milestones.title")
    body: list[Element] = [heading(title)]
    if notice:
        body.append({"type": "TextBlock", "text": plain(notice), "color": "Good", "wrap": True})
    if not overdue and not upcoming:
        body.append(paragraph(text(language, "milestones.empty")))
        return adaptive_card(body, fallback_text=f"{title}: {text(language, 'milestones.empty')}")
    body.append(paragraph(text(language, "milestones.intro")))
    lines = [title]
    for key, views in (
        ("milestones.overdue_heading", overdue),
        ("milestones.upcoming_heading", upcoming),
    ):
        if not views:
            continue
        body.append(heading(text(language, key), level="Medium"))
        for view in views:
            body.append(_milestone_block(language, view))
            lines.append(f"{view.title}: {_row(language, view)}")
    return adaptive_card(body, fallback_text="\n".join(lines))


def milestone_form_card(
    language: Language,
    view: MilestoneView,
    *,
    values: Mapping[str, str] | None = None,
    problems: Sequence[str] = (),
) -> Card:
    """The change form: due date, its precision, status and the reason; errors shown on top.

    Long because the card is one JSON document, read top to bottom as Teams shows it.
    """
    values = values or {}
    title = text(language, "milestones.form.title")
    body: list[Element] = [
        heading(title),
        {"type": "TextBlock", "text": plain(view.title), "size": "Medium", "wrap": True},
        paragraph(text(language, "milestones.form.intro")),
    ]
    if problems:
        body.append(
            {
                "type": "TextBlock",
                "text": plain(
                    text(language, "milestones.form.problems", problems=" ".join(problems))
                ),
                "color": "Attention",
                "weight": "Bolder",
                "wrap": True,
            }
        )
    status = values.get("status", view.status)
    precision = values.get("precision", view.precision)
    body += [
        {
            "type": "Input.Date",
            "id": "due",
            "label": text(language, "milestones.form.due_label"),
            "isRequired": True,
            "errorMessage": text(language, "milestones.error.date_invalid"),
            "value": values.get("due", view.due_date.isoformat()),
        },
        {
            "type": "Input.ChoiceSet",
            "id": "precision",
            "label": text(language, "milestones.form.precision_label"),
            "style": "compact",
            "isRequired": True,
            "errorMessage": text(language, "milestones.error.precision"),
            "value": precision if precision in PRECISIONS else Precision.DAY,
            "choices": [
                {"title": text(language, f"milestones.precision.{p}"), "value": p}
                for p in PRECISIONS
            ],
        },
        {
            "type": "Input.ChoiceSet",
            "id": "status",
            "label": text(language, "milestones.form.status_label"),
            "style": "compact",
            "isRequired": True,
            "errorMessage": text(language, "milestones.error.status"),
            "value": status if status in STATUSES else view.status,
            "choices": [{"title": status_words(language, s), "value": s} for s in STATUSES],
        },
        {
            "type": "Input.Text",
            "id": "reason",
            "label": text(language, "milestones.form.reason_label"),
            "isMultiline": True,
            "maxLength": 1000,
            "value": values.get("reason", ""),
        },
        paragraph(text(language, "privacy.no_patient_data"), subtle=True, size="Small"),
    ]
    save = execute_action(
        text(language, "milestones.form.save"),
        SAVE_VERB,
        {"milestone": view.id},
        action_id="milestone-save",
        style="positive",
    )
    return adaptive_card(body, fallback_text=f"{title}: {view.title}", actions=[save])


def reminder_title(language: Language, kind: str, days: int) -> str:
    """The reminder's heading for its kind (`d14`, `wd3`, `due`, `overdue`, `escalation`)."""
    if kind.startswith("wd"):
        return text(language, "milestones.reminder.wd", days=kind[2:])
    if kind.startswith("d") and kind[1:].isdigit():
        return text(language, "milestones.reminder.d", days=kind[1:])
    if kind == "escalation":
        return text(language, "milestones.reminder.escalation", days=days)
    return text(language, f"milestones.reminder.{kind}")


def reminder_card(language: Language, view: MilestoneView, kind: str, overdue_days: int) -> Card:
    """A reminder about one milestone, to its owner, its group or the steering group."""
    title = reminder_title(language, kind, overdue_days)
    body: list[Element] = [
        heading(title),
        {"type": "TextBlock", "text": plain(view.title), "size": "Medium", "wrap": True},
        facts(
            [
                (
                    text(language, "milestones.field.due"),
                    format_due(language, view.due_date, view.precision),
                ),
                (text(language, "milestones.field.status"), status_words(language, view.status)),
                (
                    text(language, "milestones.field.owner"),
                    view.owner or text(language, "milestones.no_owner"),
                ),
            ]
        ),
    ]
    if overdue_days > 0:
        body.append(
            paragraph(text(language, "milestones.reminder.overdue_days", days=overdue_days))
        )
    if view.owner_missing is not None:
        body.append(notice(_owner_missing(language, view.owner_missing), "Attention"))
    body.append(paragraph(text(language, "milestones.reminder.hint"), subtle=True, size="Small"))
    return adaptive_card(body, fallback_text=f"{title}: {view.title}")


def digest_card(
    language: Language,
    week: int,
    due_soon: Sequence[MilestoneView],
    overdue: Sequence[MilestoneView],
    sections: Sequence[DigestSection] = (),
) -> Card:
    """The weekly digest: milestones due soon, overdue ones, then the plugged-in sections."""
    title = text(language, "digest.title", week=week)
    body: list[Element] = [heading(title), paragraph(text(language, "digest.intro"))]
    lines = [title]
    all_sections = [
        DigestSection(
            text(language, "digest.overdue"), [(v.title, _row(language, v)) for v in overdue]
        ),
        DigestSection(
            text(language, "digest.due_soon"), [(v.title, _row(language, v)) for v in due_soon]
        ),
        *sections,
    ]
    for section in all_sections:
        if not section.rows:
            continue
        body.append(heading(section.heading, level="Medium"))
        body.append(facts(list(section.rows)))
        lines.append(section.heading)
        lines.extend(f"- {name}: {detail}" for name, detail in section.rows)
    return adaptive_card(body, fallback_text="\n".join(lines))
