"""Looking up one requirement by key, and searching the requirements by words."""

from __future__ import annotations

from dataclasses import dataclass

from cards.catalogue_cards import RequirementView, SearchHit
from dialogs.quality import RuleBook, requirement_quality
from storage.uow import UnitOfWork

# Hits shown per search; one more is read to know whether there are more.
SEARCH_LIMIT = 10
# Words used from a search; every word is one more condition in the query.
MAX_SEARCH_WORDS = 8
# Longer than any key; such a "key" is not looked up at all.
MAX_KEY_LENGTH = 32


@dataclass(frozen=True, slots=True)
class Found:
    """A search's hits (at most `SEARCH_LIMIT`) and whether more requirements match."""

    words: str
    hits: list[SearchHit]
    more: bool


def search_words(argument: str) -> str:
    """The words a search uses: the first `MAX_SEARCH_WORDS`, single-spaced."""
    return " ".join(argument.split()[:MAX_SEARCH_WORDS])


async def requirement_view(
    uow: UnitOfWork, key: str, book: RuleBook | None = None
) -> RequirementView | None:
    """The requirement with this key (any case) as its card shows it, or None; with a rule
    book, its quality findings and overlaps too."""
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        return None
    requirement = await uow.requirements.by_key(key)
    if requirement is None:
        return None
    group = await uow.groups.get(requirement.group_id)
    return RequirementView(
        key=requirement.key,
        text=requirement.text,
        type=requirement.type,
        category=requirement.category,
        status=requirement.status,
        version=requirement.version,
        group_code=group.code if group is not None else "?",
        group_name=group.name if group is not None else "",
        source=requirement.source,
        rationale=requirement.rationale,
        updated_at=requirement.updated_at,
        quality=await requirement_quality(uow, book, requirement.key) if book else None,
    )


async def search_requirements(uow: UnitOfWork, words: str) -> Found:
    """Requirements whose key, text or category contains every word (see `search_words`)."""
    found = await uow.requirements.search(words, limit=SEARCH_LIMIT + 1)
    hits = [SearchHit(key=r.key, text=r.text, status=r.status) for r in found[:SEARCH_LIMIT]]
    return Found(words, hits, more=len(found) > SEARCH_LIMIT)
