"""How cards and messages name the people Kravbot cannot reach: `Kari (ingen Teams-konto
koblet)`, and the line a round, poll or milestone card shows about who really got it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cards.texts import Language, format_list, text


@dataclass(frozen=True, slots=True)
class Missing:
    """A person Kravbot cannot reach, and why (a `vocabulary.Reachability` value)."""

    name: str
    reason: str


def reason_words(language: Language, reason: str) -> str:
    """Why someone cannot be reached, in words (`ingen Teams-konto koblet`)."""
    return text(language, f"catalogue.reach.{reason}")


def missing_words(language: Language, missing: Sequence[Missing]) -> str:
    """`Kari (ingen Teams-konto koblet) og Ola (har blokkert Kravbot)`."""
    return format_list(
        language,
        [
            text(
                language,
                "catalogue.reach.person",
                name=m.name,
                reason=reason_words(language, m.reason),
            )
            for m in missing
        ],
    )


def reach_line(language: Language, key: str, total: int, missing: Sequence[Missing]) -> str:
    """`12 av 13 har fått kortet; 1 kan ikke nås: Navn (ingen Teams-konto koblet).`

    `key` is the catalogue text of the first part (`reached` of `total`).
    """
    first = text(language, key, reached=total - len(missing), total=total)
    if not missing:
        return first
    rest = text(
        language,
        "catalogue.reach.missing",
        count=len(missing),
        names=missing_words(language, missing),
    )
    return f"{first} {rest}"
