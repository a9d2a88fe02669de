"""`kravbot doctor`: check a deployment end to end and say what is wrong and how to fix it.

One line per finding: `ok`, `skip` (not configured, so not checked) or `PROBLEM` with the fix.
Exit 0 when nothing is wrong, 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy.exc import SQLAlchemyError

from bot.config import AppType, Settings
from bot.credentials import BOT_FRAMEWORK_RESOURCE
from storage.checkpoint import CheckpointError, load_private_key
from storage.database import Database
from storage.migrate import current_revision, head_revision

# Tokens are refused when the clocks of Kravbot and Entra differ by more than a few minutes.
MAX_CLOCK_SKEW = 300.0
_TIMEOUT = aiohttp.ClientTimeout(total=10)


@dataclass(frozen=True, slots=True)
class Finding:
    """One line of the report."""

    level: str  # ok, skip, PROBLEM
    what: str
    detail: str

    def line(self) -> str:
        """The finding as printed."""
        return f"{self.level:<7} {self.what}: {self.detail}"


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `doctor` to the CLI."""
    doctor = commands.add_parser(
        "doctor", help="check configuration, database, credentials, endpoints; exit 1 on problems"
    )
    doctor.set_defaults(run=run_doctor, tolerate_config=True)


def config_problem(message: str) -> int:
    """Report a configuration that does not load (called by `main` for `doctor`)."""
    print(Finding("PROBLEM", "configuration", f"{message} -> fix that setting").line())
    return 1


def run_doctor(args: argparse.Namespace, settings: Settings) -> int:
    """Run every check and print one line each."""
    findings = asyncio.run(_checks(settings))
    for finding in findings:
        print(finding.line())
    problems = sum(1 for finding in findings if finding.level == "PROBLEM")
    print(f"{problems} problem(s)" if problems else "no problems found")
    return 1 if problems else 0


async def _checks(settings: Settings) -> list[Finding]:
    findings = [Finding("ok", "configuration", "all settings valid")]
    findings += await _database(settings)
    async with aiohttp.ClientSession(timeout=_TIMEOUT) as http:
        findings += await _identity_endpoint(http, settings)
        findings += await _credentials(http, settings)
        findings += await _graph(http, settings)
    findings.append(signing_key(os.environ))
    findings.append(_package(settings))
    return findings


async def _database(settings: Settings) -> list[Finding]:
    db = Database(
        settings.database_url,
        connect_timeout=settings.db_connect_timeout,
        statement_timeout=settings.db_statement_timeout,
    )
    try:
        if not await db.ping(timeout=settings.db_connect_timeout + 1):
            return [
                Finding(
                    "PROBLEM",
                    "database",
                    "does not answer -> check KRAVBOT_DATABASE_URL and that the server runs",
                )
            ]
        current, head = await current_revision(db.engine), head_revision()
    except (SQLAlchemyError, OSError) as exc:
        return [Finding("PROBLEM", "database", f"{type(exc).__name__} -> check the database")]
    finally:
        await db.dispose()
    found = [Finding("ok", "database", f"answers ({db.dialect})")]
    if current != head:
        detail = (
            f"at revision {current or 'none'}, this version needs {head} "
            "-> run `kravbot db upgrade`"
        )
        found.append(Finding("PROBLEM", "schema", detail))
    else:
        found.append(Finding("ok", "schema", f"at revision {head}"))
    return found


async def _get(http: aiohttp.ClientSession, url: str) -> tuple[int, Any, str | None]:
    async with http.get(url) as response:
        body = await response.json(content_type=None) if response.status == 200 else None
        return response.status, body, response.headers.get("Date")


def clock_finding(date_header: str | None, now: datetime, source: str) -> Finding:
    """Compare our clock with the `Date` a server sent."""
    if not date_header:
        return Finding("skip", "clock", f"{source} sent no Date header")
    try:
        theirs = parsedate_to_datetime(date_header)
    except (TypeError, ValueError):
        return Finding("skip", "clock", f"{source} sent an unreadable Date header")
    skew = (now - theirs.astimezone(UTC)).total_seconds()
    if abs(skew) > MAX_CLOCK_SKEW:
        return Finding(
            "PROBLEM", "clock", f"{skew:+.0f} s off {source} -> synchronise the clock (NTP)"
        )
    return Finding("ok", "clock", f"within {abs(skew):.0f} s of {source}")


async def _identity_endpoint(http: aiohttp.ClientSession, settings: Settings) -> list[Finding]:
    url = settings.openid_metadata_url
    fix = "-> allow outbound HTTPS to it, or correct KRAVBOT_OPENID_METADATA_URL"
    try:
        status, body, date = await _get(http, url)
        if status != 200 or not isinstance(body, dict) or "jwks_uri" not in body:
            return [Finding("PROBLEM", "token keys", f"{url} answered {status} {fix}")]
        keys_status, _, _ = await _get(http, str(body["jwks_uri"]))
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        return [Finding("PROBLEM", "token keys", f"{url} unreachable ({type(exc).__name__}) {fix}")]
    if keys_status != 200:
        return [
            Finding("PROBLEM", "token keys", f"{body['jwks_uri']} answered {keys_status} {fix}")
        ]
    return [
        Finding("ok", "token keys", f"{url} reachable"),
        clock_finding(date, datetime.now(UTC), url),
    ]


def _authority(settings: Settings, tenant: str | None = None) -> str:
    if tenant is None:
        single = settings.app_type is AppType.SINGLE_TENANT
        tenant = settings.app_tenant_id if single else "botframework.com"
    return f"{settings.login_url}/{tenant}/oauth2/v2.0/token"


async def token(
    http: aiohttp.ClientSession, settings: Settings, resource: str, tenant: str | None = None
) -> str:
    """A client-credentials token for `resource`; raises ValueError with Entra's reason."""
    form = {
        "grant_type": "client_credentials",
        "client_id": settings.app_id,
        "client_secret": settings.app_password.get_secret_value(),
        "scope": f"{resource}/.default",
    }
    async with http.post(_authority(settings, tenant), data=form) as response:
        body = await response.json(content_type=None)
    if response.status != 200 or not isinstance(body, dict) or "access_token" not in body:
        reason = body.get("error", response.status) if isinstance(body, dict) else response.status
        raise ValueError(str(reason))
    return str(body["access_token"])


async def _credentials(http: aiohttp.ClientSession, settings: Settings) -> list[Finding]:
    if settings.local_mode:
        return [
            Finding("skip", "bot credentials", "local mode (no MicrosoftAppId): no authentication")
        ]
    if settings.app_type is AppType.USER_ASSIGNED_MSI:
        return [
            Finding("skip", "bot credentials", "managed identity: checked by Azure at run time")
        ]
    try:
        await token(http, settings, BOT_FRAMEWORK_RESOURCE)
    except ValueError as exc:
        fix = "-> check MicrosoftAppId, MicrosoftAppPassword (expired?) and MicrosoftAppTenantId"
        return [Finding("PROBLEM", "bot credentials", f"no token ({exc}) {fix}")]
    except (aiohttp.ClientError, TimeoutError) as exc:
        detail = f"{settings.login_url} unreachable ({type(exc).__name__}) -> allow outbound HTTPS"
        return [Finding("PROBLEM", "bot credentials", detail)]
    return [Finding("ok", "bot credentials", "a Bot Framework token was issued")]


async def _graph(http: aiohttp.ClientSession, settings: Settings) -> list[Finding]:
    if not settings.graph_enabled:
        return [Finding("skip", "Microsoft Graph", "KRAVBOT_GRAPH_ENABLED is false")]
    try:
        headers = {}
        if not settings.local_mode:
            resource = settings.graph_url.rsplit("/", 1)[0]
            bearer = await token(http, settings, resource, settings.app_tenant_id)
            headers["Authorization"] = f"Bearer {bearer}"
        async with http.get(
            f"{settings.graph_url}/users?$top=1&$select=companyName", headers=headers
        ) as response:
            status = response.status
    except (ValueError, aiohttp.ClientError, TimeoutError) as exc:
        return [
            Finding(
                "PROBLEM",
                "Microsoft Graph",
                f"{exc or type(exc).__name__} -> check the app registration",
            )
        ]
    if status in (401, 403):
        fix = "-> grant the application permission User.Read.All with admin consent"
        return [Finding("PROBLEM", "Microsoft Graph", f"answered {status} {fix}")]
    if status >= 500:
        return [Finding("PROBLEM", "Microsoft Graph", f"answered {status} -> try again later")]
    return [Finding("ok", "Microsoft Graph", f"users readable (HTTP {status})")]


def signing_key(environ: os._Environ[str] | dict[str, str]) -> Finding:
    """Presence and format of the decision log's signing key (value never printed)."""
    inline, file = (
        environ.get("KRAVBOT_SIGNING_KEY", ""),
        environ.get("KRAVBOT_SIGNING_KEY_FILE", ""),
    )
    if not inline and not file:
        return Finding("skip", "signing key", "KRAVBOT_SIGNING_KEY(_FILE) not set")
    if inline and file:
        return Finding(
            "PROBLEM", "signing key", "both KRAVBOT_SIGNING_KEY and _FILE set -> keep one"
        )
    if file:
        try:
            inline = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            return Finding(
                "PROBLEM",
                "signing key",
                f"{file} unreadable ({type(exc).__name__}) -> mount the Key Vault secret there",
            )
    try:
        # The same reader the service signs with: what passes here, loads there.
        load_private_key(inline)
    except CheckpointError:
        return Finding(
            "PROBLEM",
            "signing key",
            "not an Ed25519 PEM key or base64 of 32 bytes -> `kravbot keys generate FILE`",
        )
    return Finding("ok", "signing key", "present and well-formed")


def _package(settings: Settings) -> Finding:
    from bot.package import write_package

    if not settings.app_id:
        return Finding("skip", "Teams app package", "needs MicrosoftAppId")
    with tempfile.TemporaryDirectory() as folder:
        try:
            write_package(settings.app_id, Path(folder) / "kravbot.zip")
        except (ValueError, OSError) as exc:
            return Finding("PROBLEM", "Teams app package", f"{exc} -> fix infra/teams/")
    return Finding("ok", "Teams app package", "builds (kravbot package --app-id ...)")
