"""Authentication at the HTTP edge: every failure is a 401 or 403, never a 500."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest

from tests.emulator.server import ConnectorEmulator
from tests.support import activities as act
from tests.support.botserver import RunningBot, running_bot, settings_for
from tests.support.openid import OpenIdServer, generate_rsa_key

APP_ID = "6f2b1a9e-3c4d-4e5f-8a7b-9c0d1e2f3a4b"


@pytest.fixture
def backend() -> str:
    # Authentication never touches the database; one backend is enough here.
    return "sqlite"


@pytest.fixture
async def bot(
    database_url: str, openid_server: OpenIdServer, connector_emulator: ConnectorEmulator
) -> AsyncIterator[RunningBot]:
    settings = settings_for(
        database_url,
        app_id=APP_ID,
        app_password="not-used-by-the-emulator",
        openid_metadata_url=openid_server.metadata_url,
        token_issuer=openid_server.issuer,
    )
    # Replies need a bot token; the emulator only checks that one is sent, so skip msal here.
    async with running_bot(settings, tokens=StaticToken()) as running:
        yield running


class StaticToken:
    """A fixed outbound bot token."""

    async def authorization(self) -> str | None:
        return "Bearer test-bot-token"


def _header(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_valid_token_is_accepted(
    bot: RunningBot, openid_server: OpenIdServer, connector_emulator: ConnectorEmulator
) -> None:
    activity = act.message("hjelp", connector_emulator.url)
    token = openid_server.mint(app_id=APP_ID, service_url=connector_emulator.url)
    status, _ = await bot.post(activity, headers=_header(token))
    assert status == 200
    [reply] = await connector_emulator.wait_for_sent(1)
    assert reply["attachments"]
    assert connector_emulator.records[-1].authorization == "Bearer test-bot-token"


async def test_missing_header_is_401(
    bot: RunningBot, connector_emulator: ConnectorEmulator
) -> None:
    status, body = await bot.post(act.message("hjelp", connector_emulator.url))
    assert status == 401
    assert body["error"]["code"] == "Unauthorized"
    assert connector_emulator.sent() == []


def _cases(server: OpenIdServer, service_url: str) -> dict[str, tuple[dict[str, str], int]]:
    mint = server.mint
    return {
        "not bearer": ({"Authorization": "Basic dXNlcjpwYXNz"}, 401),
        "garbage": (_header("garbage"), 401),
        "three dots": (_header("a.b.c"), 401),
        "expired": (_header(mint(app_id=APP_ID, service_url=service_url, exp_in=-3600)), 401),
        "not yet valid": (
            _header(mint(app_id=APP_ID, service_url=service_url, nbf_in=3600)),
            401,
        ),
        "wrong audience": (_header(mint(app_id="someone-else", service_url=service_url)), 401),
        "wrong issuer": (
            _header(mint(app_id=APP_ID, service_url=service_url, issuer="https://evil.example")),
            401,
        ),
        "bad signature": (
            _header(
                mint(
                    app_id=APP_ID,
                    service_url=service_url,
                    kid=server.keys[0].kid,
                    key=generate_rsa_key(),
                )
            ),
            401,
        ),
        "unknown key": (
            _header(mint(app_id=APP_ID, service_url=service_url, kid="no-such-kid")),
            401,
        ),
        "alg none": (_header(mint(app_id=APP_ID, service_url=service_url, alg="none")), 401),
        "hs256 with the public key": (
            _header(mint(app_id=APP_ID, service_url=service_url, alg="HS256")),
            401,
        ),
        "other service url": (
            _header(mint(app_id=APP_ID, service_url="https://smba.evil.example/")),
            403,
        ),
        "no service url claim": (_header(mint(app_id=APP_ID, service_url=None)), 403),
    }


@pytest.mark.parametrize(
    "case",
    [
        "not bearer",
        "garbage",
        "three dots",
        "expired",
        "not yet valid",
        "wrong audience",
        "wrong issuer",
        "bad signature",
        "unknown key",
        "alg none",
        "hs256 with the public key",
        "other service url",
        "no service url claim",
    ],
)
async def test_every_auth_failure_is_401_or_403(
    bot: RunningBot,
    openid_server: OpenIdServer,
    connector_emulator: ConnectorEmulator,
    case: str,
) -> None:
    headers, expected = _cases(openid_server, connector_emulator.url)[case]
    status, body = await bot.post(act.message("hjelp", connector_emulator.url), headers=headers)
    assert status == expected, body
    assert connector_emulator.sent() == []


async def test_channel_not_endorsed_is_403(
    bot: RunningBot, openid_server: OpenIdServer, connector_emulator: ConnectorEmulator
) -> None:
    activity = act.message("hjelp", connector_emulator.url)
    activity["channelId"] = "slack"
    token = openid_server.mint(app_id=APP_ID, service_url=connector_emulator.url)
    status, _ = await bot.post(activity, headers=_header(token))
    assert status == 403


async def test_tenant_not_allowed_is_403_even_with_a_valid_token(
    database_url: str, openid_server: OpenIdServer, connector_emulator: ConnectorEmulator
) -> None:
    settings = settings_for(
        database_url,
        app_id=APP_ID,
        app_password="x",
        openid_metadata_url=openid_server.metadata_url,
        token_issuer=openid_server.issuer,
        allowed_tenants="another-tenant",
    )
    async with running_bot(settings, tokens=StaticToken()) as running:
        token = openid_server.mint(app_id=APP_ID, service_url=connector_emulator.url)
        status, _ = await running.post(
            act.message("hjelp", connector_emulator.url), headers=_header(token)
        )
    assert status == 403


async def test_slow_identity_endpoint_never_freezes_the_bot(
    bot: RunningBot, openid_server: OpenIdServer, connector_emulator: ConnectorEmulator
) -> None:
    openid_server.delay = 30.0
    token = openid_server.mint(app_id=APP_ID, service_url=connector_emulator.url)
    turn = asyncio.create_task(
        bot.post(act.message("hjelp", connector_emulator.url), headers=_header(token))
    )
    await asyncio.sleep(0.2)
    # While the key fetch hangs, the event loop keeps serving other requests.
    started = time.perf_counter()
    status, _ = await bot.get("/healthz")
    assert status == 200
    assert time.perf_counter() - started < 1.0
    status, body = await turn
    # The fetch times out (5 s): the channel is asked to retry, nothing is half done.
    assert status == 503, body
    assert connector_emulator.sent() == []
    openid_server.delay = 0.0
    status, _ = await bot.post(act.message("hjelp", connector_emulator.url), headers=_header(token))
    assert status == 200


async def test_identity_endpoint_errors_are_503_not_500(
    bot: RunningBot, openid_server: OpenIdServer, connector_emulator: ConnectorEmulator
) -> None:
    openid_server.fail_status = 500
    token = openid_server.mint(app_id=APP_ID, service_url=connector_emulator.url)
    status, _ = await bot.post(act.message("hjelp", connector_emulator.url), headers=_header(token))
    assert status == 503
