"""Logging set-up: one line per event, as text or JSON, with a correlation id; secrets never
written."""

from __future__ import annotations

import json
import logging
import re
import uuid
from contextvars import ContextVar

# Bearer tokens and client secrets must never reach a log, whoever formats the message.
_SECRET = re.compile(r"(Bearer\s+)[A-Za-z0-9\-_.~+/]+=*|(client_secret=)[^&\s]+", re.IGNORECASE)
# The turn or outbox row being handled; asyncio copies it into every task started from there.
CORRELATION: ContextVar[str | None] = ContextVar("kravbot_correlation", default=None)


def correlated(value: str | None = None) -> str:
    """Set (or make up) the correlation id of what this task does from now on; returns it."""
    value = value or f"turn-{uuid.uuid4().hex[:12]}"
    CORRELATION.set(value)
    return value


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
    """Masks bearer tokens and client secrets in every record, and adds the correlation id."""

    """Masks bearer tokens and client secrets in every record, its traceback included."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        record.correlation_id = CORRELATION.get()
        if record.exc_info and record.exc_info[0] is not None:
            # Format the traceback here, masked, so no formatter prints the raw one.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, correlation id, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "correlation_id": getattr(record, "correlation_id", None),
        }
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        elif record.exc_text:
            # RedactSecrets has already formatted (and masked) the traceback.
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


def configure(level: str, log_format: str = "text") -> None:
    """Log to stderr at `level`, as text or as JSON lines (KRAVBOT_LOG_FORMAT)."""
    handler = logging.StreamHandler()
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # aiohttp's access log repeats what `bot.web.guard` says, at a line per request; the
    # database drivers and HTTP clients would log statements with values and headers.
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)
