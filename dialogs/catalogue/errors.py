"""The catalogue's refusals."""

from __future__ import annotations

from dialogs.kernel.errors import WorkflowError


class CatalogueError(WorkflowError):
    """A refused catalogue step; codes name their texts within the area (`sync.no_team`)."""

    area = "catalogue"

    @classmethod
    def key_of(cls, code: str) -> str:
        """`catalogue.<code>`: the catalogue's answers are grouped by command, not by kind."""
        return f"{cls.area}.{code}"
