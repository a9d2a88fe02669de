"""The composition root: every workflow listed once, and the running service wired from them.

A new workflow is one package under `dialogs/` that declares a `Workflow`, plus one line in
`bot_workflows()` below. Nothing registers itself on import: the registry is built here at start-up
and fails then if two workflows claim one command, verb or timer, or a timer kind has no handler.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aiohttp import web

from bot.adapter import KravbotAdapter, KravbotAuthentication
from bot.auth import ChannelTokenValidator
from bot.background import Background
from bot.config import Settings
from bot.connector import ConnectorClient
from bot.credentials import TokenProvider, token_provider
from bot.dispatcher import DispatcherConfig
from bot.graph import GraphDirectory, graph_token_provider
from bot.handler import KravbotHandler
from bot.roster import TeamsRoster
from cards.texts import language_for
from dialogs import (
    baselines,
    catalogue,
    decisions,
    digest,
    endorsements,
    milestones,
    participation,
    polls,
    privacy,
    quality,
    reports,
    reviews,
    risks,
)
from dialogs import help as help_workflow
from dialogs.kernel.access import IdentityCheck
from dialogs.kernel.context import DialogContext
from dialogs.kernel.recorder import ConversationRecorder
from dialogs.kernel.registry import Registry, Workflow
from storage.answer_writer import AnswerWriter
from storage.database import Database


def bot_workflows(
    digest_cron: str = digest.DEFAULT_CRON,
    retention: privacy.Retention | None = None,
    overview: OverviewSettings | None = None,
) -> tuple[Workflow, ...]:
    """Every workflow Kravbot runs; the digest goes out at `digest_cron` (`KRAVBOT_DIGEST_CRON`),
    chat data is kept as long as `retention` says (`KRAVBOT_RETENTION_*`), the overview's
    settings are `overview` (`KRAVBOT_SILENT_WEEKS`, `KRAVBOT_REPORT_*`)."""
    shown = overview or OverviewSettings()
    workflows = (
        help_workflow.WORKFLOW,
        catalogue.WORKFLOW,
        reviews.WORKFLOW,
        polls.WORKFLOW,
        milestones.WORKFLOW,
        decisions.WORKFLOW,
        quality.WORKFLOW,
        digest.workflow(digest_cron),
        privacy.workflow(retention),
        baselines.WORKFLOW,
        endorsements.WORKFLOW,
        participation.workflow(shown.silent_weeks),
        risks.WORKFLOW,
    )
    return (*workflows, reports.workflow(shown.report_cron, workflows))


@dataclass(frozen=True, slots=True)
class OverviewSettings:
    """The steering group's overview: weeks until a municipality counts as silent, and when
    status reports are drafted."""

    silent_weeks: int = participation.DEFAULT_SILENT_WEEKS
    report_cron: str = reports.DEFAULT_CRON


def overview_of(settings: Settings) -> OverviewSettings:
    """The overview's settings from the configuration."""
    return OverviewSettings(silent_weeks=settings.silent_weeks, report_cron=settings.report_cron)


def build_registry(settings: Settings) -> Registry:
    """The registry of every workflow's commands, card verbs, timers and cron jobs."""
    return Registry(
        bot_workflows(settings.digest_cron, retention_of(settings), overview_of(settings))
    )


def retention_of(settings: Settings) -> privacy.Retention:
    """The retention of chat-derived data from the settings."""
    return privacy.Retention(settings.retention_outbox_days, settings.retention_conversation_days)


def dialog_context(settings: Settings, db: Database, connector: ConnectorClient) -> DialogContext:
    """What every workflow step gets: the database, defaults, and Teams and Graph reads."""
    directory = (
        GraphDirectory(settings.graph_url, graph_token_provider(settings))
        if settings.graph_enabled
        else None
    )
    return DialogContext(
        db=db,
        default_language=language_for(settings.language),
        timezone=settings.zone,
        roster=TeamsRoster(connector),
        directory=directory,
        answers=AnswerWriter(db),
        witness=settings.witness(),
        quality_dir=settings.quality_path,
        identities=IdentityCheck(db),
    )


@dataclass
class Services:
    """The parts of a running Kravbot, built at start-up and closed at shutdown."""

    settings: Settings
    db: Database
    connector: ConnectorClient
    validator: ChannelTokenValidator | None
    authentication: KravbotAuthentication
    adapter: KravbotAdapter
    handler: KravbotHandler
    ctx: DialogContext
    registry: Registry
    # Leader election, outbox dispatcher and scheduler; None when the app runs without them.
    background: Background | None = None

    @property
    def directory(self) -> GraphDirectory | None:
        """Microsoft Graph, only when KRAVBOT_GRAPH_ENABLED is true."""
        directory = self.ctx.directory
        return directory if isinstance(directory, GraphDirectory) else None

    async def close(self) -> None:
        """Release connections; in-flight turns have finished by now."""
        await self.connector.close()
        if self.directory is not None:
            await self.directory.close()
        if self.validator is not None:
            await self.validator.close()
        await self.db.dispose()


def build_services(
    settings: Settings,
    *,
    tokens: TokenProvider | None = None,
    background: bool = True,
    workflows: Sequence[Workflow] | None = None,
) -> Services:
    """Wire the database, the connector, authentication, the workflows and the handler.

    `tokens` replaces the bot's token provider (tests use a fixed token instead of msal);
    with `background` the process campaigns for leadership to run the dispatcher and scheduler;
    `workflows` replaces `bot_workflows(...)` (tests add workflows of their own).
    """
    registry = Registry(
        workflows
        if workflows is not None
        else bot_workflows(settings.digest_cron, retention_of(settings), overview_of(settings))
    )
    db = Database(
        settings.database_url,
        connect_timeout=settings.db_connect_timeout,
        statement_timeout=settings.db_statement_timeout,
    )
    # Replies pace at the configured Teams limits in every process, leader or not; a leader's
    # dispatcher shares this window (bot/background.py).
    pacer = DispatcherConfig.from_settings(settings).pacer()
    connector = ConnectorClient(tokens or token_provider(settings), pacer=pacer)
    validator = (
        None
        if settings.local_mode
        else ChannelTokenValidator(
            app_id=settings.app_id,
            metadata_url=settings.openid_metadata_url,
            issuer=settings.token_issuer,
        )
    )
    authentication = KravbotAuthentication(validator, connector)
    adapter = KravbotAdapter(authentication, connector)
    ctx = dialog_context(settings, db, connector)
    handler = KravbotHandler(adapter, ConversationRecorder(db), ctx, registry)
    services = Services(
        settings, db, connector, validator, authentication, adapter, handler, ctx, registry
    )
    if background:
        services.background = Background(settings, ctx, registry, connector)
    return services


# Where the aiohttp application keeps the running service.
SERVICES = web.AppKey("services", Services)


async def check_timers(services: Services) -> None:
    """Refuse to start when the database holds timers of a kind no workflow handles."""
    async with services.db.read() as uow:
        services.registry.check_pending(await uow.timers.pending_jobs())
