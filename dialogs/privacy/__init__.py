"""Personal data (GDPR): an access request's export, erasure (`forget`), and the daily retention
clean-up of chat-derived data, a cron job the leading process runs at 03:30 local time."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from dialogs.kernel.context import DialogContext
from dialogs.kernel.registry import CronJob, Registry, Workflow
from dialogs.privacy.service import (
    KEPT,
    KEPT_KEYS,
    PrivacyError,
    Retention,
    clean_up,
    export_data,
    forget,
)

JOB_ID: Final = "privacy.retention"
# At night, when nobody is answering cards, and after the digest could never run.
CRON: Final = {"hour": 3, "minute": 30}


def workflow(retention: Retention | None = None) -> Workflow:
    """The privacy workflow: the daily clean-up under `retention` (KRAVBOT_RETENTION_*)."""
    policy = retention or Retention()

    async def run(ctx: DialogContext, _registry: Registry, now: datetime) -> object:
        return await clean_up(ctx, policy, now)

    return Workflow("privacy", cron_jobs=(CronJob(JOB_ID, run, CRON),))


__all__ = [
    "CRON",
    "JOB_ID",
    "KEPT",
    "KEPT_KEYS",
    "PrivacyError",
    "Retention",
    "clean_up",
    "export_data",
    "forget",
    "workflow",
]
