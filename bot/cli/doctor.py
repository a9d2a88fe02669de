"""`kravbot doctor`: check a deployment end to end and say what is wrong and how to fix it.

One line per finding: `OK`, skipped (not configured, so not checked) or `PROBLEM` with the fix,
in the configured language (KRAVBOT_LANGUAGE; texts `operations.doctor.*`). Exit 0 when nothing
is wrong, 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy.exc import SQLAlchemyError

from bot.config import AppType, Settings
from bot.credentials import BOT_FRAMEWORK_RESOURCE
from cards.texts import DEFAULT_LANGUAGE, Language, language_for, text
from storage.checkpoint import CheckpointError, load_private_key
from storage.database import Database
from storage.migrate import current_revision, head_revision

# Tokens are refused when the clocks of Kravbot and Entra differ by more than a few minutes.
MAX_CLOCK_SKEW = 300.0
_TIMEOUT = aiohttp.ClientTimeout(total=10)
_LEVELS = ("ok", "skip", "problem")
_HTTPS = {"protocol": "HTTPS"}


@dataclass(frozen=True, slots=True)
class Finding:
    """One line of the report: what was checked, how it went, and the fix of a problem.

    `what`, `detail` and `fix` name texts (`operations.doctor.check.<what>`,
    `operations.doctor.<detail>`, `operations.doctor.fix.<fix>`); `values` fill them in.
    """

    level: str  # ok, skip, PROBLEM
    what: str
    detail: str
    values: Mapping[str, object] = field(default_factory=dict)
    fix: str | None = None

    def line(self, language: Language = DEFAULT_LANGUAGE) -> str:
        """The finding as printed, in `language`."""
        levels = [text(language, f"operations.doctor.level.{key}") for key in _LEVELS]
        level = text(language, f"operations.doctor.level.{self.level.lower()}")
        what = text(language, f"operations.doctor.check.{self.what}")
        said = text(language, f"operations.doctor.{self.detail}", **self.values)
        if self.fix:
            said += " -> " + text(language, f"operations.doctor.fix.{self.fix}", **self.values)
        return f"{level:<{max(map(len, levels))}} {what}: {said}"


def _failed(what: str, error: object, fix: str, **values: object) -> Finding:
    """A problem whose reason comes as it is (an exception's name, Entra's error code)."""
    return Finding("PROBLEM", what, "failed", {"error": error, **values}, fix)


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `doctor` to the CLI."""
    doctor = commands.add_parser(
        "doctor", help="check configuration, database, credentials, endpoints; exit 1 on problems"
    )
    doctor.set_defaults(run=run_doctor, tolerate_config=True)


def config_problem(message: str) -> int:
    """Report a configuration that does not load (called by `main` for `doctor`).

    The settings did not load, so the language is read from KRAVBOT_LANGUAGE alone.
    """
    language = language_for(os.environ.get("KRAVBOT_LANGUAGE"))
    print(_failed("configuration", message, "setting").line(language))
    return 1


def run_doctor(args: argparse.Namespace, settings: Settings) -> int:
    """Run every check and print one line each, then how many problems there were."""
    language = language_for(settings.language)
    findings = asyncio.run(_checks(settings))
    for finding in findings:
        print(finding.line(language))
    problems = sum(1 for finding in findings if finding.level == "PROBLEM")
    print(text(language, "operations.doctor.summary", count=problems))
    return 1 if problems else 0


async def _checks(settings: Settings) -> list[Finding]:
    findings = [Finding("ok", "configuration", "config.ok")]
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
            setting = {"setting": "KRAVBOT_DATABASE_URL"}
            return [Finding("PROBLEM", "database", "database.silent", setting, "server")]
        current, head = await current_revision(db.engine), head_revision()
    except (SQLAlchemyError, OSError) as exc:
        return [_failed("database", type(exc).__name__, "database")]
    finally:
        await db.dispose()
    found = [Finding("ok", "database", "database.ok", {"dialect": db.dialect})]
    if current != head:
        values = {"current": current, "head": head, "command": "kravbot db upgrade"}
        detail = "schema.behind" if current else "schema.empty"
        found.append(Finding("PROBLEM", "schema", detail, values, "run"))
    else:
        found.append(Finding("ok", "schema", "schema.ok", {"head": head}))
    return found


async def _get(http: aiohttp.ClientSession, url: str) -> tuple[int, Any, str | None]:
    async with http.get(url) as response:
        body = await response.json(content_type=None) if response.status == 200 else None
        return response.status, body, response.headers.get("Date")


def clock_finding(date_header: str | None, now: datetime, source: str) -> Finding:
    """Compare our clock with the `Date` a server sent."""
    header = {"source": source, "header": "Date"}
    if not date_header:
        return Finding("skip", "clock", "clock.no_date", header)
    try:
        theirs = parsedate_to_datetime(date_header)
    except (TypeError, ValueError):
        return Finding("skip", "clock", "clock.unreadable", header)
    skew = (now - theirs.astimezone(UTC)).total_seconds()
    if abs(skew) > MAX_CLOCK_SKEW:
        values = {"skew": f"{skew:+.0f}", "source": source, "protocol": "NTP"}
        return Finding("PROBLEM", "clock", "clock.skew", values, "clock")
    return Finding("ok", "clock", "clock.ok", {"seconds": round(abs(skew)), "source": source})


async def _identity_endpoint(http: aiohttp.ClientSession, settings: Settings) -> list[Finding]:
    url = settings.openid_metadata_url
    fix = {**_HTTPS, "setting": "KRAVBOT_OPENID_METADATA_URL"}
    try:
        status, body, date = await _get(http, url)
        if status != 200 or not isinstance(body, dict) or "jwks_uri" not in body:
            answered = {**fix, "url": url, "status": status}
            return [Finding("PROBLEM", "token_keys", "url.answered", answered, "outbound")]
        keys_status, _, _ = await _get(http, str(body["jwks_uri"]))
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        failed = {**fix, "url": url, "error": type(exc).__name__}
        return [Finding("PROBLEM", "token_keys", "url.unreachable", failed, "outbound")]
    if keys_status != 200:
        answered = {**fix, "url": body["jwks_uri"], "status": keys_status}
        return [Finding("PROBLEM", "token_keys", "url.answered", answered, "outbound")]
    return [
        Finding("ok", "token_keys", "url.ok", {"url": url}),
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
        local = {"setting": "MicrosoftAppId"}
        return [Finding("skip", "credentials", "credentials.local", local)]
    if settings.app_type is AppType.USER_ASSIGNED_MSI:
        return [Finding("skip", "credentials", "credentials.managed", {"cloud": "Azure"})]
    try:
        await token(http, settings, BOT_FRAMEWORK_RESOURCE)
    except ValueError as exc:
        names = ["MicrosoftAppId", "MicrosoftAppPassword", "MicrosoftAppTenantId"]
        refused = {"reason": str(exc), "settings": names}
        return [Finding("PROBLEM", "credentials", "credentials.refused", refused, "credentials")]
    except (aiohttp.ClientError, TimeoutError) as exc:
        failed = {**_HTTPS, "url": settings.login_url, "error": type(exc).__name__}
        return [Finding("PROBLEM", "credentials", "url.unreachable", failed, "https")]
    return [Finding("ok", "credentials", "credentials.ok", {"service": "Bot Framework"})]


async def _graph(http: aiohttp.ClientSession, settings: Settings) -> list[Finding]:
    if not settings.graph_enabled:
        disabled = {"setting": "KRAVBOT_GRAPH_ENABLED"}
        return [Finding("skip", "graph", "graph.disabled", disabled)]
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
        return [_failed("graph", str(exc) or type(exc).__name__, "registration")]
    answered = {"url": settings.graph_url, "status": status, "permission": "User.Read.All"}
    if status in (401, 403):
        return [Finding("PROBLEM", "graph", "url.answered", answered, "permission")]
    if status >= 500:
        return [Finding("PROBLEM", "graph", "url.answered", answered, "later")]
    return [Finding("ok", "graph", "graph.ok", {"status": status})]


def signing_key(environ: os._Environ[str] | dict[str, str]) -> Finding:
    """Presence and format of the decision log's signing key (value never printed)."""
    inline, file = (
        environ.get("KRAVBOT_SIGNING_KEY", ""),
        environ.get("KRAVBOT_SIGNING_KEY_FILE", ""),
    )
    names = {"inline": "KRAVBOT_SIGNING_KEY", "file": "KRAVBOT_SIGNING_KEY_FILE"}
    if not inline and not file:
        return Finding("skip", "signing_key", "signing.unset", names)
    if inline and file:
        return Finding("PROBLEM", "signing_key", "signing.both", names, "keep_one")
    if file:
        try:
            inline = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            unreadable = {"file": file, "error": type(exc).__name__, "vault": "Key Vault"}
            return Finding("PROBLEM", "signing_key", "signing.unreadable", unreadable, "mount")
    try:
        # The same reader the service signs with: what passes here, loads there.
        load_private_key(inline)
    except CheckpointError:
        generate = {"algorithm": "Ed25519", "command": "kravbot keys generate FILE"}
        return Finding("PROBLEM", "signing_key", "signing.malformed", generate, "run")
    return Finding("ok", "signing_key", "signing.ok")


def _package(settings: Settings) -> Finding:
    from bot.package import write_package

    if not settings.app_id:
        return Finding("skip", "package", "package.no_app", {"setting": "MicrosoftAppId"})
    with tempfile.TemporaryDirectory() as folder:
        try:
            write_package(settings.app_id, Path(folder) / "kravbot.zip")
        except (ValueError, OSError) as exc:
            return _failed("package", exc, "folder", folder="infra/teams/")
    return Finding("ok", "package", "package.ok", {"command": "kravbot package --app-id ..."})
