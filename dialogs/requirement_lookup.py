"""`krav HJT-014` shows a requirement; `krav søk ord` searches the requirements."""

from __future__ import annotations

from cards.catalogue_cards import (
    RequirementView,
    SearchHit,
    requirement_card,
    requirement_not_found_message,
    search_card,
    search_none_message,
)
from cards.texts import text
from dialogs.kernel.context import DialogContext
from dialogs.kernel.turns import Message, TurnInput

# Hits shown per search; one more is read to know whether there are more.
SEARCH_LIMIT = 10
# Words used from a search; every word is one more condition in the query.
MAX_SEARCH_WORDS = 8
# Longer than any key; such a "key" is not looked up at all.
MAX_KEY_LENGTH = 32


async def show(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """The requirement card for a key, or a friendly "not found" with a hint."""
    language = turn.language
    key = argument.strip()
    if not key:
        return [Message(text=text(language, "catalogue.req.usage"))]
    if len(key) > MAX_KEY_LENGTH:
        return [Message(text=requirement_not_found_message(language, key))]
    async with ctx.db.uow() as uow:
        requirement = await uow.requirements.by_key(key)
        if requirement is None:
            return [Message(text=requirement_not_found_message(language, key))]
        group = next((g for g in await uow.groups.all() if g.id == requirement.group_id), None)
    view = RequirementView(
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
    )
    return [Message(card=requirement_card(language, view, ctx.timezone))]


async def search(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """Up to ten requirements whose key, text or category contains every word."""
    language = turn.language
    words = " ".join(argument.split()[:MAX_SEARCH_WORDS])
    if not words:
        return [Message(text=text(language, "catalogue.search.usage"))]
    async with ctx.db.uow() as uow:
        found = await uow.requirements.search(words, limit=SEARCH_LIMIT + 1)
    if not found:
        return [Message(text=search_none_message(language, words))]
    hits = [SearchHit(key=r.key, text=r.text, status=r.status) for r in found[:SEARCH_LIMIT]]
    return [Message(card=search_card(language, words, hits, more=len(found) > SEARCH_LIMIT))]
