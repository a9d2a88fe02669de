"""Logging set-up: one line per event, secrets never written."""

from __future__ import annotations

import logging
import re

# Bearer tokens and client secrets must never reach a log, whoever formats the message.
_SECRET = re.compile(r"(Bearer\s+)[A-Za-z0-9\-_.~+/]+=*|(client_secret=)[^&\s]+", re.IGNORECASE)


class RedactSecrets(logging.Filter):
    """Masks bearer tokens and client secrets in every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _SECRET.sub(lambda m: (m.group(1) or m.group(2)) + "***", message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def configure(level: str) -> None:
    """Log to stderr at `level`."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # aiohttp's access log repeats what `bot.web.guard` says, at a line per request.
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
