"""A requirement's content changed: the workflows that hold answers on its older text are told.

Whoever changes requirements (an import, the demo) calls `requirements_changed` in the same
unit of work; it sets a timer due at once for each changed requirement that is in an open
review round, so the re-confirm cards are enqueued by the scheduler in their own transaction,
and a crash between the change and the cards loses nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from storage.models import Requirement, utcnow
from storage.uow import UnitOfWork
from vocabulary import TimerKind


async def requirements_changed(
    uow: UnitOfWork, requirements: Sequence[Requirement], *, now: datetime | None = None
) -> int:
    """Set a `requirement.changed` timer for each changed requirement in an open round; how
    many were set (one per requirement and content fingerprint, however often it is called)."""
    busy = await uow.reviews.open_round_requirements([r.id for r in requirements])
    moment = now or utcnow()
    changed = [r for r in requirements if r.id in busy]
    for requirement in changed:
        await uow.timers.schedule(
            f"requirement:{requirement.id}:changed:{requirement.fingerprint[:16]}",
            TimerKind.REQUIREMENT_CHANGED,
            moment,
            {"requirement": requirement.id},
        )
    return len(changed)
