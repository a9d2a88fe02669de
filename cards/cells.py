"""Spreadsheet cells that stay data: the one rule every csv and xlsx export applies.

OWASP's CSV-injection rule: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return may run as a formula (or DDE command) when the file is opened in a spreadsheet program,
so it gets a leading apostrophe, which the program shows as text. Importers undo exactly that.
"""

from __future__ import annotations

from typing import Final, TypeVar

DANGEROUS: Final = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")


def safe_cell(value: T) -> T | str:
    """The value, or a text that starts with a dangerous character prefixed with `'`."""
    if isinstance(value, str) and value[:1] in DANGEROUS:
        return "'" + value
    return value


def unquote_cell(value: str) -> str:
    """The text `safe_cell` was given, for importers reading an export back."""
    if value[:1] == "'" and value[1:2] in DANGEROUS:
        return value[1:]
    return value
