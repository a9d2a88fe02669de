"""The weekly digest as a cron job of the scheduler (`KRAVBOT_DIGEST_CRON`, "mon 08:30")."""

from __future__ import annotations

from bot import jobs
from bot.config import Settings
from dialogs.digest import parse_cron, send_weekly_digest
from storage.models import utcnow

JOB_ID = "digest.weekly"
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


async def weekly_digest() -> bool:
    """Send this week's digest (once per ISO week, whatever the number of calls)."""
    return await send_weekly_digest(jobs.runtime().ctx, utcnow())


def register(settings: Settings) -> jobs.CronJob:
    """Register the digest with the scheduler in the configured weekday and local time."""
    schedule = parse_cron(settings.digest_cron)
    return jobs.register_cron(
        JOB_ID,
        "bot.digest_job:weekly_digest",
        day_of_week=_DAYS[schedule.weekday],
        hour=schedule.at.hour,
        minute=schedule.at.minute,
    )
