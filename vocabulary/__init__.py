"""Kravbot's vocabulary: the words every layer shares, defined once.

A leaf: it imports nothing of Kravbot's, so that storage, cards, dialogs and bot may all import
it. Each enum is a `StrEnum`, so its members compare equal to the strings stored in the database
and sent on cards (`Verdict.AGREE == "agree"`), and `tuple(Verdict)` lists the allowed values.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final, Literal

# The languages of every text: bokmål (the default), nynorsk and English.
Language = Literal["nb", "nn", "en"]
LANGUAGES: Final[tuple[Language, ...]] = ("nb", "nn", "en")
DEFAULT_LANGUAGE: Final[Language] = "nb"


class Verdict(StrEnum):
    """A member's answer to one requirement in a review round."""

    AGREE = "agree"
    AGREE_WITH_CHANGES = "agree_with_changes"
    DISAGREE = "disagree"
    NOT_RELEVANT = "not_relevant"


class RequirementType(StrEnum):
    """Mandatory (skal-krav) or evaluated (bør-krav)."""

    MUST = "must"
    SHOULD = "should"


class RequirementStatus(StrEnum):
    """Where a requirement stands in the specification work."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    AGREED = "agreed"
    CONTESTED = "contested"
    APPROVED = "approved"
    REJECTED = "rejected"
    MERGED = "merged"
    DEFERRED = "deferred"


class GroupKind(StrEnum):
    """What a group is in the project organisation."""

    WORKING = "working"
    STEERING = "steering"
    PROJECT = "project"
    REFERENCE = "reference"
    # The project owner (prosjekteier): DigiTV's board, which set up the steering group.
    OWNER = "owner"


class MemberRole(StrEnum):
    """A person's role in one group."""

    MEMBER = "member"
    CHAIR = "chair"
    DEPUTY_CHAIR = "deputy_chair"


class MunicipalityRole(StrEnum):
    """A role a person holds for their municipality (optionally within one group).

    Additive by design: per-group delegates and deputies are further members, not new tables.
    """

    # The one Kravbot asks on behalf of the municipality (e.g. when it is silent).
    CONTACT = "contact"
    # Another person the municipality authorises to answer an endorsement on its behalf.
    AUTHORISED = "authorised"
    # Per group: who casts the municipality's one vote in a per-municipality poll, and the
    # deputy (vara) whose vote counts only when the delegate has not voted.
    DELEGATE = "delegate"
    DEPUTY = "deputy"


class Reachability(StrEnum):
    """Whether Kravbot can deliver a 1:1 message to a person, and if not, why."""

    # A personal chat with the bot exists.
    REACHABLE = "reachable"
    # No chat yet, but one can be created: the Teams (or Entra) id is known.
    CAN_CREATE = "can_create"
    NO_ACCOUNT = "no_account"
    NOT_INSTALLED = "not_installed"
    BLOCKED = "blocked"
    LEFT_TENANT = "left_tenant"
    # Teams refused a message for another reason (the outbox row ended dead).
    UNDELIVERED = "undelivered"


UNREACHABLE: Final = frozenset(
    {
        Reachability.NO_ACCOUNT,
        Reachability.NOT_INSTALLED,
        Reachability.BLOCKED,
        Reachability.LEFT_TENANT,
        Reachability.UNDELIVERED,
    }
)


class PersonRole(StrEnum):
    """Roles a person holds across Kravbot (from the people sheet)."""

    ADMIN = "admin"
    PROJECT_LEAD = "project_lead"


class MilestoneStatus(StrEnum):
    """A milestone's status."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    LATE = "late"
    CANCELLED = "cancelled"


OPEN_MILESTONE_STATUSES: Final = (
    MilestoneStatus.PLANNED,
    MilestoneStatus.IN_PROGRESS,
    MilestoneStatus.LATE,
)


class Precision(StrEnum):
    """How exactly a milestone's date is known: to the day, or only the month."""

    DAY = "day"
    MONTH = "month"


class DecisionKind(StrEnum):
    """What a decision-log entry records."""

    POLL = "poll"
    REVIEW = "review"
    MILESTONE = "milestone"
    MANUAL = "manual"
    # A change of the project organisation: a group created, renamed, given an alias, archived.
    ORGANISATION = "organisation"
    # A baseline frozen (its fingerprint in the basis).
    BASELINE = "baseline"
    # The result of an endorsement round (per municipality, with the baseline's fingerprint).
    ENDORSEMENT = "endorsement"
    # An approved status report to the steering group.
    STATUS_REPORT = "status_report"
    # A member's dissent (protokolltilførsel), linked to the poll's decision by `dissent_to`.
    DISSENT = "dissent"


class DecisionStatus(StrEnum):
    """A final decision, or a correction of an earlier one (the log is append-only)."""

    FINAL = "final"
    CORRECTION = "correction"


class Represents(StrEnum):
    """How an elector of a per-municipality poll speaks for their municipality."""

    DELEGATE = "delegate"
    DEPUTY = "deputy"
    # Holds the delegate's proxy (fullmakt): votes in the delegate's place.
    PROXY = "proxy"


class RoundStatus(StrEnum):
    """A review round or a poll: open, or closed for good."""

    OPEN = "open"
    CLOSED = "closed"


class Majority(StrEnum):
    """The majority a poll option needs to win."""

    SIMPLE = "simple"
    TWO_THIRDS = "two-thirds"


class OutboxStatus(StrEnum):
    """Where a proactive message stands in the outbox."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    SUPERSEDED = "superseded"
    BLOCKED = "blocked"
    DEAD = "dead"


class TimerKind(StrEnum):
    """Every kind of workflow timer; start-up fails unless each has exactly one handler."""

    REVIEW_PROGRESS = "review.progress"
    REVIEW_REMINDER = "review.reminder"
    REVIEW_CLOSE = "review.close"
    POLL_CLOSE = "poll.close"
    POLL_REMINDER = "poll.reminder"
    MILESTONE_REMINDER = "milestone.reminder"
    ENDORSEMENT_REMINDER = "endorsement.reminder"
    ENDORSEMENT_CLOSE = "endorsement.close"
    ENDORSEMENT_ESCALATION = "endorsement.escalation"
    RISK_REVIEW = "risk.review"
    # A requirement got a new text while answers on its older text exist in an open round.
    REQUIREMENT_CHANGED = "requirement.changed"


class ReviewOutcome(StrEnum):
    """The outcome of one requirement in a review round (the coverage rule)."""

    AGREED = "agreed"
    CONTESTED = "contested"
    # Too few participating municipalities answered for the group to speak for them.
    INSUFFICIENT = "insufficient"


class Stance(StrEnum):
    """A municipality's answer to an endorsement of a baseline."""

    ENDORSE = "endorse"
    WITH_RESERVATIONS = "with_reservations"
    NOT_ENDORSE = "not_endorse"


class RiskStatus(StrEnum):
    """Where a risk of the ROS register stands."""

    OPEN = "open"
    MONITORING = "monitoring"
    CLOSED = "closed"


class ParticipationFlag(StrEnum):
    """Why a municipality stands out in the participation overview."""

    # A participating municipality with no member in a working group.
    NOBODY = "nobody"
    # Members, but no answer or vote for a set number of weeks.
    SILENT = "silent"


class ReportStatus(StrEnum):
    """A status report: drafted by Kravbot, approved by the project lead."""

    DRAFT = "draft"
    APPROVED = "approved"


# The project group (prosjektgruppe): gets the weekly digest; the default group of milestones.
PROJECT_GROUP: Final = "PRO"
# The steering group (styringsgruppe): takes the decisions; gets milestone escalations.
STEERING_GROUP: Final = "STY"


class OverlapKind(StrEnum):
    """What people decided about two overlapping requirements."""

    DUPLICATE = "duplicate"
    RELATED = "related"
    DISTINCT = "distinct"
