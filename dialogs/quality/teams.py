"""Requirement quality in Teams: `kravkvalitet [GRUPPE]`, and the quality card of one
requirement where findings are dismissed with a reason and overlaps are marked."""

from __future__ import annotations

from dataclasses import replace

from cards.quality_cards import group_quality_card, quality_card, rule_name
from cards.texts import Language, text
from dialogs.kernel.access import sender_people
from dialogs.kernel.context import DialogContext
from dialogs.kernel.fields import text_field
from dialogs.kernel.turns import CardResult, Message, TurnInput
from dialogs.quality.service import (
    Dismiss,
    MarkOverlap,
    QualityError,
    book_for,
    dismiss,
    group_quality,
    mark_overlap,
    requirement_quality,
)
from storage.models import Person
from storage.uow import UnitOfWork


async def quality(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    """`kravkvalitet HJT`: the group's score distribution, weakest requirements and overlaps
    with other groups; without a group, the whole catalogue."""
    code = argument.strip().upper()[:16]
    async with ctx.db.uow() as uow:
        group = await uow.groups.by_code(code) if code else None
        if code and group is None:
            message = text(
                turn.language, "quality.usage.unknown_group", group=argument.strip()[:16]
            )
            return [Message(text=message)]
        view = await group_quality(uow, book_for(ctx), group.code if group else None)
        await uow.commit()
    if group is not None:
        view = replace(view, group=f"{group.code} – {group.name}")
    return [Message(card=group_quality_card(turn.language, view))]


async def _show(
    uow: UnitOfWork,
    ctx: DialogContext,
    language: Language,
    key: str,
    *,
    saved: str | None = None,
    problem: str | None = None,
) -> CardResult:
    view = await requirement_quality(uow, book_for(ctx), key)
    if view is None:
        return CardResult(
            message=text(language, "quality.error.not_found", requirement=key[:32]), status=404
        )
    return CardResult(card=quality_card(language, view, saved=saved, problem=problem))


async def open_quality(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`quality-open`: the quality card of one requirement."""
    key = text_field(turn.data, "requirement")[:32]
    async with ctx.db.read() as uow:
        return await _show(uow, ctx, turn.language, key)


async def _actor(uow: UnitOfWork, turn: TurnInput, key: str) -> Person | QualityError:
    """The sender when they may dismiss and mark for this requirement (project lead,
    administrator, or a member of its group); else the refusal."""
    requirement = await uow.requirements.by_key(key) if 0 < len(key) <= 32 else None
    if requirement is None:
        return QualityError("not_found", status=404, requirement=key[:32])
    group = await uow.groups.get(requirement.group_id)
    people = await sender_people(uow, turn)
    for person in people:
        if person.is_project_lead or person.is_admin:
            return person
        if group is not None and await uow.groups.membership(group, person) is not None:
            return person
    return QualityError("not_allowed", status=403, group=group.code if group else "?")


async def dismiss_finding(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`quality-dismiss`: set a finding aside with the reason typed on the card."""
    language = turn.language
    key = text_field(turn.data, "requirement")[:32]
    rule = text_field(turn.data, "rule")[:32]
    async with ctx.db.uow() as uow:
        actor = await _actor(uow, turn, key)
        if isinstance(actor, QualityError):
            return CardResult(message=actor.message(language), status=actor.status)
        command = Dismiss(key, rule, text_field(turn.data, "reason", strip=False), actor.name)
        try:
            await dismiss(uow, book_for(ctx), command)
        except QualityError as exc:
            if exc.status >= 404 and exc.code != "no_finding":
                return CardResult(message=exc.message(language), status=exc.status)
            return await _show(uow, ctx, language, key, problem=exc.message(language))
        await uow.commit()
        saved = text(language, "quality.saved.dismissed", rule=rule_name(language, rule))
        return await _show(uow, ctx, language, key, saved=saved)


async def mark(turn: TurnInput, ctx: DialogContext) -> CardResult:
    """`quality-mark`: mark an overlapping pair as duplicate, related or distinct."""
    language = turn.language
    key = text_field(turn.data, "requirement")[:32]
    other = text_field(turn.data, "other")[:32]
    async with ctx.db.uow() as uow:
        actor = await _actor(uow, turn, key)
        if isinstance(actor, QualityError):
            return CardResult(message=actor.message(language), status=actor.status)
        command = MarkOverlap(key, other, text_field(turn.data, "kind"), actor.name)
        try:
            await mark_overlap(uow, command)
        except QualityError as exc:
            return CardResult(message=exc.message(language), status=exc.status)
        await uow.commit()
        saved = text(language, "quality.saved.marked", requirement=key.upper(), other=other.upper())
        return await _show(uow, ctx, language, key, saved=saved)
