"""The registry of workflows: clashes and unhandled timer kinds stop start-up, not a turn later."""

from __future__ import annotations

import pytest

from bot.bootstrap import bot_workflows
from dialogs.kernel.context import DialogContext
from dialogs.kernel.registry import FiredTimer, Registry, RegistryError, Workflow
from dialogs.kernel.turns import Message, TurnInput
from storage.uow import UnitOfWork
from vocabulary import TimerKind


async def _command(turn: TurnInput, ctx: DialogContext, argument: str) -> list[Message]:
    return []


async def _timer(uow: UnitOfWork, ctx: DialogContext, timer: FiredTimer) -> None:
    return None


def test_the_app_registry_handles_every_timer_kind_and_has_the_digest() -> None:
    registry = Registry(bot_workflows("tue 07:15"))
    assert set(registry.timers) == {str(kind) for kind in TimerKind}
    assert {"help", "new_review", "new_poll", "milestones", "decisions"} <= set(registry.commands)
    digest = registry.cron("digest.weekly")
    assert digest is not None and dict(digest.cron) == {
        "day_of_week": "tue",
        "hour": 7,
        "minute": 15,
    }
    assert len(registry.digest_sections) == 2


def test_a_timer_kind_without_handler_fails_start_up() -> None:
    without_polls = [w for w in bot_workflows() if w.name != "polls"]
    with pytest.raises(RegistryError, match=r"poll\.close, poll\.reminder"):
        Registry(without_polls)


def test_two_workflows_claiming_one_command_or_timer_fail_start_up() -> None:
    first = Workflow("first", commands={"help": _command})
    with pytest.raises(RegistryError, match="command 'help' is claimed by help and first"):
        Registry([*bot_workflows(), first])
    second = Workflow("second", timers={TimerKind.REVIEW_CLOSE: _timer})
    with pytest.raises(RegistryError, match=r"review\.close"):
        Registry([*bot_workflows(), second])
    with pytest.raises(RegistryError, match="listed twice"):
        Registry([*bot_workflows(), *bot_workflows()])


def test_pending_timers_of_unknown_kinds_are_refused() -> None:
    registry = Registry(bot_workflows())
    registry.check_pending({"review.close", "poll.reminder"})
    with pytest.raises(RegistryError, match=r"gone\.away"):
        registry.check_pending({"review.close", "gone.away"})
