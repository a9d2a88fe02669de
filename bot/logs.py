"""Logging set-up: one line per event, secrets never written."""

from __future__ import annotations

import logging
import re

# Bearer tokens and client secrets must never reach a log, whoever formats the message.
_SECRET = re.compile(r"(Bearer\s+)[A-Za-z0-9\-_.~+/]+=*|(client_secret=)[^&\s]+", re.IGNORECASE)


# Libraries that log statements, headers or payloads at DEBUG; kept at WARNING whatever our level.
QUIET_LIBRARIES = (
    "sqlalchemy",
    "aiosqlite",
    "asyncpg",
    "aiohttp",
    "msal",
    "msrest",
    "urllib3",
    "botbuilder",
    "botframework",
    "apscheduler",
    "alembic",
    "asyncio",
)


def redact(message: str) -> str:
    """The message with bearer tokens and client secrets masked."""
    return _SECRET.sub(lambda m: (m.group(1) or m.group(2)) + "***", message)


class RedactSecrets(logging.Filter):
    """Masks bearer tokens and client secrets in every record, its traceback included."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and record.exc_info[0] is not None:
            # Format the traceback here, masked, so no formatter prints the raw one.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def configure(level: str) -> None:
    """Log to stderr at `level`."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # aiohttp's access log repeats what `bot.web.guard` says, at a line per request; the
    # database drivers and HTTP clients would log statements with values and headers.
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)
