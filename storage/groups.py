"""Repository of groups and their memberships."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Group, Membership, Person, utcnow
from vocabulary import GroupKind, MemberRole


@dataclass(frozen=True, slots=True)
class GroupSummary:
    """A group with its member count, for listings."""

    group: Group
    members: int


class GroupRepository:
    """Reads and writes `groups` and `memberships`."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def by_code(self, code: str) -> Group | None:
        """The group with this short code (case-insensitive), or None."""
        return await self._session.scalar(select(Group).where(Group.code == code.strip().upper()))

    async def get(self, group_id: int) -> Group | None:
        """The group with this id, or None."""
        return await self._session.get(Group, group_id)

    async def by_conversation(self, conversation_id: str) -> list[Group]:
        """Groups whose home is this conversation."""
        return list(
            (
                await self._session.scalars(
                    select(Group).where(Group.conversation_id == conversation_id)
                )
            ).all()
        )

    async def add(self, code: str, name: str, kind: str) -> Group:
        """Create a group."""
        if kind not in tuple(GroupKind):
            raise ValueError(f"unknown group kind {kind!r}")
        group = Group(code=code.strip().upper(), name=name, kind=kind, created_at=utcnow())
        self._session.add(group)
        await self._session.flush()
        return group

    async def all(self) -> list[Group]:
        """Every group, by code."""
        return list((await self._session.scalars(select(Group).order_by(Group.code))).all())

    async def summaries(self) -> list[GroupSummary]:
        """Every group with its member count."""
        counts = (
            select(Membership.group_id, func.count().label("n"))
            .group_by(Membership.group_id)
            .subquery()
        )
        rows = await self._session.execute(
            select(Group, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.group_id == Group.id)
            .order_by(Group.code)
        )
        return [GroupSummary(group, int(n)) for group, n in rows.all()]

    async def link(self, group: Group, conversation_id: str | None) -> None:
        """Make `conversation_id` the group's home conversation."""
        group.conversation_id = conversation_id
        await self._session.flush()

    async def members(self, group: Group) -> list[tuple[Person, Membership]]:
        """The group's members with their membership, by name."""
        rows = await self._session.execute(
            select(Person, Membership)
            .join(Membership, Membership.person_id == Person.id)
            .where(Membership.group_id == group.id)
            .order_by(Person.name)
        )
        return [(person, membership) for person, membership in rows.all()]

    async def membership(self, group: Group, person: Person) -> Membership | None:
        """The person's membership in the group, or None."""
        return await self._session.get(Membership, (group.id, person.id))

    async def add_member(
        self, group: Group, person: Person, role: str = MemberRole.MEMBER
    ) -> Membership:
        """Add a person (or change their role); `joined_at` is kept for existing members."""
        if role not in tuple(MemberRole):
            raise ValueError(f"unknown role {role!r}")
        membership = await self.membership(group, person)
        if membership is None:
            membership = Membership(
                group_id=group.id, person_id=person.id, role=role, joined_at=utcnow()
            )
            self._session.add(membership)
        else:
            membership.role = role
        await self._session.flush()
        return membership

    async def groups_of(self, person: Person) -> list[tuple[Group, Membership]]:
        """The groups a person belongs to."""
        rows = await self._session.execute(
            select(Group, Membership)
            .join(Membership, Membership.group_id == Group.id)
            .where(Membership.person_id == person.id)
            .order_by(Group.code)
        )
        return [(group, membership) for group, membership in rows.all()]

    async def all_memberships(self) -> list[Membership]:
        """Every membership of every group (one query, for imports)."""
        return list((await self._session.scalars(select(Membership))).all())

    async def remove_member(self, membership: Membership) -> None:
        """End a membership."""
        await self._session.delete(membership)
        await self._session.flush()
