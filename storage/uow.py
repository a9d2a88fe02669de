"""The unit of work: one transaction around one use case, with its repositories."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.baselines import BaselineRepository
from storage.conversations import ConversationRepository
from storage.decisions import DecisionRepository
from storage.endorsements import EndorsementRepository
from storage.groups import GroupRepository
from storage.milestones import MilestoneRepository
from storage.municipalities import MunicipalityRepository
from storage.outbox import OutboxRepository
from storage.outbox_dispatch import DispatchRepository
from storage.participation import ParticipationRepository
from storage.people import PersonRepository
from storage.personal_data import PersonalDataRepository
from storage.polls import PollRepository
from storage.quality import QualityRepository
from storage.reports import ReportRepository
from storage.requirements import RequirementRepository
from storage.reviews import ReviewRepository
from storage.risks import RiskRepository
from storage.timers import TimerRepository


class UnitOfWork:
    """`async with db.uow() as uow:` ... `await uow.commit()`; anything uncommitted rolls back."""

    session: AsyncSession
    conversations: ConversationRepository
    people: PersonRepository
    groups: GroupRepository
    requirements: RequirementRepository
    municipalities: MunicipalityRepository
    decisions: DecisionRepository
    outbox: OutboxRepository
    dispatch: DispatchRepository
    timers: TimerRepository
    polls: PollRepository
    reviews: ReviewRepository
    milestones: MilestoneRepository
    personal_data: PersonalDataRepository
    quality: QualityRepository
    baselines: BaselineRepository
    endorsements: EndorsementRepository
    participation: ParticipationRepository
    risks: RiskRepository
    reports: ReportRepository

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def __aenter__(self) -> Self:
        self.session = self._sessions()
        self.conversations = ConversationRepository(self.session)
        self.people = PersonRepository(self.session)
        self.groups = GroupRepository(self.session)
        self.requirements = RequirementRepository(self.session)
        self.municipalities = MunicipalityRepository(self.session)
        self.decisions = DecisionRepository(self.session)
        self.outbox = OutboxRepository(self.session)
        self.dispatch = DispatchRepository(self.session)
        self.timers = TimerRepository(self.session)
        self.polls = PollRepository(self.session)
        self.reviews = ReviewRepository(self.session)
        self.milestones = MilestoneRepository(self.session)
        self.personal_data = PersonalDataRepository(self.session)
        self.quality = QualityRepository(self.session)
        self.baselines = BaselineRepository(self.session)
        self.endorsements = EndorsementRepository(self.session)
        self.participation = ParticipationRepository(self.session)
        self.risks = RiskRepository(self.session)
        self.reports = ReportRepository(self.session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # close() rolls back anything uncommitted but, unlike rollback(), leaves loaded objects
        # readable after the unit ends.
        await self.session.close()

    async def commit(self) -> None:
        """Make everything done in this unit permanent."""
        await self.session.commit()
