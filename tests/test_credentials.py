"""Bot tokens from msal against local Entra ID stand-ins: one that answers, and one that
accepts connections and never answers (which must not stall deliveries, shutdown or exit)."""

from __future__ import annotations

import asyncio
import ipaddress
import ssl
import threading
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio
import requests
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from bot.config import Settings, load_settings
from bot.credentials import MsalTokenProvider

APP_ID = "5f1b2c3d-0000-4000-8000-00000000a001"
TENANT = "d1617000-0000-4000-8000-000000000000"


def _settings(login_url: str, monkeypatch: pytest.MonkeyPatch) -> Settings:
    for name, value in {
        "MicrosoftAppId": APP_ID,
        "MicrosoftAppPassword": "right-secret",
        "MicrosoftAppType": "SingleTenant",
        "MicrosoftAppTenantId": TENANT,
        "KRAVBOT_LOGIN_URL": login_url,
    }.items():
        monkeypatch.setenv(name, value)
    return load_settings()


def _certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost (msal speaks HTTPS only)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "entra.pem", directory / "entra.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@pytest_asyncio.fixture
async def entra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[str, list[str]]]:
    """Entra ID's discovery document and client-credentials endpoint for one tenant, over
    HTTPS with a certificate that requests trusts for this test only."""
    cert_file, key_file = _certificate(tmp_path)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert_file))
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert_file, key_file)
    asked: list[str] = []

    async def discovery(request: web.Request) -> web.Response:
        base = f"https://{request.host}/{TENANT}"
        return web.json_response(
            {
                "token_endpoint": f"{base}/oauth2/v2.0/token",
                "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                "issuer": f"{base}/v2.0",
            }
        )

    async def token(request: web.Request) -> web.Response:
        form = await request.post()
        asked.append(str(form.get("scope")))
        return web.json_response({"access_token": "t0ken", "expires_in": 3600})

    app = web.Application()
    app.router.add_get(f"/{TENANT}/v2.0/.well-known/openid-configuration", discovery)
    app.router.add_post(f"/{TENANT}/oauth2/v2.0/token", token)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=tls)
    await site.start()
    try:
        yield f"https://localhost:{runner.addresses[0][1]}", asked
    finally:
        await runner.cleanup()


@pytest_asyncio.fixture
async def silent() -> AsyncIterator[str]:
    """A server that accepts every connection and never sends a byte (not even TLS's)."""
    held: list[asyncio.StreamWriter] = []

    async def accept(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(accept, "127.0.0.1", 0)
    try:
        yield f"https://localhost:{server.sockets[0].getsockname()[1]}"
    finally:
        server.close()
        for writer in held:
            writer.close()


async def test_a_token_is_fetched_once_and_cached(
    entra: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, asked = entra
    provider = MsalTokenProvider(_settings(url, monkeypatch))
    assert await provider.authorization() == "Bearer t0ken"
    assert await provider.authorization() == "Bearer t0ken"
    assert asked == ["https://api.botframework.com/.default"]


async def test_entra_id_that_never_answers_fails_the_call_in_bounded_time(
    silent: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    provider = MsalTokenProvider(
        _settings(silent, monkeypatch), http_timeout=0.5, acquire_timeout=30
    )
    for _ in range(2):  # the lock is free again after a failure
        started = time.monotonic()
        with pytest.raises(requests.exceptions.RequestException, match="timed out"):
            await provider.authorization()
        assert time.monotonic() - started < 10


def test_a_hung_acquire_times_out_and_holds_up_no_shutdown(
    silent: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The HTTP timeout is longer than the whole acquire may take: the acquire's own bound
    # fires, and the thread still blocked in msal must not keep asyncio.run from returning.
    provider = MsalTokenProvider(
        _settings(silent, monkeypatch), http_timeout=120, acquire_timeout=0.5
    )
    finished = threading.Event()

    async def main() -> None:
        with pytest.raises(TimeoutError):
            await provider.authorization()

    def run() -> None:
        asyncio.run(main())
        finished.set()

    threading.Thread(target=run, daemon=True).start()
    assert finished.wait(20), "the loop's shutdown waited for the hung token request"
