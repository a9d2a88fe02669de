"""Personal data of one person: find it all (access request), forget it (erasure), and the
retention clean-up of chat-derived data. What is kept and why is documented in docs/privacy.md.

Forgetting pseudonymises: the person's row stays (votes, answers and milestones keep pointing
at it, so results and municipal coverage do not change) but loses every identifier; their
name and e-mail address are replaced by the pseudonym wherever free text or stored Teams
payloads repeat them; their 1:1 chat, its messages and their memberships are deleted. The
decision log is not touched: it is append-only and hash-chained, and the names in it are
minutes of public decisions that the archive must keep.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Select, String, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Base,
    Conversation,
    Decision,
    Group,
    Membership,
    Milestone,
    OutboxMessage,
    Person,
    Poll,
    PollVote,
    PollVoteHistory,
    ReviewAnswer,
    ReviewAnswerHistory,
)

# Outbox states in which a row will never be sent again.
FINAL_STATES = ("sent", "superseded", "blocked", "dead")
PERSONAL = "personal"


def pseudonym(person_id: int) -> str:
    """The name a forgotten person is shown under: stable, and meaningless outside Kravbot."""
    return f"person #{person_id}"


@dataclass(frozen=True, slots=True)
class Identifiers:
    """What identifies a person directly: searched for and replaced everywhere on forget."""

    name: str
    email: str | None
    teams_user_id: str | None
    aad_object_id: str | None

    def values(self) -> list[str]:
        """The identifiers that are set, longest first (a name inside an address is replaced
        as part of the address)."""
        found = [self.name, self.email, self.teams_user_id, self.aad_object_id]
        return sorted((v for v in found if v), key=len, reverse=True)

    def scrub(self, value: str, replacement: str) -> str:
        """`value` with every identifier replaced (e-mail without regard to case)."""
        for identifier in self.values():
            value = _replace_folded(value, identifier, replacement)
        return value

    def mentioned_in(self, value: str) -> bool:
        """Whether `value` contains any identifier."""
        folded = value.casefold()
        return any(identifier.casefold() in folded for identifier in self.values())


def _replace_folded(value: str, needle: str, replacement: str) -> str:
    folded, target = value.casefold(), needle.casefold()
    # casefold() keeps lengths for the letters names and addresses use; otherwise fall back.
    if len(folded) != len(value) or target not in folded:
        return value.replace(needle, replacement)
    out, start = [], 0
    while (index := folded.find(target, start)) >= 0:
        out.append(value[start:index] + replacement)
        start = index + len(needle)
    return "".join(out) + value[start:]


def _scrub_json(value: Any, ids: Identifiers, replacement: str) -> Any:
    # Identifiers never contain JSON's special characters, so the text form can be edited.
    encoded = json.dumps(value, ensure_ascii=False)
    return json.loads(ids.scrub(encoded, replacement)) if ids.mentioned_in(encoded) else value


def row_dict(row: Base) -> dict[str, Any]:
    """A model row as plain data (dates as ISO text)."""
    data: dict[str, Any] = {}
    for column in row.__table__.columns:
        value = getattr(row, column.key)
        data[column.key] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


@dataclass
class ForgetReport:
    """What forgetting changed, and what it kept."""

    person_id: int
    pseudonym: str
    changed: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    kept_decisions: list[str] = field(default_factory=list)


class PersonalDataRepository:
    """Reads and erases one person's data across every table; prunes chat data by age."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def find(self, reference: str) -> list[Person]:
        """People matching an id, e-mail, Teams id, Entra id or exact name."""
        reference = reference.strip()
        if not reference:
            return []
        conditions = [
            Person.email == reference.lower(),
            Person.teams_user_id == reference,
            Person.aad_object_id == reference.lower(),
            Person.name == reference,
        ]
        if reference.isdigit():
            conditions.append(Person.id == int(reference))
        return list(await self._session.scalars(select(Person).where(or_(*conditions))))

    async def _rows(self, query: Select[Any]) -> list[dict[str, Any]]:
        return [row_dict(row) for row in await self._session.scalars(query)]

    async def export(self, person: Person) -> dict[str, Any]:
        """Everything Kravbot holds about `person`, table by table, as plain data."""
        ids = identifiers(person)
        me = person.id
        memberships = await self._session.execute(
            select(Group.code, Membership.role, Membership.joined_at)
            .join(Group, Group.id == Membership.group_id)
            .where(Membership.person_id == me)
        )
        return {
            "person": row_dict(person),
            "memberships": [
                {"group": code, "role": role, "joined_at": joined.isoformat()}
                for code, role, joined in memberships
            ],
            "review_answers": await self._rows(select(ReviewAnswer).where(_by(ReviewAnswer, me))),
            "review_answer_history": await self._rows(
                select(ReviewAnswerHistory).where(_by(ReviewAnswerHistory, me))
            ),
            "poll_votes": await self._rows(select(PollVote).where(_by(PollVote, me))),
            "poll_vote_history": await self._rows(
                select(PollVoteHistory).where(_by(PollVoteHistory, me))
            ),
            "polls_created": await self._rows(select(Poll).where(Poll.created_by == me)),
            "milestones_owned": await self._rows(select(Milestone).where(Milestone.owner_id == me)),
            "conversations": [row_dict(c) for c in await self._personal_chats(person, ids)],
            "outbox": await self._rows(select(OutboxMessage).where(_addressed(person))),
            "mentions": await self._mentions(ids),
        }

    async def _personal_chats(self, person: Person, ids: Identifiers) -> list[Conversation]:
        chats = await self._session.scalars(
            select(Conversation).where(Conversation.kind == PERSONAL)
        )
        return [
            chat
            for chat in chats
            if chat.id == person.personal_conversation_id
            or ids.mentioned_in(json.dumps(chat.reference, ensure_ascii=False))
        ]

    async def _mentions(self, ids: Identifiers) -> dict[str, list[dict[str, Any]]]:
        """Rows of other tables whose text names the person (who changed what, minutes)."""
        found: dict[str, list[dict[str, Any]]] = {}
        for model, _ in _free_text((Decision,)):
            rows = [
                row_dict(row)
                for row in await self._session.scalars(select(model))
                if ids.mentioned_in(json.dumps(row_dict(row), ensure_ascii=False))
            ]
            if rows:
                found[model.__tablename__] = rows
        return found

    async def forget(self, person: Person) -> ForgetReport:
        """Pseudonymise `person` everywhere but the decision log. The caller commits."""
        ids = identifiers(person)
        report = ForgetReport(person.id, pseudonym(person.id))
        chats = [chat.id for chat in await self._personal_chats(person, ids)]
        addressed = _addressed(person, chats)
        report.deleted["outbox"] = await self._count_delete(delete(OutboxMessage).where(addressed))
        report.deleted["memberships"] = await self._count_delete(
            delete(Membership).where(Membership.person_id == person.id)
        )
        await self._scrub_person(person, report.pseudonym)
        if chats:
            report.deleted["conversations"] = await self._count_delete(
                delete(Conversation).where(Conversation.id.in_(chats))
            )
        await self._scrub_text(ids, report)
        report.kept_decisions = [
            row["case_ref"] for row in (await self._mentions(ids)).get("decisions", [])
        ]
        return report

    async def _count_delete(self, statement: Any) -> int:
        result = await self._session.execute(statement)
        return int(getattr(result, "rowcount", 0) or 0)

    async def _scrub_person(self, person: Person, name: str) -> None:
        person.name, person.email, person.teams_user_id, person.aad_object_id = (
            name,
            None,
            None,
            None,
        )
        person.locale = person.tenant_id = person.language = None
        person.personal_conversation_id = None
        person.first_seen_at = person.last_seen_at = None
        person.is_admin = person.is_project_lead = False
        await self._session.flush()

    async def _scrub_text(self, ids: Identifiers, report: ForgetReport) -> None:
        """Replace the identifiers in every stored text that may repeat them."""
        for model, names in _free_text():
            changed = 0
            for row in await self._session.scalars(select(model)):
                changed += self._scrub_row(row, names, ids, report.pseudonym)
            if changed:
                report.changed[model.__tablename__] = changed
        await self._session.flush()

    @staticmethod
    def _scrub_row(row: Base, names: tuple[str, ...], ids: Identifiers, replacement: str) -> int:
        touched = 0
        for name in names:
            value = getattr(row, name)
            if isinstance(value, str) and ids.mentioned_in(value):
                setattr(row, name, ids.scrub(value, replacement))
                touched = 1
            elif isinstance(value, dict | list):
                scrubbed = _scrub_json(value, ids, replacement)
                if scrubbed is not value:
                    setattr(row, name, scrubbed)
                    touched = 1
        return touched

    async def prune(self, *, outbox_before: datetime, chats_before: datetime) -> dict[str, int]:
        """Retention: empty the bodies of finished outbox messages created before
        `outbox_before` (the row, its key and Teams' id stay, so nothing is ever sent twice), and
        delete 1:1 chats untouched since `chats_before` with nothing left to send there."""
        bodies = await self._session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.status.in_(FINAL_STATES))
            .where(OutboxMessage.created_at < outbox_before)
            .where(OutboxMessage.kind != "")
            .values(activity={}, last_error=None)
        )
        waiting = select(OutboxMessage.conversation_id).where(
            OutboxMessage.status.not_in(FINAL_STATES), OutboxMessage.conversation_id.is_not(None)
        )
        chats = await self._session.execute(
            delete(Conversation)
            .where(Conversation.kind == PERSONAL)
            .where(Conversation.updated_at < chats_before)
            .where(Conversation.id.not_in(waiting))
        )
        return {
            "outbox_bodies": int(getattr(bodies, "rowcount", 0) or 0),
            "conversations": int(getattr(chats, "rowcount", 0) or 0),
        }


# Tables forget never rewrites. The decision log and its checkpoints are append-only public
# minutes (docs/privacy.md); the person's own row is scrubbed field by field; requirement
# texts, baseline snapshots and their quality findings are the specification, not personal
# data, and their fingerprints must not move.
KEPT_TABLES = frozenset(
    {
        "decisions",
        "decision_checkpoints",
        "people",
        "requirements",
        "baseline_items",
        "requirement_quality",
    }
)


def _is_text(column: Column[Any]) -> bool:
    # Keys and fingerprints identify rows, never people; free text and payloads may name them.
    if column.primary_key or column.foreign_keys or column.name in ("key", "fingerprint"):
        return False
    return isinstance(column.type, String | JSON)


def _free_text(
    also: tuple[type[Base], ...] = (),
) -> list[tuple[type[Base], tuple[str, ...]]]:
    """Every model with its text and JSON columns, read off the schema so that a new table is
    covered without anyone remembering it: all but `KEPT_TABLES` (plus the models in `also`)."""
    found: list[tuple[type[Base], tuple[str, ...]]] = []
    for mapper in sorted(Base.registry.mappers, key=lambda m: m.class_.__name__):
        model = mapper.class_
        if model.__tablename__ in KEPT_TABLES and model not in also:
            continue
        names = tuple(
            attribute.key
            for attribute in mapper.column_attrs
            if isinstance(column := attribute.columns[0], Column) and _is_text(column)
        )
        if names:
            found.append((model, names))
    return found


def identifiers(person: Person) -> Identifiers:
    """The direct identifiers of `person`."""
    return Identifiers(person.name, person.email, person.teams_user_id, person.aad_object_id)


def _by(model: Any, person_id: int) -> Any:
    return model.person_id == person_id


def _addressed(person: Person, chats: Iterable[str] = ()) -> Any:
    conditions = [OutboxMessage.person_id == person.id]
    chat_ids = [
        *chats,
        *([person.personal_conversation_id] if person.personal_conversation_id else []),
    ]
    if chat_ids:
        conditions.append(OutboxMessage.conversation_id.in_(chat_ids))
    return or_(*conditions)
