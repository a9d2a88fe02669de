"""`kravbot doctor` against a good configuration (local OpenID and token servers, a migrated
database, a signing key) and against several broken ones: one line per problem, exit 0/1."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from aiohttp import web
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from bot.cli import main
from bot.cli.doctor import Finding, clock_finding, signing_key
from cards.texts import text
from storage.checkpoint import private_key_pem
from tests.support.databases import database_url as fresh_database
from tests.support.openid import OpenIdServer

APP_ID = "5f1b2c3d-0000-4000-8000-00000000a001"
TENANT = "d1617000-0000-4000-8000-000000000000"
SECRET = "right-secret"


class TokenServer:
    """Entra ID's client-credentials token endpoint, for one app and secret."""

    def __init__(self) -> None:
        self.requests: list[dict[str, str]] = []
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def _token(self, request: web.Request) -> web.Response:
        form = {key: str(value) for key, value in (await request.post()).items()}
        self.requests.append({"tenant": request.match_info["tenant"], **form})
        if form.get("client_id") != APP_ID or form.get("client_secret") != SECRET:
            return web.json_response({"error": "invalid_client"}, status=401)
        return web.json_response({"access_token": "t0ken", "expires_in": 3600})

    async def __aenter__(self) -> TokenServer:
        app = web.Application()
        app.router.add_post("/{tenant}/oauth2/v2.0/token", self._token)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


@pytest_asyncio.fixture
async def token_server() -> AsyncIterator[TokenServer]:
    async with TokenServer() as server:
        yield server


@pytest.fixture
def good(
    clean_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    openid_server: OpenIdServer,
    token_server: TokenServer,
) -> Path:
    key = clean_env / "signing.key"
    key.write_bytes(private_key_pem(Ed25519PrivateKey.generate()))
    for name, value in {
        "KRAVBOT_DATABASE_URL": database_url,
        "MicrosoftAppId": APP_ID,
        "MicrosoftAppPassword": SECRET,
        "MicrosoftAppType": "SingleTenant",
        "MicrosoftAppTenantId": TENANT,
        "KRAVBOT_OPENID_METADATA_URL": openid_server.metadata_url,
        "KRAVBOT_TOKEN_ISSUER": openid_server.issuer,
        "KRAVBOT_LOGIN_URL": token_server.url,
        "KRAVBOT_SIGNING_KEY_FILE": str(key),
    }.items():
        monkeypatch.setenv(name, value)
    return key


async def _doctor(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = await asyncio.to_thread(main, ["doctor"])
    return code, capsys.readouterr().out.splitlines()


def _problems(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("PROBLEM")]


async def test_a_good_configuration_passes(
    good: Path, token_server: TokenServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = await _doctor(capsys)
    assert code == 0, lines
    # In bokmål, the default.
    assert _problems(lines) == [] and lines[-1] == "Fant ingen problemer."
    for check in (
        "database",
        "skjema",
        "OpenID-oppsett",
        "klokke",
        "identiteten til Kravbot",
        "signeringsnøkkel",
    ):
        assert any(line.startswith("OK") and f" {check}:" in line for line in lines), check
    assert token_server.requests[0]["tenant"] == TENANT
    assert token_server.requests[0]["scope"] == "https://api.botframework.com/.default"
    assert SECRET not in "\n".join(lines)


async def test_a_wrong_secret_is_one_problem_with_its_fix(
    good: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MicrosoftAppPassword", "expired-secret")
    code, lines = await _doctor(capsys)
    assert code == 1
    [problem] = _problems(lines)
    assert "identiteten til Kravbot" in problem and "invalid_client" in problem
    assert "MicrosoftAppPassword" in problem and "expired-secret" not in problem


async def test_an_unmigrated_database_is_reported(
    good: Path,
    monkeypatch: pytest.MonkeyPatch,
    backend: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "empty").mkdir()
    with fresh_database(backend, tmp_path / "empty", migrated=False) as empty:
        monkeypatch.setenv("KRAVBOT_DATABASE_URL", empty)
        code, lines = await _doctor(capsys)
    assert code == 1
    [problem] = _problems(lines)
    assert " skjema: ingen revisjon ennå, " in problem and "kjør «kravbot db upgrade»" in problem


async def test_unreachable_endpoints_and_database_are_reported(
    good: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KRAVBOT_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    monkeypatch.setenv("KRAVBOT_DB_CONNECT_TIMEOUT", "1")
    monkeypatch.setenv("KRAVBOT_OPENID_METADATA_URL", "http://127.0.0.1:1/.well-known/x")
    monkeypatch.setenv("KRAVBOT_LOGIN_URL", "http://127.0.0.1:1")
    code, lines = await _doctor(capsys)
    assert code == 1
    problems = _problems(lines)
    assert len(problems) == 3, lines
    assert any("database" in p and "KRAVBOT_DATABASE_URL" in p for p in problems)
    assert any("OpenID-oppsett" in p and "kan ikke nås" in p for p in problems)
    assert any("identiteten til Kravbot" in p and "kan ikke nås" in p for p in problems)


async def test_a_missing_signing_key_file_and_a_bad_setting_are_reported(
    good: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    good.unlink()  # noqa: ASYNC240 - a test fixture file, before the CLI runs
    code, lines = await _doctor(capsys)
    assert code == 1
    [problem] = _problems(lines)
    # The settings check the file first: the doctor says which setting to fix.
    assert " innstillinger: " in problem and "KRAVBOT_SIGNING_KEY_FILE" in problem
    monkeypatch.setenv("MicrosoftAppType", "Sometimes")
    code, lines = await _doctor(capsys)
    assert code == 1
    [problem] = _problems(lines)
    assert "innstillinger" in problem and "MicrosoftAppType" in problem
    assert problem.endswith("-> rett den innstillingen")


_KEY = Ed25519PrivateKey.generate()
RAW_KEY = base64.b64encode(
    _KEY.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
).decode()
PEM_KEY = private_key_pem(_KEY).decode()


@pytest.mark.parametrize(
    ("environ", "level"),
    [
        ({}, "skip"),
        ({"KRAVBOT_SIGNING_KEY": RAW_KEY}, "ok"),
        ({"KRAVBOT_SIGNING_KEY": PEM_KEY}, "ok"),
        (
            {"KRAVBOT_SIGNING_KEY": "-----BEGIN PRIVATE KEY-----\nMC4C\n-----END PRIVATE KEY-----"},
            "PROBLEM",
        ),
        ({"KRAVBOT_SIGNING_KEY": "00" * 32}, "PROBLEM"),
        ({"KRAVBOT_SIGNING_KEY": "too-short"}, "PROBLEM"),
        ({"KRAVBOT_SIGNING_KEY": RAW_KEY, "KRAVBOT_SIGNING_KEY_FILE": "/x"}, "PROBLEM"),
    ],
)
def test_signing_key_formats(environ: dict[str, str], level: str) -> None:
    finding = signing_key(environ)
    assert finding.level == level
    for value in environ.values():
        assert value not in finding.line() or value == "/x"


def test_a_skewed_clock_is_a_problem() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    assert clock_finding("Mon, 30 Nov 2026 12:01:00 GMT", now, "x").level == "ok"
    assert clock_finding("Mon, 30 Nov 2026 12:10:00 GMT", now, "x").level == "PROBLEM"
    assert clock_finding(None, now, "x").level == "skip"


@pytest.mark.parametrize(
    ("language", "last", "database"),
    [
        ("nn", "Fann ingen problem.", "database: svarar ("),
        ("en", "No problems found.", "database: answers ("),
    ],
)
async def test_the_report_speaks_the_configured_language(
    good: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    language: str,
    last: str,
    database: str,
) -> None:
    monkeypatch.setenv("KRAVBOT_LANGUAGE", language)
    code, lines = await _doctor(capsys)
    assert code == 0 and lines[-1] == last, lines
    assert any(line.startswith("OK") and database in line for line in lines), lines
    monkeypatch.setenv("MicrosoftAppType", "Sometimes")
    code, lines = await _doctor(capsys)
    assert code == 1
    [problem] = _problems(lines)
    fix = {"nn": "-> rett den innstillinga", "en": "-> fix that setting"}[language]
    what = {"nn": "innstillingar", "en": "configuration"}[language]
    assert problem.split()[:2] == ["PROBLEM", f"{what}:"] and problem.endswith(fix), problem


def test_findings_and_the_count_of_problems_read_in_each_language() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    skewed = clock_finding("Mon, 30 Nov 2026 12:10:00 GMT", now, "https://login.example")
    assert skewed.line("nb") == (
        "PROBLEM     klokke: -600 sekunder unna https://login.example -> synkroniser klokka (NTP)"
    )
    assert skewed.line("en") == (
        "PROBLEM clock: -600 seconds off https://login.example -> synchronise the clock (NTP)"
    )
    fine = clock_finding("Mon, 30 Nov 2026 12:00:01 GMT", now, "x")
    assert fine.line("nn") == "OK         klokke: høgst 1 sekund unna x"
    assert fine.line("en") == "OK      clock: within 1 second of x"
    assert Finding("skip", "package", "package.no_app", {"setting": "MicrosoftAppId"}).line(
        "nb"
    ) == ("hoppet over Teams-pakken: trenger MicrosoftAppId")
    said = {n: text("nb", "operations.doctor.summary", count=n) for n in (0, 1, 2)}
    assert said == {0: "Fant ingen problemer.", 1: "1 problem.", 2: "2 problemer."}
    assert text("en", "operations.doctor.summary", count=2) == "2 problems."
