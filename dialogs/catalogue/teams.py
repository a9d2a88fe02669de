"""The catalogue's commands in Teams: `koble`, `grupper`, `ny gruppe`, `synk medlemmer`,
`hvem mangler`, `krav`, `krav søk`.

Each reads the turn, asks the catalogue's services and answers with a text or a card.
"""

from __future__ import annotations

from cards.catalogue_cards import (
    groups_card,
    link_card,
    requirement_card,
    requirement_not_found_message,
    search_card,
    search_none_message,
    sync_card,
    unknown_group_message,
)
from cards.organisation_cards import NEW_GROUP_FIELDS, group_created_card, new_group_form_card
from cards.reach import Missing, missing_words
from cards.texts import text
from dialogs.catalogue.errors import CatalogueError
from dialogs.catalogue.groups import LinkGroup, group_rows, link_group
from dialogs.catalogue.organisation import AddGroup, add_group, unreachable
from dialogs.catalogue.requirements import requirement_view, search_requirements, search_words
from dialogs.catalogue.roster import SyncRoster, sync_roster
from dialogs.kernel.access import sender_is_admin, sender_lead, sender_people
from dialogs.kernel.context import DialogContext
from dialogs.kernel.fields import text_field
from dialogs.kernel.turns import CardResult, Message, TurnInput
from dialogs.quality import book_for
from storage.uow import UnitOfWork


async def _refusal(
    uow: UnitOfWork, turn: TurnInput, *, not_admin: str, personal: str
) -> Message | None:
    """Why an admin command is refused here (the text key given for it), or None.

    Only administrators may run it, and only in a channel or group chat.
    """
    if not await sender_is_admin(uow, turn):
        return Message(text=text(turn.language, not_admin))
    if turn.conversation.kind == "personal":
        return Message(text=text(turn.language, personal))
    return None


async def link(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """`koble HJT`: make this channel or group chat the group's home conversation (admins)."""
    language = turn.language
    async with ctx.db.uow() as uow:
        refusal = await _refusal(
            uow, turn, not_admin="catalogue.link.not_admin", personal="catalogue.link.personal"
        )
        if refusal is not None:
            return [refusal]
        if not argument.strip():
            return [Message(text=text(language, "catalogue.link.usage"))]
        linked = await link_group(uow, LinkGroup(argument, turn.conversation))
    if linked is None:
        return [Message(text=unknown_group_message(language, argument))]
    card = link_card(
        language,
        group=linked.group,
        conversation=turn.conversation.name or "",
        previous=linked.previous,
        unchanged=linked.unchanged,
    )
    return [Message(card=card)]


async def list_groups(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """`grupper`: the participating municipalities, then every group with kind, chairs, member
    count and linked conversation."""
    async with ctx.db.read() as uow:
        rows = await group_rows(uow)
        places = [m.name for m in await uow.municipalities.participating()]
    return [Message(card=groups_card(turn.language, rows, places))]


async def sync_members(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """`synk medlemmer`: read the roster of this team (or group chat) into the catalogue."""
    async with ctx.db.read() as uow:
        refusal = await _refusal(
            uow, turn, not_admin="catalogue.sync.not_admin", personal="catalogue.sync.personal"
        )
    if refusal is not None:
        return [refusal]
    try:
        report = await sync_roster(ctx, SyncRoster(turn.conversation))
    except CatalogueError as exc:
        return [Message(text=exc.message(turn.language))]
    return [Message(card=sync_card(turn.language, report))]


async def who_missing(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """`hvem mangler [GRUPPE]`: who Kravbot cannot reach (everyone, or a group's members), and
    why."""
    language = turn.language
    try:
        async with ctx.db.read() as uow:
            people = await sender_people(uow, turn)
            if not any(p.is_admin or p.is_project_lead for p in people):
                return [Message(text=text(language, "catalogue.reach.not_lead"))]
            found = await unreachable(uow, argument.strip() or None)
    except CatalogueError as exc:
        return [Message(text=exc.message(language))]
    if not found:
        return [Message(text=text(language, "catalogue.reach.everyone"))]
    missing = [Missing(reach.name, reach.state) for reach in found]
    title = text(language, "catalogue.reach.title", count=len(missing))
    return [Message(text=f"{title}: {missing_words(language, missing)}.")]


async def show(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """`krav HJT-014`: the requirement card for a key, or a friendly "not found" with a hint."""
    language = turn.language
    key = argument.strip()
    if not key:
        return [Message(text=text(language, "catalogue.req.usage"))]
    async with ctx.db.read() as uow:
        view = await requirement_view(uow, key, book_for(ctx))
    if view is None:
        return [Message(text=requirement_not_found_message(language, key))]
    return [Message(card=requirement_card(language, view, ctx.timezone))]


async def search(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """`krav søk ord`: up to ten requirements whose key, text or category has every word."""
    language = turn.language
    words = search_words(argument)
    if not words:
        return [Message(text=text(language, "catalogue.search.usage"))]
    async with ctx.db.read() as uow:
        found = await search_requirements(uow, words)
    if not found.hits:
        return [Message(text=search_none_message(language, words))]
    return [Message(card=search_card(language, words, found.hits, more=found.more))]


async def new_group(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """`ny gruppe`: the form for a new group (project lead and administrators)."""
    async with ctx.db.read() as uow:
        lead = await sender_lead(uow, turn)
    if lead is None:
        return [Message(text=text(turn.language, "organisation.new.not_allowed"))]
    return [Message(card=new_group_form_card(turn.language))]


def aliases_of(raw: str) -> tuple[str, ...]:
    """The comma-separated other names of the form, spaces folded, empty ones left out."""
    return tuple(" ".join(part.split()) for part in raw.split(",") if part.strip())


async def create_group(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`group-create`: create the form's group and log it, or refuse (400) with the form again,
    nothing written."""
    language = turn.language
    values = {name: text_field(turn.data, name, strip=False) for name in NEW_GROUP_FIELDS}
    aliases = aliases_of(values["aliases"])
    async with ctx.db.uow() as uow:
        lead = await sender_lead(uow, turn)
        if lead is None:
            return CardResult(message=text(language, "organisation.new.not_allowed"), status=403)
        command = AddGroup(values["code"], values["name"], values["kind"], lead.name, aliases)
        try:
            group = await add_group(uow, command)
        except CatalogueError as exc:
            messages = [problem.message(language) for problem in exc.problems]
            form = new_group_form_card(language, values=values, problems=messages)
            return CardResult(card=form, message=" ".join(messages), status=400)
        await uow.commit()
        card = group_created_card(language, group.code, group.name, group.kind, aliases)
    return CardResult(card=card)
