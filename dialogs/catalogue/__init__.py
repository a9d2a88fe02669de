"""The catalogue workflow: groups and their home conversations, people, requirements, imports
and exports, and the roster sync.

Services (`groups`, `requirements`, `roster`, `import_requirements`, `import_people`, `export`)
take plain commands and are shared by the CLI and by `teams`, the only module that knows turns.
"""

from __future__ import annotations

from typing import Final

from cards.organisation_cards import NEW_GROUP_VERB
from dialogs.catalogue import teams
from dialogs.catalogue.errors import CatalogueError
from dialogs.catalogue.export import FORMATS, ExportError, ExportRequirements, export_requirements
from dialogs.catalogue.groups import LinkGroup, find_group, group_rows, link_group
from dialogs.catalogue.import_people import ImportPeople, PeopleResult, import_people
from dialogs.catalogue.import_requirements import (
    ImportRequirements,
    ImportResult,
    import_requirements,
)
from dialogs.catalogue.requirements import requirement_view, search_requirements
from dialogs.catalogue.roster import SyncRoster, match_municipality, sync_roster
from dialogs.kernel.registry import Workflow

WORKFLOW: Final = Workflow(
    "catalogue",
    commands={
        "link": teams.link,
        "groups": teams.list_groups,
        "sync_members": teams.sync_members,
        "who_missing": teams.who_missing,
        "new_group": teams.new_group,
        "requirement": teams.show,
        "requirement_search": teams.search,
    },
    card_verbs={NEW_GROUP_VERB: teams.create_group},
)

__all__ = [
    "FORMATS",
    "WORKFLOW",
    "CatalogueError",
    "ExportError",
    "ExportRequirements",
    "ImportPeople",
    "ImportRequirements",
    "ImportResult",
    "LinkGroup",
    "PeopleResult",
    "SyncRoster",
    "export_requirements",
    "find_group",
    "group_rows",
    "import_people",
    "import_requirements",
    "link_group",
    "match_municipality",
    "requirement_view",
    "search_requirements",
    "sync_roster",
]
