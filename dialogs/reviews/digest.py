"""The review rounds' section of the weekly digest: open rounds with their progress."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from cards.dates import format_datetime
from cards.milestone_cards import DigestSection
from cards.texts import Language, text
from storage.uow import UnitOfWork


async def open_reviews(
    uow: UnitOfWork, language: Language, today: date, zone: ZoneInfo
) -> DigestSection | None:
    """Each open round: members who finished out of all members, and the deadline."""
    groups = {group.id: group for group in await uow.groups.all()}
    rows: list[tuple[str, str]] = []
    for review in await uow.reviews.open_rounds():
        group = groups.get(review.group_id)
        members = await uow.groups.members(group) if group is not None else []
        counts = await uow.reviews.answer_counts(review.id)
        total = len(review.requirement_ids)
        finished = sum(1 for person, _ in members if counts.get(person.id, 0) >= total)
        # A round has no title of its own: it is named by its group and number.
        label = f"{group.code} #{review.id}" if group is not None else f"#{review.id}"
        rows.append(
            (
                label,
                text(
                    language,
                    "digest.review_row",
                    answered=finished,
                    members=len(members),
                    deadline=format_datetime(language, review.deadline, zone),
                ),
            )
        )
    return DigestSection(text(language, "digest.reviews"), rows) if rows else None
