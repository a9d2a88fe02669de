"""Prometheus metrics (`GET /metrics`, off unless KRAVBOT_METRICS=on) with the official client.

Counters and histograms are observed where things happen (turns, sends, retries); the outbox
depth, the leader role and the timer lag are read when Prometheus scrapes.
"""

from __future__ import annotations

from datetime import datetime

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from storage.models import utcnow

# Kravbot's own registry: no process-wide default state shared with other libraries.
REGISTRY = CollectorRegistry()
# Teams wants an invoke answered within 5 s; the buckets resolve the range that matters.
_FAST = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0)
TURN_SECONDS = Histogram(
    "kravbot_turn_seconds", "Time to answer a message turn", buckets=_FAST, registry=REGISTRY
)
INVOKE_SECONDS = Histogram(
    "kravbot_invoke_seconds",
    "Time to answer an invoke (card action)",
    buckets=_FAST,
    registry=REGISTRY,
)
DELIVERY_SECONDS = Histogram(
    "kravbot_delivery_seconds",
    "From enqueueing a proactive message to Teams accepting it",
    buckets=(0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800, 3600),
    registry=REGISTRY,
)
THROTTLED = Counter("kravbot_teams_throttled", "Answers 429 from Teams", registry=REGISTRY)
RETRIES = Counter(
    "kravbot_outbox_retries", "Sends scheduled for another attempt", registry=REGISTRY
)
DEAD = Counter("kravbot_outbox_dead", "Messages given up on (dead)", registry=REGISTRY)
OUTBOX = Gauge(
    "kravbot_outbox_messages", "Outbox messages by status", ["status"], registry=REGISTRY
)
LEADER = Gauge(
    "kravbot_leader", "1 while this process leads delivery and scheduling", registry=REGISTRY
)
TIMER_LAG = Gauge(
    "kravbot_timer_lag_seconds",
    "How long the most overdue timer had been due at the last check of the timers table",
    registry=REGISTRY,
)


def observe_delivery(created_at: datetime | None) -> None:
    """Record the delivery latency of a message Teams just accepted."""
    if created_at is not None:
        DELIVERY_SECONDS.observe(max(0.0, (utcnow() - created_at).total_seconds()))


def observe_timer_lag(oldest_due: datetime | None, now: datetime) -> None:
    """Record how overdue the oldest pending timer is (0 when none is due)."""
    TIMER_LAG.set(max(0.0, (now - oldest_due).total_seconds()) if oldest_due else 0.0)
