"""Baselines: a named, frozen set of requirement versions with one fingerprint.

`service` creates, finds and compares baselines (what the CLI calls), `rules` holds the
fingerprint and the diff, `export` writes xlsx, csv and Markdown.
"""

from __future__ import annotations

from typing import Final

from dialogs.baselines.service import (
    BaselineError,
    CreateBaseline,
    compare,
    create_baseline,
    find_baseline,
)
from dialogs.kernel.registry import Workflow

WORKFLOW: Final = Workflow("baselines")

__all__ = [
    "WORKFLOW",
    "BaselineError",
    "CreateBaseline",
    "compare",
    "create_baseline",
    "find_baseline",
]
