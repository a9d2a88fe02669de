"""Repository of groups and their memberships."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Group, GroupAlias, Membership, Person, utcnow
from vocabulary import GroupKind, MemberRole


def fold(name: str) -> str:
    """A group name or alias as compared: spaces collapsed, case folded (Æ, Ø, Å too)."""
    return " ".join(name.split()).casefold()


def group_lookup(
    groups: Sequence[Group],
    aliases: Mapping[int, Sequence[str]],
    normalize: Callable[[str], str] = fold,
) -> dict[str, Group]:
    """Every word a group is named by -> the group: codes win over names, names over aliases.

    The one matching rule behind `GroupRepository.find` and every import.
    """
    lookup: dict[str, Group] = {}
    by_id = {group.id: group for group in groups}
    for group_id, names in aliases.items():
        if group_id in by_id:
            lookup.update({normalize(alias): by_id[group_id] for alias in names})
    lookup.update({normalize(group.name): group for group in groups})
    lookup.update({normalize(group.code): group for group in groups})
    return lookup


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

    async def find(self, wanted: str) -> Group | None:
        """The group with this code, name or alias (any case, spaces collapsed), or None."""
        if not wanted.strip():
            return None
        lookup = group_lookup(await self.all(), await self.aliases())
        return lookup.get(fold(wanted))

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

    async def by_alias(self, alias: str) -> Group | None:
        """The group that goes by this alias (any case), or None."""
        found = await self._session.get(GroupAlias, fold(alias))
        return None if found is None else await self.get(found.group_id)

    async def aliases(self) -> dict[int, list[str]]:
        """Every group's aliases (group id -> aliases, sorted)."""
        rows = await self._session.scalars(select(GroupAlias).order_by(GroupAlias.folded))
        found: dict[int, list[str]] = {}
        for row in rows.all():
            found.setdefault(row.group_id, []).append(row.alias)
        return found

    async def add_alias(self, group: Group, alias: str) -> None:
        """Give the group another name (the caller checked it is free)."""
        self._session.add(
            GroupAlias(folded=fold(alias), alias=" ".join(alias.split()), group_id=group.id)
        )
        await self._session.flush()

    async def remove_alias(self, alias: str) -> bool:
        """Drop an alias; False when there was none."""
        found = await self._session.get(GroupAlias, fold(alias))
        if found is None:
            return False
        await self._session.delete(found)
        await self._session.flush()
        return True

    async def rename(self, group: Group, name: str) -> None:
        """Give the group a new full name."""
        group.name = name
        await self._session.flush()

    async def archive(self, group: Group) -> None:
        """Archive the group: its history stays, it takes nothing new."""
        group.archived_at = utcnow()
        await self._session.flush()

    async def of_kind(self, kind: str) -> list[Group]:
        """The groups of one kind that are not archived, by code."""
        rows = await self._session.scalars(
            select(Group)
            .where(Group.kind == kind, Group.archived_at.is_(None))
            .order_by(Group.code)
        )
        return list(rows.all())

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
