"""The Teams tab «Oversikt» over HTTP: the page in local mode (languages, themes), what each
reader's API answer holds, and Teams SSO tokens signed by a local JWKS (right and wrong
audience, tenant, issuer and expiry)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from dialogs.demo.load import load_demo
from dialogs.demo.organisation import PLAYGROUND_TENANT_ID
from tests.support.botserver import RunningBot, running_bot, settings_for
from tests.support.openid import OpenIdServer

APP_ID = "6f2b1a9e-3c4d-4e5f-8a7b-9c0d1e2f3a4b"
HOST = "kravbot.digitv.example"
AUDIENCE = f"api://{HOST}/{APP_ID}"
KARI, OLA, PER = (
    "d1617000-0000-4000-8000-000000000101",
    "d1617000-0000-4000-8000-000000000102",
    "d1617000-0000-4000-8000-000000000106",
)
EVERYONE = ["milestones", "requirements"]
STEERING = ["milestones", "requirements", "participation", "endorsements", "polls", "risks"]


async def _get(bot: RunningBot, path: str, token: str | None = None) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with bot.http.get(f"{bot.url}{path}", headers=headers) as response:
        if response.content_type == "application/json":
            return response.status, await response.json()
        return response.status, await response.text()


@pytest.fixture
async def local(database_url: str) -> AsyncIterator[RunningBot]:
    async with running_bot(settings_for(database_url)) as running:
        await load_demo(running.services.db)
        yield running


async def test_page_in_local_mode_in_every_language_and_theme(local: RunningBot) -> None:
    for language, theme, title in (
        ("nb", "dark", "Oversikt"),
        ("nn", "contrast", "Oversikt"),
        ("en", "default", "Overview"),
    ):
        status, body = await _get(local, f"/tab/overview?lang={language}&theme={theme}")
        assert status == 200
        expected = {"dark": "dark", "contrast": "contrast", "default": "light"}[theme]
        assert f'<html lang="{language}" data-theme="{expected}">' in body
        assert f"<h1>{title}</h1>" in body and "/tab/static/teams-js.js" in body
    status, body = await _get(local, "/tab/overview?theme=%3Cscript%3E")
    assert (
        status == 200 and 'data-theme="light"' in body and "<script>" not in body.split("<body>")[0]
    )
    status, script = await _get(local, "/tab/static/teams-js.js")
    assert status == 200 and "authentication" in script


async def test_each_reader_sees_only_what_they_may(local: RunningBot) -> None:
    status, lead = await _get(local, "/api/overview?lang=en")
    assert status == 200 and [s["key"] for s in lead["sections"]] == STEERING
    for section in lead["sections"]:
        # Every chart comes with a table of its numbers.
        assert section["html"].count('role="img"') <= section["html"].count("<table>")
    status, member = await _get(local, f"/api/overview?as={OLA}")
    assert status == 200 and [s["key"] for s in member["sections"]] == EVERYONE
    assert "participation" not in str(member) and "Risiko" not in str(member)
    status, steering = await _get(local, f"/api/overview?as={PER}")
    assert [s["key"] for s in steering["sections"]] == STEERING
    status, stranger = await _get(local, "/api/overview?as=00000000-dead-4000-8000-000000000000")
    assert status == 403 and "prosjektlederen" in stranger["error"]


# ---- Teams SSO


@pytest.fixture
async def sso(database_url: str, openid_server: OpenIdServer) -> AsyncIterator[RunningBot]:
    settings = settings_for(
        database_url,
        app_id=APP_ID,
        app_password="not-used",
        openid_metadata_url=openid_server.metadata_url,
        token_issuer=openid_server.issuer,
        tab_host=HOST,
        sso_metadata_url=openid_server.metadata_url,
        sso_issuer=openid_server.base_url + "/{tenantid}/v2.0",
        allowed_tenants=PLAYGROUND_TENANT_ID,
    )
    async with running_bot(settings) as running:
        await load_demo(running.services.db)
        yield running


def _token(server: OpenIdServer, oid: str = OLA, **bent: Any) -> str:
    tenant = bent.pop("tid", PLAYGROUND_TENANT_ID)
    claims = {"tid": tenant, "oid": oid, "serviceurl": None}
    return server.mint(
        app_id=bent.pop("aud", AUDIENCE),
        service_url=None,
        issuer=bent.pop("issuer", f"{server.base_url}/{tenant}/v2.0"),
        extra_claims=claims,
        **bent,
    )


async def test_sso_token_is_checked_at_the_api(
    sso: RunningBot, openid_server: OpenIdServer
) -> None:
    status, body = await _get(sso, "/api/overview", _token(openid_server, KARI))
    assert status == 200 and [s["key"] for s in body["sections"]] == STEERING
    status, body = await _get(sso, "/api/overview", _token(openid_server, OLA))
    assert status == 200 and [s["key"] for s in body["sections"]] == EVERYONE
    other = "11111111-2222-4333-8444-555555555555"
    cases = {
        "no token": (None, 401),
        "garbage": ("a.b.c", 401),
        "bot audience": (_token(openid_server, aud=APP_ID), 401),
        "other host": (_token(openid_server, aud=f"api://evil.example/{APP_ID}"), 401),
        "expired": (_token(openid_server, exp_in=-3600), 401),
        "other tenant": (_token(openid_server, tid=other), 403),
        "issuer of another tenant": (
            _token(openid_server, issuer=f"{openid_server.base_url}/{other}/v2.0"),
            401,
        ),
        "unknown person": (_token(openid_server, "99999999-0000-4000-8000-000000000000"), 403),
    }
    for name, (token, expected) in cases.items():
        status, body = await _get(sso, "/api/overview?lang=nb", token)
        assert status == expected, name
        assert "sections" not in body, name
    # The ?as= shortcut of local mode does not exist with SSO.
    status, _ = await _get(sso, f"/api/overview?as={KARI}")
    assert status == 401


async def test_page_needs_no_token_but_the_api_does(sso: RunningBot) -> None:
    status, body = await _get(sso, "/tab/overview?lang=nb")
    assert status == 200 and 'data-local="false"' in body
    async with aiohttp.ClientSession() as http, http.get(f"{sso.url}/api/overview") as response:
        assert response.status == 401
