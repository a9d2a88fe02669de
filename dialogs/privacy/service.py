"""The privacy steps the CLI and the scheduler call: export, forget, and the retention clean-up."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from cards.texts import text
from dialogs.kernel.context import DialogContext
from dialogs.kernel.errors import WorkflowError
from storage.models import Person
from storage.personal_data import ForgetReport

log = logging.getLogger(__name__)

# What `forget` keeps, and why (docs/privacy.md says the same at length): text keys, so that
# `kravbot people forget` says it in the operator's language.
KEPT_KEYS: Final = (
    "operations.people.kept.decisions",
    "operations.people.kept.answers",
    "operations.people.kept.municipality",
)
# The same in English, as an access request's export records it (`kept_on_forget`).
KEPT: Final = tuple(text("en", key) for key in KEPT_KEYS)


class PrivacyError(WorkflowError):
    """The person asked for is unknown (`no_match`) or ambiguous (`ambiguous`)."""

    area = "operations.people"


@dataclass(frozen=True, slots=True)
class Retention:
    """How long chat-derived data is kept (KRAVBOT_RETENTION_OUTBOX_DAYS, _CONVERSATION_DAYS)."""

    outbox_days: int = 90
    conversation_days: int = 365


async def _one(ctx: DialogContext, reference: str) -> Person:
    async with ctx.db.read() as uow:
        found = await uow.personal_data.find(reference)
    if not found:
        raise PrivacyError("no_match", 404, reference=reference)
    if len(found) > 1:
        ids = [str(person.id) for person in found]
        raise PrivacyError("ambiguous", 409, count=len(found), ids=ids)
    return found[0]


async def export_data(ctx: DialogContext, reference: str) -> dict[str, Any]:
    """Everything Kravbot holds about one person (an access request under GDPR art. 15)."""
    person = await _one(ctx, reference)
    async with ctx.db.read() as uow:
        found = await uow.personal_data.find(str(person.id))
        data = await uow.personal_data.export(found[0])
    log.info("exported the personal data of person %s", person.id)
    return {"kravbot_personal_data": 1, "kept_on_forget": list(KEPT), **data}


async def forget(ctx: DialogContext, reference: str) -> ForgetReport:
    """Pseudonymise one person everywhere but the decision log (GDPR art. 17), in one unit."""
    person = await _one(ctx, reference)
    async with ctx.db.uow() as uow:
        found = await uow.personal_data.find(str(person.id))
        report = await uow.personal_data.forget(found[0])
        await uow.commit()
    # Logged by id only: the log must not repeat what was just erased.
    log.info("forgot person %s (now %s)", report.person_id, report.pseudonym)
    return report


async def clean_up(ctx: DialogContext, retention: Retention, now: datetime) -> dict[str, int]:
    """The daily retention job: drop old bodies of sent messages and idle 1:1 chat records."""
    async with ctx.db.uow() as uow:
        counts = await uow.personal_data.prune(
            outbox_before=now - timedelta(days=retention.outbox_days),
            chats_before=now - timedelta(days=retention.conversation_days),
        )
        await uow.commit()
    log.info(
        "retention: emptied %s outbox bodies, deleted %s idle 1:1 chat records",
        counts["outbox_bodies"],
        counts["conversations"],
    )
    return counts
