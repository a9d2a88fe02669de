"""Kravbot's configuration, read from the environment and an optional `.env` file."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from cards.texts import LANGUAGES
from storage.checkpoint import CheckpointError, Witness, load_private_key

# Microsoft Graph's base URL; KRAVBOT_GRAPH_URL points tests at a local emulator instead.
GRAPH_URL = "https://graph.microsoft.com/v1.0"
_LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})


class AppType(StrEnum):
    """How the bot's Entra app registration authenticates (Bot Framework's MicrosoftAppType)."""

    MULTI_TENANT = "MultiTenant"
    SINGLE_TENANT = "SingleTenant"
    USER_ASSIGNED_MSI = "UserAssignedMSI"


class Settings(BaseSettings):
    """Every setting Kravbot reads. Bot Framework's own variable names are kept as they are."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
    )

    database_url: str = Field(
        default="sqlite+aiosqlite:///kravbot.db", validation_alias="KRAVBOT_DATABASE_URL"
    )
    port: int = Field(default=3978, ge=1, le=65535, validation_alias="PORT")
    timezone: str = Field(default="Europe/Oslo", validation_alias="KRAVBOT_TIMEZONE")
    language: str = Field(default="nb", validation_alias="KRAVBOT_LANGUAGE")
    allowed_tenants: Annotated[frozenset[str], NoDecode] = Field(
        default=frozenset(), validation_alias="KRAVBOT_ALLOWED_TENANTS"
    )
    log_level: str = Field(default="INFO", validation_alias="KRAVBOT_LOG_LEVEL")

    app_id: str = Field(
        default="", validation_alias=AliasChoices("MicrosoftAppId", "MICROSOFTAPPID")
    )
    app_password: SecretStr = Field(
        default=SecretStr(""),
        validation_alias=AliasChoices("MicrosoftAppPassword", "MICROSOFTAPPPASSWORD"),
    )
    app_type: AppType = Field(
        default=AppType.MULTI_TENANT,
        validation_alias=AliasChoices("MicrosoftAppType", "MICROSOFTAPPTYPE"),
    )
    app_tenant_id: str = Field(
        default="", validation_alias=AliasChoices("MicrosoftAppTenantId", "MICROSOFTAPPTENANTID")
    )

    # Where channel tokens are validated; tests point these at a local OpenID/JWKS server.
    openid_metadata_url: str = Field(
        default="https://login.botframework.com/v1/.well-known/openidconfiguration",
        validation_alias="KRAVBOT_OPENID_METADATA_URL",
    )
    token_issuer: str = Field(
        default="https://api.botframework.com", validation_alias="KRAVBOT_TOKEN_ISSUER"
    )
    # Microsoft Graph (optional): people's municipality from Entra ID (companyName, department).
    # Tokens come from the bot's own app registration (client credentials, User.Read.All).
    graph_enabled: bool = Field(default=False, validation_alias="KRAVBOT_GRAPH_ENABLED")
    graph_url: str = Field(default=GRAPH_URL, validation_alias="KRAVBOT_GRAPH_URL")
    # Kravbot's id in the tenant's Teams app catalog: with Graph enabled, the dispatcher installs
    # the app for a member whose 1:1 chat Teams refuses
    # (Graph permission TeamsAppInstallation.ReadWriteSelfForUser.All).
    teams_app_catalog_id: str | None = Field(
        default=None, validation_alias="KRAVBOT_TEAMS_APP_CATALOG_ID"
    )
    # Seconds a turn may take to finish after SIGTERM before the process stops anyway.
    shutdown_timeout: float = Field(default=20.0, gt=0, validation_alias="KRAVBOT_SHUTDOWN_TIMEOUT")
    # Proactive delivery (bot/dispatcher.py): Teams' limits per conversation as LIMIT/SECONDS
    # windows, the tenant-wide budget per second, retries, concurrency and polling.
    conversation_limits: str = Field(
        default="7/1,8/2,60/30,1800/3600", validation_alias="KRAVBOT_CONVERSATION_LIMITS"
    )
    tenant_rate: int = Field(default=30, ge=1, validation_alias="KRAVBOT_TENANT_RATE")
    # Transient failures (429, 412, 5xx, timeouts) are retried this many seconds from the first
    # failure of a run before a message is dead; other failures end it at once.
    outbox_retry_budget: float = Field(
        default=48 * 3600.0, gt=0, validation_alias="KRAVBOT_OUTBOX_RETRY_BUDGET"
    )
    outbox_retry_base: float = Field(
        default=1.0, gt=0, validation_alias="KRAVBOT_OUTBOX_RETRY_BASE"
    )
    outbox_retry_cap: float = Field(
        default=300.0, gt=0, validation_alias="KRAVBOT_OUTBOX_RETRY_CAP"
    )
    # Messages on the wire at once; also the most duplicates a crash can cause (see README).
    outbox_concurrency: int = Field(default=16, ge=1, validation_alias="KRAVBOT_OUTBOX_CONCURRENCY")
    # A proactive send without an answer after this many seconds counts as failed (retried).
    outbox_send_timeout: float = Field(
        default=10.0, gt=0, validation_alias="KRAVBOT_OUTBOX_SEND_TIMEOUT"
    )
    # Seconds without any successful send (while sends fail) before Teams counts as failing:
    # one WARNING, and /readyz and `kravbot outbox status` say so.
    outbox_outage_after: float = Field(
        default=180.0, gt=0, validation_alias="KRAVBOT_OUTBOX_OUTAGE_AFTER"
    )
    # Requests per second of the tenant rate kept for replies to people (a broadcast takes
    # what replies leave).
    reply_reserve: int = Field(default=2, ge=0, validation_alias="KRAVBOT_REPLY_RESERVE")
    outbox_poll_interval: float = Field(
        default=0.5, gt=0, validation_alias="KRAVBOT_OUTBOX_POLL_INTERVAL"
    )
    # Seconds added to every rate window, for the jitter between our send and Teams' count.
    pacing_margin: float = Field(default=0.02, ge=0, validation_alias="KRAVBOT_PACING_MARGIN")
    # Seconds between a standby's attempts to become leader (PostgreSQL, several replicas).
    leader_retry: float = Field(default=3.0, gt=0, validation_alias="KRAVBOT_LEADER_RETRY")
    # Seconds a leader's term outlives its last renewal: after a leader vanishes, its
    # unfinished sends are sent again this long after its last heartbeat at the latest.
    leader_lease: float = Field(default=20.0, gt=0, validation_alias="KRAVBOT_LEADER_LEASE")
    # Database connections: seconds to connect, and per statement (PostgreSQL).
    db_connect_timeout: float = Field(
        default=5.0, gt=0, validation_alias="KRAVBOT_DB_CONNECT_TIMEOUT"
    )
    db_statement_timeout: float = Field(
        default=30.0, gt=0, validation_alias="KRAVBOT_DB_STATEMENT_TIMEOUT"
    )
    # `kravbot serve` waits this many seconds for an unreachable database before giving up.
    db_wait: float = Field(default=60.0, ge=0, validation_alias="KRAVBOT_DB_WAIT")
    # Seconds between the scheduler's checks of the timers table.
    timer_interval: float = Field(default=5.0, gt=0, validation_alias="KRAVBOT_TIMER_INTERVAL")

    # The weekly digest to the project group: a weekday and an Oslo time ("mon 08:30").
    digest_cron: str = Field(default="mon 08:30", validation_alias="KRAVBOT_DIGEST_CRON")
    # A directory of quality word lists and rules.toml that extend the shipped ones.
    quality_dir: str = Field(default="", validation_alias="KRAVBOT_QUALITY_DIR")
    # Participation: weeks without answers or votes before a municipality is flagged silent.
    silent_weeks: int = Field(default=3, ge=1, le=52, validation_alias="KRAVBOT_SILENT_WEEKS")
    # The Teams tab «Oversikt»: the public host name it is served on (the SSO token's audience
    # is api://<host>/<app id>), and where Entra ID's signing keys are published.
    tab_host: str = Field(default="", validation_alias="KRAVBOT_TAB_HOST")
    sso_metadata_url: str = Field(
        default="https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
        validation_alias="KRAVBOT_SSO_METADATA_URL",
    )
    sso_issuer: str = Field(
        default="https://login.microsoftonline.com/{tenantid}/v2.0",
        validation_alias="KRAVBOT_SSO_ISSUER",
    )
    # Status reports: a weekday, an Oslo time and how often ("mon 08:00 every 2 weeks").
    report_cron: str = Field(
        default="mon 08:00 every 2 weeks", validation_alias="KRAVBOT_REPORT_CRON"
    )
    # Secret of the milestone calendar feed (GET /calendar/milestones.ics?token=...); empty
    # turns the feed off.
    calendar_token: SecretStr = Field(
        default=SecretStr(""), validation_alias="KRAVBOT_CALENDAR_TOKEN"
    )

    # Privacy (docs/privacy.md): days the bodies of sent messages and idle 1:1 chat records
    # are kept before the daily clean-up removes them.
    retention_outbox_days: int = Field(
        default=90, ge=1, validation_alias="KRAVBOT_RETENTION_OUTBOX_DAYS"
    )
    retention_conversation_days: int = Field(
        default=365, ge=1, validation_alias="KRAVBOT_RETENTION_CONVERSATION_DAYS"
    )
    # Operations (docs/operations.md): /metrics (off unless "on"), its optional bearer token,
    # and the log format ("text" or "json").
    metrics: bool = Field(default=False, validation_alias="KRAVBOT_METRICS")
    metrics_token: SecretStr = Field(
        default=SecretStr(""), validation_alias="KRAVBOT_METRICS_TOKEN"
    )
    log_format: str = Field(default="text", validation_alias="KRAVBOT_LOG_FORMAT")
    # Where Kravbot and `kravbot doctor` ask Entra ID for tokens (tests: a local server).
    login_url: str = Field(
        default="https://login.microsoftonline.com", validation_alias="KRAVBOT_LOGIN_URL"
    )

    @field_validator("login_url")
    @classmethod
    def _login_url(cls, value: str) -> str:
        return normalize_graph_url(value)

    @field_validator("log_format")
    @classmethod
    def _log_format(cls, value: str) -> str:
        value = value.strip().lower()
        if value not in ("text", "json"):
            raise ValueError("must be text or json")
        return value

    # The decision log's Ed25519 checkpoint key: PEM or base64 of the 32 raw bytes, or a file
    # (written by `kravbot keys generate`); without one no checkpoints are signed.
    signing_key: SecretStr = Field(default=SecretStr(""), validation_alias="KRAVBOT_SIGNING_KEY")
    signing_key_file: str = Field(default="", validation_alias="KRAVBOT_SIGNING_KEY_FILE")
    # Every signed checkpoint is appended here, for the operator to ship elsewhere.
    checkpoint_file: str = Field(default="", validation_alias="KRAVBOT_CHECKPOINT_FILE")

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        return normalize_database_url(value)

    @field_validator("conversation_limits")
    @classmethod
    def _windows(cls, value: str) -> str:
        from bot.throttle import format_windows, parse_windows

        return format_windows(parse_windows(value))

    @field_validator("digest_cron")
    @classmethod
    def _digest_cron(cls, value: str) -> str:
        from dialogs.digest import parse_cron

        parse_cron(value)
        return value.strip().lower()

    @field_validator("report_cron")
    @classmethod
    def _report_cron(cls, value: str) -> str:
        from dialogs.reports import parse_schedule

        parse_schedule(value)
        return value.strip().lower()

    @field_validator("quality_dir")
    @classmethod
    def _quality_dir(cls, value: str) -> str:
        if not value.strip():
            return ""
        from dialogs.quality.book import load_book

        if not Path(value).is_dir():
            raise ValueError(f"{value} is not a directory")
        try:
            load_book(Path(value))
        except (OSError, ValueError, TypeError, UnicodeDecodeError) as exc:
            raise ValueError(f"its word lists or rules.toml cannot be read: {exc}") from exc
        return value

    @field_validator("graph_url")
    @classmethod
    def _graph_url(cls, value: str) -> str:
        return normalize_graph_url(value)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        value = value.strip().lower()
        if value not in LANGUAGES:
            raise ValueError(f"must be one of {', '.join(LANGUAGES)}")
        return value

    @field_validator("allowed_tenants", mode="before")
    @classmethod
    def _split_tenants(cls, value: Any) -> Any:
        if isinstance(value, str):
            return frozenset(part.strip().lower() for part in value.split(",") if part.strip())
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        value = value.upper()
        if value not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return value

    @property
    def local_mode(self) -> bool:
        """No app id: inbound requests are not authenticated and outbound calls carry no token."""
        return not self.app_id

    @property
    def quality_path(self) -> Path | None:
        """`KRAVBOT_QUALITY_DIR` as a path, or None when it is not set."""
        return Path(self.quality_dir) if self.quality_dir.strip() else None

    @property
    def zone(self) -> ZoneInfo:
        """The configured time zone."""
        return ZoneInfo(self.timezone)

    def witness(self) -> Witness | None:
        """The checkpoint key and file, or None when no key is configured.

        Raises CheckpointError for a key that cannot be read.
        """
        raw: str | bytes = self.signing_key.get_secret_value()
        if not raw and self.signing_key_file:
            raw = Path(self.signing_key_file).read_bytes()
        if not raw:
            return None
        return Witness(load_private_key(raw), self.checkpoint_file or None)

    def check_consistency(self) -> None:
        """Settings that are valid alone but not together."""
        needs_password = self.app_id and self.app_type is not AppType.USER_ASSIGNED_MSI
        if needs_password and not self.app_password.get_secret_value():
            raise ValueError("MicrosoftAppPassword: required when MicrosoftAppId is set")
        if self.app_type is AppType.SINGLE_TENANT and self.app_id and not self.app_tenant_id:
            raise ValueError("MicrosoftAppTenantId: required when MicrosoftAppType is SingleTenant")
        try:
            self.witness()
        except OSError as exc:
            raise ValueError(
                f"KRAVBOT_SIGNING_KEY_FILE: the signing key file is unreadable "
                f"({type(exc).__name__})"
            ) from None
        except CheckpointError as exc:
            # The message names the problem, never the key.
            raise ValueError(f"KRAVBOT_SIGNING_KEY: {exc}") from None
        if self.reply_reserve >= self.tenant_rate:
            raise ValueError("KRAVBOT_REPLY_RESERVE: must be below KRAVBOT_TENANT_RATE")
        if self.leader_lease <= self.outbox_send_timeout + 2 * min(self.leader_retry, 5.0) + 2:
            raise ValueError(
                "KRAVBOT_LEADER_LEASE: must exceed KRAVBOT_OUTBOX_SEND_TIMEOUT plus two "
                "heartbeats (a send must fit in the lease)"
            )
        if self.graph_enabled:
            if self.local_mode and self.graph_url == GRAPH_URL:
                raise ValueError(
                    "KRAVBOT_GRAPH_ENABLED: Microsoft Graph needs MicrosoftAppId "
                    "(or a local KRAVBOT_GRAPH_URL)"
                )
            msi = self.app_type is AppType.USER_ASSIGNED_MSI
            if not self.local_mode and not msi and not self.app_tenant_id:
                raise ValueError(
                    "MicrosoftAppTenantId: required when KRAVBOT_GRAPH_ENABLED is true "
                    "(the tenant whose directory is read)"
                )


def normalize_graph_url(url: str) -> str:
    """An https base URL without a trailing slash; plain http only on loopback (tests)."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http(s) URL such as https://graph.microsoft.com/v1.0")
    if parts.scheme == "http" and parts.hostname not in _LOOPBACK:
        raise ValueError("must use https (plain http only on localhost)")
    if parts.query or parts.fragment:
        raise ValueError("must not have a query or fragment")
    return url


class ConfigError(Exception):
    """A setting is invalid; the message names it in one line."""


def normalize_database_url(url: str) -> str:
    """Map plain URLs (`sqlite:///x.db`, `postgresql://...`) to the async drivers we ship."""
    url = url.strip()
    if not url:
        raise ValueError("must not be empty")
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise ValueError("must be a URL such as sqlite:///kravbot.db or postgresql://host/db")
    drivers = {
        "sqlite": "sqlite+aiosqlite",
        "sqlite+aiosqlite": "sqlite+aiosqlite",
        "postgres": "postgresql+asyncpg",
        "postgresql": "postgresql+asyncpg",
        "postgresql+asyncpg": "postgresql+asyncpg",
        "postgresql+psycopg": "postgresql+asyncpg",
    }
    if scheme not in drivers:
        raise ValueError(f"unsupported database {scheme!r} (use sqlite or postgresql)")
    return f"{drivers[scheme]}://{rest}"


def load_settings(**overrides: Any) -> Settings:
    """Read the settings, turning any validation problem into one line that names the setting."""
    try:
        settings = Settings(**overrides)
        settings.check_consistency()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = _setting_name(str(first["loc"][0])) if first["loc"] else "setting"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"invalid setting {name}: {message}") from None
    except ValueError as exc:
        raise ConfigError(f"invalid setting {exc}") from None
    return settings


def _setting_name(field: str) -> str:
    info = Settings.model_fields.get(field)
    if info is None:
        return field
    alias = info.validation_alias
    if isinstance(alias, str):
        return alias
    if isinstance(alias, AliasChoices):
        return str(alias.choices[0])
    return field
