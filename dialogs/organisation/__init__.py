"""The organisation workbook (`kravbot template organisation`, `kravbot import organisation`):
municipalities, groups, people and milestones in one file, imported all or nothing.

It sits above the catalogue and milestones workflows, whose services it calls in one unit of
work; it has no Teams commands of its own.
"""

from __future__ import annotations

from dialogs.organisation.importing import (
    ImportOrganisation,
    OrganisationResult,
    import_organisation,
)
from dialogs.organisation.workbook import WORKBOOK_SHEETS, write_template

__all__ = [
    "WORKBOOK_SHEETS",
    "ImportOrganisation",
    "OrganisationResult",
    "import_organisation",
    "write_template",
]
