"""The overview of the project: the public status page for DigiTV's website (no personal
data) and the data of the Teams tab «Oversikt» (what each person may see)."""

from __future__ import annotations

from dialogs.overview.page import status_page
from dialogs.overview.public import PublicStatus, public_status, status_json
from dialogs.overview.service import TabOverview, overview_for
from dialogs.overview.tab import TabSection

__all__ = [
    "PublicStatus",
    "TabOverview",
    "TabSection",
    "overview_for",
    "public_status",
    "status_json",
    "status_page",
]
