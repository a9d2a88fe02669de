"""The registry of the app's workflows, for tests that fire timers or build digests directly."""

from __future__ import annotations

from bot.bootstrap import bot_workflows
from dialogs.kernel.registry import Registry, Workflow


def app_registry(*extra: Workflow) -> Registry:
    """Every workflow of the app, plus `extra` ones a test brings."""
    return Registry((*bot_workflows(), *extra))


REGISTRY = app_registry()
