"""The catalogue workflow in Teams: linking groups to conversations, rosters, requirements."""

from __future__ import annotations

from typing import Final

from dialogs import groups, requirement_lookup, roster_sync
from dialogs.kernel.registry import Workflow

WORKFLOW: Final = Workflow(
    "catalogue",
    commands={
        "link": groups.link,
        "groups": groups.list_groups,
        "sync_members": roster_sync.sync_members,
        "requirement": requirement_lookup.show,
        "requirement_search": requirement_lookup.search,
    },
)
