"""One family of refusals for every workflow: what went wrong, as text keys, and a status.

A workflow raises a `WorkflowError` (or its area's subclass) before it changes anything; the
Teams handlers show `message(language)` and answer with `status`, the CLI prints it and exits 2.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from cards.texts import Language, text


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason for a refusal: the text `key` and the values it is filled with."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def code(self) -> str:
        """The last part of the key (`polls.error.title` -> `title`)."""
        return self.key.rsplit(".", 1)[-1]

    def message(self, language: Language) -> str:
        """The problem in words."""
        return text(language, self.key, **self.values)


class WorkflowError(Exception):
    """A refused step; nothing was changed. Subclasses set `area` (their texts' key prefix)."""

    area: ClassVar[str] = "workflow"

    def __init__(self, code: str, status: int = 400, **values: Any) -> None:
        self.problems: tuple[Problem, ...] = (Problem(self.key_of(code), dict(values)),)
        self.status = status
        super().__init__(code)

    @classmethod
    def key_of(cls, code: str) -> str:
        """The text key of `code` in this area: `<area>.error.<code>`."""
        return f"{cls.area}.error.{code}"

    @classmethod
    def of(cls, problems: Iterable[Problem], status: int = 400) -> WorkflowError:
        """One error carrying several problems (e.g. every bad field of a form)."""
        found = tuple(problems)
        if not found:
            raise ValueError("a refusal needs at least one problem")
        error = cls(found[0].code, status)
        error.problems = found
        error.args = (", ".join(p.code for p in found),)
        return error

    @classmethod
    def problem(cls, code: str, **values: Any) -> Problem:
        """A problem of this area, to collect before raising `of(...)`."""
        return Problem(cls.key_of(code), dict(values))

    @property
    def code(self) -> str:
        """The first problem's code."""
        return self.problems[0].code

    @property
    def values(self) -> dict[str, Any]:
        """The first problem's values."""
        return self.problems[0].values

    def message(self, language: Language) -> str:
        """Every problem in `language`, one per line."""
        return "\n".join(problem.message(language) for problem in self.problems)
