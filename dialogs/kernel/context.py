"""What every workflow step may use: the database, defaults, and Teams reads done by `bot/`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from cards.texts import Language
from dialogs.kernel.access import IdentityCheck
from storage.answer_writer import AnswerWriter
from storage.checkpoint import Witness
from storage.database import Database


@dataclass(frozen=True, slots=True)
class RosterMember:
    """A member of a team or chat as the Teams roster lists them."""

    teams_user_id: str
    aad_object_id: str | None
    name: str
    email: str | None
    user_principal_name: str | None
    tenant_id: str | None


class Roster(Protocol):
    """Reads the members of a Teams conversation or team (implemented in `bot/`)."""

    async def members(self, service_url: str, conversation_id: str) -> list[RosterMember]: ...


class Directory(Protocol):
    """Looks up people's organisation in Entra ID via Microsoft Graph (optional)."""

    async def organisation(self, aad_object_id: str) -> tuple[str | None, str | None]:
        """(companyName, department) of the user."""
        ...


@dataclass(frozen=True, slots=True)
class DialogContext:
    """Passed to every workflow step."""

    db: Database
    default_language: Language = "nb"
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Oslo"))
    roster: Roster | None = None
    directory: Directory | None = None
    # The review answer writer of this process (built by the composition root); None: one each.
    answers: AnswerWriter | None = None
    # The decision log's checkpoint key and file (KRAVBOT_SIGNING_KEY); None: no checkpoints.
    witness: Witness | None = None
    # Extra quality word lists and rule settings (`KRAVBOT_QUALITY_DIR`); None: the shipped ones.
    quality_dir: Path | None = None
    # The per-turn identity check with its short memory (built by the composition root);
    # None: every turn reads the people table.
    identities: IdentityCheck | None = None
