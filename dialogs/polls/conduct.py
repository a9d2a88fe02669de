"""How a municipal body conducts a vote: a delegate's proxy (fullmakt), conflicts of interest
(inhabilitet) and dissents (protokolltilførsel).

Each step refuses with `PollError` before anything is written and runs in the caller's unit of
work. A dissent is a new decision-log entry linked to the poll's decision (`addendum_to`): the
log is append-only, and every export of the decision lists its addenda.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from cards.poll_cards import poll_card, result_card
from dialogs.decisions import DecisionDraft, record_decision
from dialogs.kernel.context import DialogContext
from dialogs.polls.service import (
    PollError,
    close_poll,
    redraw,
    result_of,
)
from dialogs.polls.views import view_of
from storage.models import Decision, Person, Poll, PollConflict, utcnow
from storage.uow import UnitOfWork
from vocabulary import DecisionKind, MemberRole, Represents, RoundStatus

MAX_CONFLICT_REASON: Final = 500
MAX_STATEMENT: Final = 1000
MAX_ID: Final = 2**31 - 1


async def _person(uow: UnitOfWork, raw: object) -> Person | None:
    """The person a card names by id, or None (also for forged, out-of-range ids)."""
    text = str(raw).strip()
    if not text.isdigit() or not 0 < int(text) <= MAX_ID:
        return None
    return await uow.people.get(int(text))


async def _open_poll(uow: UnitOfWork, poll_id: int, now: datetime) -> Poll:
    poll = await uow.polls.get(poll_id, lock=True)
    if poll is None:
        raise PollError("unknown_poll")
    if poll.status != RoundStatus.OPEN or now >= poll.deadline:
        raise PollError("closed", status=409)
    return poll


async def may_chair(uow: UnitOfWork, poll: Poll, person: Person) -> bool:
    """The poll's creator, the group's chair, the project lead or an administrator."""
    if person.is_project_lead or person.is_admin or poll.created_by == person.id:
        return True
    group = await uow.groups.get(poll.group_id)
    membership = await uow.groups.membership(group, person) if group is not None else None
    return membership is not None and membership.role == MemberRole.CHAIR


async def give_proxy(
    uow: UnitOfWork,
    ctx: DialogContext,
    poll_id: int,
    delegate: Person,
    holder_id: object,
    now: datetime | None = None,
) -> Poll:
    """The delegate hands their municipality's vote to another person of the same
    municipality; recorded with its time. Refused after the delegate has voted."""
    now = now or utcnow()
    poll = await _open_poll(uow, poll_id, now)
    if not poll.per_municipality:
        raise PollError("not_municipal")
    elector = await uow.polls.elector(poll, delegate.id)
    if elector is None or elector.represents != Represents.DELEGATE:
        raise PollError("not_delegate", status=403)
    seat = next(
        s
        for s in await uow.polls.seats(poll)
        if s.municipality_number == elector.municipality_number
    )
    if seat.proxy_id is not None:
        raise PollError("proxy_exists", status=409)
    holder = await _person(uow, holder_id)
    if holder is None or holder.id == delegate.id:
        raise PollError("proxy_person")
    if holder.municipality_number != seat.municipality_number:
        raise PollError("proxy_other_municipality", name=holder.name)
    if await uow.polls.vote_of(poll, delegate.id) is not None:
        raise PollError("proxy_after_vote", status=409)
    if any(c.person_id == holder.id for c in await uow.polls.conflicts(poll)):
        raise PollError("disqualified", status=403)
    await uow.polls.give_proxy(poll, seat, holder, now)
    await _redraw_open(uow, ctx, poll)
    return poll


@dataclass(frozen=True, slots=True)
class Conflict:
    """A declared conflict of interest: whose, why, and who declared it."""

    poll_id: int
    person_id: object  # as the card sends it
    reason: str


async def declare_conflict(
    uow: UnitOfWork,
    ctx: DialogContext,
    conflict: Conflict,
    declarer: Person,
    now: datetime | None = None,
) -> PollConflict:
    """The member leaves the electorate, their vote (if any) is withdrawn, quorum is counted
    anew. A member declares for themselves before voting; the chair may at any time."""
    now = now or utcnow()
    poll = await _open_poll(uow, conflict.poll_id, now)
    raw = conflict.person_id if conflict.person_id not in (None, "") else declarer.id
    subject = await _person(uow, raw)
    if subject is None or await uow.polls.elector(poll, subject.id) is None:
        raise PollError("conflict_not_elector")
    reason = conflict.reason.strip()
    if not reason:
        raise PollError("conflict_reason")
    if len(reason) > MAX_CONFLICT_REASON:
        raise PollError("reason_long", limit=MAX_CONFLICT_REASON)
    chair = await may_chair(uow, poll, declarer)
    if subject.id != declarer.id and not chair:
        raise PollError("conflict_not_chair", status=403)
    voted = await uow.polls.vote_of(poll, subject.id) is not None
    if subject.id == declarer.id and voted and not chair:
        raise PollError("conflict_after_vote", status=409)
    record = PollConflict(
        person_id=subject.id,
        person_name=subject.name,
        reason=reason,
        declared_by=declarer.name,
        declared_at=now,
    )
    await uow.polls.disqualify(poll, record)
    view = await view_of(uow, poll)
    if poll.close_when_all_voted and view.electorate and view.voted >= view.electorate:
        await close_poll(uow, ctx, poll, "all-voted", now=now)
    else:
        await _redraw_open(uow, ctx, poll)
    return record


async def _redraw_open(uow: UnitOfWork, ctx: DialogContext, poll: Poll) -> None:
    view = await view_of(uow, poll)
    await redraw(uow, poll, poll_card(ctx.default_language, view, ctx.timezone))


async def enter_dissent(
    uow: UnitOfWork,
    ctx: DialogContext,
    poll_id: int,
    member: Person,
    statement: str,
    now: datetime | None = None,
) -> Decision:
    """Append a member's dissent to the poll's decision, within the poll's dissent window."""
    now = now or utcnow()
    poll = await uow.polls.get(poll_id, lock=True)
    if poll is None:
        raise PollError("unknown_poll")
    if poll.status != RoundStatus.CLOSED or poll.decision_sequence is None:
        raise PollError("dissent_open", status=409)
    closed_at = poll.closed_at or now
    if now > closed_at + timedelta(hours=poll.dissent_hours):
        raise PollError("dissent_late", status=409, hours=poll.dissent_hours)
    if await uow.polls.elector(poll, member.id) is None:
        raise PollError("dissent_not_elector", status=403)
    cleaned = statement.strip()
    if not cleaned or len(cleaned) > MAX_STATEMENT:
        raise PollError("dissent_text", limit=MAX_STATEMENT)
    earlier = (await uow.decisions.addenda_of([poll.decision_sequence])).get(
        poll.decision_sequence, []
    )
    if any(d.basis.get("member_id") == member.id for d in earlier):
        raise PollError("dissent_twice", status=409)
    group = await uow.groups.get(poll.group_id)
    decision = await record_decision(
        uow,
        DecisionDraft(
            kind=DecisionKind.DISSENT,
            title=poll.title,
            text=cleaned,
            group_code=group.code if group is not None else "",
            recorded_by=member.name,
            outcome="dissent",
            basis={
                "addendum_to": poll.decision_sequence,
                "poll": poll.id,
                "member": member.name,
                "member_id": member.id,
                "statement": cleaned,
            },
            decided_at=now,
        ),
    )
    result = await result_of(uow, poll)
    await redraw(uow, poll, result_card(ctx.default_language, result, ctx.timezone))
    return decision
