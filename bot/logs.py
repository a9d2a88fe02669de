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


class RedactSecrets(logging.Filter):
    """Masks bearer tokens and client secrets in every record, and adds the correlation id."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _SECRET.sub(lambda m: (m.group(1) or m.group(2)) + "***", message)
        if redacted != message:
            record.msg, record.args = redacted, None
        record.correlation_id = CORRELATION.get()
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
            entry["exception"] = self.formatException(record.exc_info)
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
    # aiohttp's access log repeats what `bot.web.guard` says, at a line per request.
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    # At DEBUG the SQLite driver logs every statement with its parameters: personal data.
    logging.getLogger("aiosqlite").setLevel(logging.INFO)
