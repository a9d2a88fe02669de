"""Reading the data of a card action: what a card sends is untrusted and loosely typed.

Teams sends inputs as strings, our own action data as JSON numbers or strings, and a forged
action anything at all; these readers return a clean value or a neutral one, never raise.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# More digits than any id or revision Kravbot makes: longer strings are not ours.
MAX_DIGITS = 12


def int_field(data: Mapping[str, Any], name: str, default: int | None = None) -> int | None:
    """A non-negative whole number (an id, a revision, an index), or None when it is not one.

    `default` is returned only when the field is missing, never when it is malformed.
    """
    if name not in data:
        return default
    raw = data[name]
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if raw >= 0 else None
    if isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= MAX_DIGITS:
        return int(raw)
    return None


def text_field(data: Mapping[str, Any], name: str, *, strip: bool = True) -> str:
    """A text input, or "" when it is missing or not text."""
    value = data.get(name)
    if not isinstance(value, str):
        return ""
    return value.strip() if strip else value


def form_field(data: Mapping[str, Any], name: str) -> str:
    """A form input as text: toggles and numbers arrive as JSON values from some clients."""
    value = data.get(name)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return value if isinstance(value, str) else ""


def parse_number(argument: str) -> int | None:
    """A number typed in a command: `7`, `#7`, `nr. 7` or `no. 7`."""
    cleaned = argument.strip().lstrip("#").strip()
    for prefix in ("nr.", "no."):
        cleaned = cleaned.removeprefix(prefix).strip()
    if cleaned.isascii() and cleaned.isdigit() and len(cleaned) <= MAX_DIGITS:
        return int(cleaned)
    return None
