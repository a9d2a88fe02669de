"""Baselines: a named, frozen set of requirement versions with one fingerprint.

`service` creates, finds and compares baselines (what the CLI calls), `rules` holds the
fingerprint and the diff, `export` writes xlsx, csv and Markdown.
"""

from __future__ import annotations

from typing import Final

from cards.baseline_cards import CREATE_VERB
from dialogs.baselines import teams
from dialogs.baselines.service import (
    BaselineError,
    CreateBaseline,
    compare,
    create_baseline,
    find_baseline,
)
from dialogs.kernel.registry import Workflow

WORKFLOW: Final = Workflow(
    "baselines",
    commands={"new_baseline": teams.new_baseline},
    card_verbs={CREATE_VERB: teams.create_from_form},
)

__all__ = [
    "WORKFLOW",
    "BaselineError",
    "CreateBaseline",
    "compare",
    "create_baseline",
    "find_baseline",
]
