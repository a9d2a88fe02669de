"""SQLAlchemy models: the tables Kravbot keeps."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Stable constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Now, in UTC, timezone-aware."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Base of every model."""

    metadata = MetaData(naming_convention=NAMING)


class Conversation(Base):
    """A Teams conversation the bot takes part in: a 1:1 chat, a group chat or a channel."""

    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(512), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    channel_id: Mapped[str] = mapped_column(String(32))
    tenant_id: Mapped[str | None] = mapped_column(String(64), index=True)
    team_id: Mapped[str | None] = mapped_column(String(512), index=True)
    teams_channel_id: Mapped[str | None] = mapped_column(String(512))
    name: Mapped[str | None] = mapped_column(String(512))
    service_url: Mapped[str] = mapped_column(String(1024))
    bot_id: Mapped[str] = mapped_column(String(256))
    # The conversation reference as Bot Framework serializes it, for proactive messages.
    reference: Mapped[dict[str, Any]] = mapped_column(JSON)
    installed: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Teams answered 403 MessageWritesBlocked (the user blocked or removed the bot): the
    # dispatcher sends nothing more there.
    blocked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Municipality(Base):
    """A municipality by its kommunenummer; all 23 of Vestfold and Telemark are built in."""

    __tablename__ = "municipalities"

    number: Mapped[str] = mapped_column(String(4), primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    county: Mapped[str] = mapped_column(String(64))
    # Which municipalities take part in the procurement is data, changed by import or admin.
    participating: Mapped[bool] = mapped_column(Boolean, default=False)
    # The municipality's votes in a per-municipality poll (1 unless the lead sets another).
    vote_weight: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class Person(Base):
    """Someone Kravbot knows: from Teams (they talked to it), an import, or the roster."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    teams_user_id: Mapped[str | None] = mapped_column(String(256), unique=True)
    aad_object_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(256))
    locale: Mapped[str | None] = mapped_column(String(16))
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    personal_conversation_id: Mapped[str | None] = mapped_column(
        String(512), ForeignKey("conversations.id", ondelete="SET NULL")
    )
    first_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Stored lower-case: Entra and Teams compare e-mail addresses without case.
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    municipality_number: Mapped[str | None] = mapped_column(
        String(4), ForeignKey("municipalities.number")
    )
    # nb, nn or en; None follows the language of the person's Teams client.
    language: Mapped[str | None] = mapped_column(String(2))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    is_project_lead: Mapped[bool] = mapped_column(Boolean, default=False)
    # Why Teams refused a 1:1 chat with this person (`vocabulary.Reachability`: not_installed,
    # left_tenant), recorded by the dispatcher; cleared when a chat exists (migration 0011).
    unreachable_reason: Mapped[str | None] = mapped_column(String(16))
    unreachable_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Group(Base):
    """A working group, the steering group, the project group or a reference group."""

    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))  # vocabulary.GroupKind
    # The Teams channel or group chat where the group's cards are posted.
    conversation_id: Mapped[str | None] = mapped_column(
        String(512), ForeignKey("conversations.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # An archived group keeps its history but takes no new rounds or polls (migration 0011).
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class GroupAlias(Base):
    """Another name a group goes by ("TMNFE", "Rus og psykiatri"), unique across groups."""

    __tablename__ = "group_aliases"

    # Case-folded, so "tmnfe" and "TMNFE" are one alias on both databases.
    folded: Mapped[str] = mapped_column(String(128), primary_key=True)
    alias: Mapped[str] = mapped_column(String(128))
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)


class MunicipalityRole(Base):
    """A person's role for their municipality: contact person today; per-group delegates and
    deputies later, as more rows (`group_id` set), not new tables (migration 0011)."""

    __tablename__ = "municipality_roles"
    __table_args__ = (UniqueConstraint("municipality_number", "role", "group_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    municipality_number: Mapped[str] = mapped_column(
        String(4), ForeignKey("municipalities.number"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))  # vocabulary.MunicipalityRole
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    # group_id or 0: a unique key that treats "no group" as one value on both databases.
    group_key: Mapped[int] = mapped_column(Integer, default=0)


class Membership(Base):
    """A person in a group, as member or chair, since `joined_at`."""

    __tablename__ = "memberships"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(16), default="member")  # member, chair, deputy_chair
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Requirement(Base):
    """One requirement of the specification; every change makes a new `RequirementVersion`."""

    __tablename__ = "requirements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    category: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(8))  # must (minstekrav), should (evalueringskrav)
    weight: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(500), default="")
    rationale: Mapped[str] = mapped_column(Text, default="")
    # draft, in_review, agreed, contested, approved, rejected, merged, deferred
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # SHA-256 of the content a reviewer answers on (not the status), computed when a version
    # is made so the answer path reads it for free (migration 0015).
    fingerprint: Mapped[str] = mapped_column(String(64), default="")


class RequirementVersion(Base):
    """A requirement as it was after one change: what changed, who changed it, when and why."""

    __tablename__ = "requirement_versions"
    __table_args__ = (UniqueConstraint("requirement_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    requirement_id: Mapped[int] = mapped_column(
        ForeignKey("requirements.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    # Field name -> [old, new]; empty for the first version.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Every field after the change, so any version can be shown without replaying history.
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    changed_by: Mapped[str] = mapped_column(String(256))
    reason: Mapped[str] = mapped_column(String(1000), default="")
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The content fingerprint of this version (see `Requirement.fingerprint`).
    fingerprint: Mapped[str] = mapped_column(String(64), default="")


class Decision(Base):
    """One entry of the decision log: append-only and hash-chained (see `storage.hashchain`).

    `sequence` numbers the whole log from 1 without gaps; `case_ref` is `YYYY/N`, where the year
    is the Oslo year the decision was recorded and N restarts at 1 each year (like a saksnummer).
    Database triggers reject UPDATE and DELETE; a mistake is fixed by a new decision that
    `corrects` the old one.
    """

    __tablename__ = "decisions"

    sequence: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    case_ref: Mapped[str] = mapped_column(String(16), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # poll, review, milestone, manual
    title: Mapped[str] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(64))
    # Tallies, votes by person (unless anonymous), links to the poll, round or milestone.
    basis: Mapped[dict[str, Any]] = mapped_column(JSON)
    group_code: Mapped[str] = mapped_column(String(16), index=True)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_by: Mapped[str] = mapped_column(String(256))
    status: Mapped[str] = mapped_column(String(16))  # final, correction
    corrects: Mapped[int | None] = mapped_column(Integer, ForeignKey("decisions.sequence"))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class DecisionCheckpoint(Base):
    """A signed checkpoint Kravbot issued and witnessed (posted, written to the file).

    A copy for Kravbot's own bookkeeping (what was last witnessed, which entries a card may call
    covered); verification never trusts it, only the notes kept outside the database.
    """

    __tablename__ = "decision_checkpoints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    size: Mapped[int] = mapped_column(Integer, index=True)
    root: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class OutboxMessage(Base):
    """A message Kravbot will send (or a card it will update) proactively, exactly once.

    Workflows add rows inside their own transaction; the dispatcher sends them. The key makes
    enqueueing idempotent: the same reminder enqueued twice is one row.
    """

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(8))  # send, update
    # Where to: a known conversation, or a person reached 1:1 (created on first send).
    conversation_id: Mapped[str | None] = mapped_column(String(512), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    activity: Mapped[dict[str, Any]] = mapped_column(JSON)
    # For an update: the key of the send whose Teams message it replaces. Pending updates of
    # the same card are coalesced into the newest.
    card_ref: Mapped[str | None] = mapped_column(String(200), index=True)
    # pending, sending, sent, superseded, blocked, dead
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    last_error: Mapped[str | None] = mapped_column(String(1000))
    activity_id: Mapped[str | None] = mapped_column(String(512))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The delivery term (leader epoch) that marked the row `sending` (fencing, migration 0010).
    claim_epoch: Mapped[int | None] = mapped_column(Integer)
    # When the current run of transient failures began; retries stop after the retry budget.
    failing_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Whom to tell when this 1:1 message cannot be delivered (the lead of a round or poll;
    # migration 0013).
    report_to: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))


class DeliveryTerm(Base):
    """One leader's term of delivery: its epoch fences the rows it claims (migration 0010).

    A newer term sets `fenced_at` on every older one (they may claim nothing more); a term is
    over, and its rows still `sending` may be sent again, once it has `ended_at` (its holder
    stopped with nothing on the wire) or its lease ran out (`lease_until`).
    """

    __tablename__ = "delivery_terms"

    epoch: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    holder: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    lease_until: Mapped[datetime] = mapped_column(UTCDateTime())
    fenced_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Timer(Base):
    """Something a workflow wants done at a time (a reminder, a deadline), fired exactly once.

    Workflows schedule and cancel timers in the same transaction as the change that causes
    them, so a moved deadline never leaves a stale reminder behind.
    """

    __tablename__ = "timers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    # The handler's name in `dialogs.kernel.timers.TIMER_HANDLERS`, e.g. "review.reminder".
    job: Mapped[str] = mapped_column(String(64))
    args: Mapped[dict[str, Any]] = mapped_column(JSON)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    fired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Fired after its time because the service was down then.
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Milestone(Base):
    """A milestone of the project plan: what, when (to the day or only the month), who, status.

    `due_date` is the day, or the first of the month when `precision` is "month" (the plan only
    says "autumn 2024"); reminders then count from the month's last day.
    """

    __tablename__ = "milestones"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(String(300))
    phase: Mapped[int] = mapped_column(Integer, default=1)  # 1 requirements, 2 competition, 3 ...
    due_date: Mapped[date] = mapped_column(Date, index=True)
    precision: Mapped[str] = mapped_column(String(8), default="day")  # day, month
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="SET NULL"))
    # planned, in_progress, done, late, cancelled
    status: Mapped[str] = mapped_column(String(16), default="planned", index=True)
    # The reminder policy as JSON (see `dialogs.milestones.rules.ReminderPolicy`); {} = default.
    policy: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class MilestoneChange(Base):
    """One change of a milestone's status or date: old and new value, why, who, when."""

    __tablename__ = "milestone_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    milestone_id: Mapped[int] = mapped_column(
        ForeignKey("milestones.id", ondelete="CASCADE"), index=True
    )
    field: Mapped[str] = mapped_column(String(16))  # status, due_date, created
    old_value: Mapped[str] = mapped_column(String(64), default="")
    new_value: Mapped[str] = mapped_column(String(64), default="")
    reason: Mapped[str] = mapped_column(String(1000), default="")
    changed_by: Mapped[str] = mapped_column(String(256))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ReviewRound(Base):
    """A review round: one group reviews an ordered set of requirements before a deadline.

    `nonce` is put in every card of the round, so a card of another round, or one whose ids
    were edited, is recognised and refused. `card_key` is the outbox key of the round card in
    the group's conversation, which progress updates replace.
    """

    __tablename__ = "review_rounds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    # Requirement ids in the order members step through them.
    requirement_ids: Mapped[list[int]] = mapped_column(JSON)
    deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    instructions: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(8), default="open", index=True)  # open, closed
    opened_by: Mapped[str] = mapped_column(String(256))
    opened_by_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )
    nonce: Mapped[str] = mapped_column(String(32))
    card_key: Mapped[str] = mapped_column(String(200))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by: Mapped[str | None] = mapped_column(String(256))
    decision_sequence: Mapped[int | None] = mapped_column(Integer)
    # How many participating municipalities must answer a requirement; None = the default
    # rule (half of those represented in the group, at least two) (migration 0015).
    min_municipalities: Mapped[int | None] = mapped_column(Integer)


class ReviewAnswer(Base):
    """A member's current answer to one requirement of a round (one row per round, member and
    requirement; every change is also kept in `ReviewAnswerHistory`)."""

    __tablename__ = "review_answers"
    __table_args__ = (UniqueConstraint("round_id", "person_id", "requirement_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("review_rounds.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    requirement_id: Mapped[int] = mapped_column(ForeignKey("requirements.id", ondelete="CASCADE"))
    # agree, agree_with_changes, disagree, not_relevant
    verdict: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    proposal: Mapped[str] = mapped_column(Text, default="")
    priority: Mapped[str | None] = mapped_column(String(8))  # must, should
    revision: Mapped[int] = mapped_column(Integer, default=1)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The requirement version and content fingerprint the member answered on; an answer
    # whose fingerprint is not the requirement's current one is suspect (migration 0015).
    requirement_version: Mapped[int | None] = mapped_column(Integer)
    fingerprint: Mapped[str | None] = mapped_column(String(64))


class ReviewAnswerHistory(Base):
    """Every answer as it was saved, oldest first: nothing a member said is ever lost."""

    __tablename__ = "review_answer_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("review_rounds.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    requirement_id: Mapped[int] = mapped_column(ForeignKey("requirements.id", ondelete="CASCADE"))
    verdict: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    proposal: Mapped[str] = mapped_column(Text, default="")
    priority: Mapped[str | None] = mapped_column(String(8))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    requirement_version: Mapped[int | None] = mapped_column(Integer)
    fingerprint: Mapped[str | None] = mapped_column(String(64))


class Poll(Base):
    """A decision poll of a group: options, deadline, rules, and (once closed) its outcome."""

    __tablename__ = "polls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # [{"id": "o1", "title": "Godkjent"}, ...]; ids are what cards send back.
    options: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    multiple: Mapped[bool] = mapped_column(Boolean, default=False)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    # A fraction as text ("1/2"), so the rule is exact on both databases.
    quorum: Mapped[str] = mapped_column(String(16), default="1/2")
    majority: Mapped[str] = mapped_column(String(16), default="simple")  # simple, two-thirds
    results: Mapped[str] = mapped_column(String(16), default="after-close")  # live, after-close
    close_when_all_voted: Mapped[bool] = mapped_column(Boolean, default=False)
    deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(8), default="open", index=True)  # open, closed
    created_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_by_name: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Where the poll card was posted, and how many times it was redrawn (update keys).
    conversation_id: Mapped[str | None] = mapped_column(String(512))
    card_version: Mapped[int] = mapped_column(Integer, default=0)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_reason: Mapped[str | None] = mapped_column(String(16))  # deadline, all-voted, creator
    outcome: Mapped[str | None] = mapped_column(String(16))  # decided, tie, no_majority, ...
    winner: Mapped[str | None] = mapped_column(String(16))
    decision_sequence: Mapped[int | None] = mapped_column(Integer)
    # An anonymous poll's ballots once sealed at the close: option-id lists in sorted order,
    # with no person and no time, so nothing links a voter to a choice.
    ballots: Mapped[list[list[str]] | None] = mapped_column(JSON)
    # One vote per participating municipality (cast by its delegate, deputy or proxy holder)
    # instead of one per person; and how long after the result members may enter a dissent.
    per_municipality: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    dissent_hours: Mapped[int] = mapped_column(Integer, default=48, server_default="48")


class PollSeat(Base):
    """A municipality's seat in a per-municipality poll: its weight and who speaks for it, as
    the organisation data said when the poll opened; a proxy is recorded with its time."""

    __tablename__ = "poll_seats"

    poll_id: Mapped[int] = mapped_column(
        ForeignKey("polls.id", ondelete="CASCADE"), primary_key=True
    )
    municipality_number: Mapped[str] = mapped_column(
        String(4), ForeignKey("municipalities.number"), primary_key=True
    )
    weight: Mapped[int] = mapped_column(Integer, default=1)
    delegate_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    deputy_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    proxy_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    proxy_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PollConflict(Base):
    """A conflict of interest (inhabilitet): the person left the poll's electorate."""

    __tablename__ = "poll_conflicts"
    __table_args__ = (UniqueConstraint("poll_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    # Names as they were, for the minutes (a record, not a live reference).
    person_name: Mapped[str] = mapped_column(String(256))
    reason: Mapped[str] = mapped_column(Text)
    declared_by: Mapped[str] = mapped_column(String(256))
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime())
    vote_withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)


class PollElector(Base):
    """Who may vote in a poll: the group's membership when it opened (a snapshot)."""

    __tablename__ = "poll_electors"

    poll_id: Mapped[int] = mapped_column(
        ForeignKey("polls.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    is_chair: Mapped[bool] = mapped_column(Boolean, default=False)
    # Set when an anonymous poll closes and its votes are sealed: the turnout, without choices.
    voted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Per-municipality polls: the municipality spoken for and how (`vocabulary.Represents`).
    municipality_number: Mapped[str | None] = mapped_column(String(4))
    represents: Mapped[str | None] = mapped_column(String(8))


class PollVote(Base):
    """A voter's current vote: one row per voter (the primary key), replaced on change."""

    __tablename__ = "poll_votes"

    poll_id: Mapped[int] = mapped_column(
        ForeignKey("polls.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    # Option ids; empty for an abstention (present for the quorum, not counted for any option).
    choices: Mapped[list[str]] = mapped_column(JSON)
    # 1 for the first vote, +1 per change; cards carry it so a stale card cannot overwrite.
    revision: Mapped[int] = mapped_column(Integer, default=1)
    cast_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # A short reason given with a named vote (never in an anonymous poll); for the minutes.
    reason: Mapped[str | None] = mapped_column(Text)


class PollVoteHistory(Base):
    """Every vote and change, appended, never updated."""

    __tablename__ = "poll_vote_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    choices: Mapped[list[str]] = mapped_column(JSON)
    cast_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RequirementQuality(Base):
    """A requirement's quality findings, computed when its text or the rule book last changed,
    so cards read them instead of computing them per click."""

    __tablename__ = "requirement_quality"

    requirement_id: Mapped[int] = mapped_column(
        ForeignKey("requirements.id", ondelete="CASCADE"), primary_key=True
    )
    # SHA-256 of the normalised text the findings were computed for.
    fingerprint: Mapped[str] = mapped_column(String(64))
    rules_version: Mapped[str] = mapped_column(String(32))
    score: Mapped[int] = mapped_column(Integer)
    # Open findings: [{rule, words, spans, count}]; dismissed ones are listed by rule.
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    dismissed: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class QualityDismissal(Base):
    """A finding set aside by a person, with their reason; it holds while the requirement's
    text keeps the fingerprint it was given for."""

    __tablename__ = "quality_dismissals"
    __table_args__ = (UniqueConstraint("requirement_id", "rule", "fingerprint"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    requirement_id: Mapped[int] = mapped_column(
        ForeignKey("requirements.id", ondelete="CASCADE"), index=True
    )
    rule: Mapped[str] = mapped_column(String(32))
    fingerprint: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(1000))
    dismissed_by: Mapped[str] = mapped_column(String(256))
    dismissed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class OverlapMark(Base):
    """What people decided about two overlapping requirements: one is a duplicate of the other,
    they are related, or they are distinct. One mark per pair (`low_id` < `high_id`)."""

    __tablename__ = "overlap_marks"
    __table_args__ = (UniqueConstraint("low_id", "high_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    low_id: Mapped[int] = mapped_column(
        ForeignKey("requirements.id", ondelete="CASCADE"), index=True
    )
    high_id: Mapped[int] = mapped_column(
        ForeignKey("requirements.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # duplicate, related, distinct
    # For a duplicate: the requirement that is the duplicate (the other one is kept).
    duplicate_id: Mapped[int | None] = mapped_column(Integer)
    marked_by: Mapped[str] = mapped_column(String(256))
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Baseline(Base):
    """A named, frozen set of requirement versions with one fingerprint over all of them."""

    __tablename__ = "baselines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # What was asked for: a group code and a status, or empty for all.
    group_code: Mapped[str] = mapped_column(String(16), default="")
    status_filter: Mapped[str] = mapped_column(String(16), default="")
    fingerprint: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decision_sequence: Mapped[int | None] = mapped_column(Integer)


class BaselineItem(Base):
    """One requirement version in a baseline, with the content it had (kept, not looked up)."""

    __tablename__ = "baseline_items"

    baseline_id: Mapped[int] = mapped_column(
        ForeignKey("baselines.id", ondelete="CASCADE"), primary_key=True
    )
    requirement_id: Mapped[int] = mapped_column(ForeignKey("requirements.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(64))
    # The versioned fields as they were (see `storage.requirements.snapshot`).
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)


class Endorsement(Base):
    """An endorsement round: every participating municipality is asked to stand behind a
    baseline by a deadline."""

    __tablename__ = "endorsements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    baseline_id: Mapped[int] = mapped_column(ForeignKey("baselines.id"), index=True)
    deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(8), default="open", index=True)  # open, closed
    # The participating municipalities when it opened (numbers): who is asked.
    municipalities: Mapped[list[str]] = mapped_column(JSON)
    opened_by: Mapped[str] = mapped_column(String(256))
    opened_by_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by: Mapped[str | None] = mapped_column(String(256))
    decision_sequence: Mapped[int | None] = mapped_column(Integer)
    # How many times the status card was redrawn (update keys).
    card_version: Mapped[int] = mapped_column(Integer, default=0)


class EndorsementAnswer(Base):
    """A municipality's current answer: one row per endorsement and municipality."""

    __tablename__ = "endorsement_answers"
    __table_args__ = (UniqueConstraint("endorsement_id", "municipality_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    endorsement_id: Mapped[int] = mapped_column(
        ForeignKey("endorsements.id", ondelete="CASCADE"), index=True
    )
    municipality_number: Mapped[str] = mapped_column(String(4), ForeignKey("municipalities.number"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    person_name: Mapped[str] = mapped_column(String(256))
    stance: Mapped[str] = mapped_column(String(20))  # vocabulary.Stance
    # The reservation (med forbehold) or the reason (ikke).
    reservation: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class EndorsementAnswerHistory(Base):
    """Every endorsement answer as given, appended, never updated."""

    __tablename__ = "endorsement_answer_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    endorsement_id: Mapped[int] = mapped_column(
        ForeignKey("endorsements.id", ondelete="CASCADE"), index=True
    )
    municipality_number: Mapped[str] = mapped_column(String(4))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    person_name: Mapped[str] = mapped_column(String(256))
    stance: Mapped[str] = mapped_column(String(20))
    reservation: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Risk(Base):
    """A risk of the ROS register: likelihood and consequence 1-5, owner, measures, review date."""

    __tablename__ = "risks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    likelihood: Mapped[int] = mapped_column(Integer)
    consequence: Mapped[int] = mapped_column(Integer)
    measures: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)  # RiskStatus
    next_review: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RiskChange(Base):
    """One change of one field of a risk: old and new value, who and when (never updated)."""

    __tablename__ = "risk_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    risk_id: Mapped[int] = mapped_column(ForeignKey("risks.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(16))
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")
    changed_by: Mapped[str] = mapped_column(String(256))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ParticipationNudge(Base):
    """A 1:1 nudge the project lead sent to a municipality's contact person (the log of them)."""

    __tablename__ = "participation_nudges"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    municipality_number: Mapped[str] = mapped_column(
        String(4), ForeignKey("municipalities.number"), index=True
    )
    # The outbox key, one per municipality and ISO week: the weekly limit on both databases.
    key: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    sent_by: Mapped[str] = mapped_column(String(256))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class StatusReport(Base):
    """A status report to the steering group: Kravbot's draft, the lead's assessment, approval."""

    __tablename__ = "status_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # The day the report covers up to (local date); one report per day at most.
    period_end: Mapped[date] = mapped_column(Date, unique=True)
    # What Kravbot drafted, as plain data (sections of headed lines), in the record language.
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    assessment: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="draft")  # ReportStatus
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    approved_by: Mapped[str | None] = mapped_column(String(256))
    decision_sequence: Mapped[int | None] = mapped_column(Integer)
