"""The weekly digest to the project group: a cron job (by default Mondays 08:30 Oslo time,
`KRAVBOT_DIGEST_CRON`) that the leading process runs; see `content` for what it says."""

from __future__ import annotations

from typing import Final

from dialogs.digest.content import (
    DigestContent,
    build_digest,
    digest_content,
    digest_key,
    send_weekly_digest,
)
from dialogs.digest.schedule import DigestSchedule, parse_cron
from dialogs.kernel.registry import CronJob, Workflow

DEFAULT_CRON: Final = "mon 08:30"
JOB_ID: Final = "digest.weekly"


def workflow(cron: str = DEFAULT_CRON) -> Workflow:
    """The digest as a workflow: a weekly cron job at `cron` (`KRAVBOT_DIGEST_CRON`)."""
    fields = parse_cron(cron).cron_fields()
    return Workflow("digest", cron_jobs=(CronJob(JOB_ID, send_weekly_digest, fields),))


__all__ = [
    "DEFAULT_CRON",
    "JOB_ID",
    "DigestContent",
    "DigestSchedule",
    "build_digest",
    "digest_content",
    "digest_key",
    "parse_cron",
    "send_weekly_digest",
    "workflow",
]
