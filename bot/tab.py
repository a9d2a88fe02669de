"""The Teams tab «Oversikt»: the page (`/tab/overview`), its scripts, and its JSON API
(`/api/overview`), which takes a Teams single sign-on token.

The server validates the Entra ID token (RS256 against Entra's keys, audience
`api://<KRAVBOT_TAB_HOST>/<app id>`, tenant, expiry) with the same key cache as the channel
tokens. In local mode (no app id) there is no sign-in: the API answers for `?as=<Entra id>`, else
for the first project lead, so the demo works in a plain browser.
"""

from __future__ import annotations

import logging
from html import escape
from pathlib import Path
from typing import Final

from aiohttp import web

from bot.auth import AuthError, IdentityUnavailable, SsoTokenValidator
from bot.bootstrap import SERVICES
from bot.config import Settings
from cards.html import page
from cards.texts import Language, language_for, text
from dialogs.overview import overview_for
from storage.models import utcnow

log = logging.getLogger(__name__)

STATIC: Final = Path(__file__).resolve().parent / "static"
TEAMS_JS: Final = (
    Path(__file__).resolve().parent.parent
    / "node_modules/@microsoft/teams-js/dist/umd/MicrosoftTeams.min.js"
)
THEMES: Final = {"default": "light", "light": "light", "dark": "dark", "contrast": "contrast"}
SSO: Final = web.AppKey("sso", SsoTokenValidator)


def sso_audience(settings: Settings) -> str:
    """The audience of the tab's SSO tokens: `api://<host>/<app id>`."""
    return f"api://{settings.tab_host}/{settings.app_id}"


def _language(request: web.Request) -> Language:
    services = request.app[SERVICES]
    return language_for(request.query.get("lang"), services.settings.language)


async def overview_page(request: web.Request) -> web.Response:
    """The tab's page: the shell the script fills from `/api/overview`."""
    language = _language(request)
    theme = THEMES.get(request.query.get("theme", "light"), "light")
    local = request.app[SERVICES].settings.local_mode
    title = text(language, "overview.tab.title")
    body = (
        f"<header><h1>{escape(title)}</h1><p>{escape(text(language, 'overview.tab.intro'))}</p>"
        f'</header><nav aria-label="{escape(text(language, "overview.tab.contents"))}">'
        f'<ul id="contents"></ul></nav><main id="content" aria-busy="true">'
        f'<p id="status" role="status">{escape(text(language, "overview.tab.loading"))}</p></main>'
        f'<div id="texts" hidden data-failed="{escape(text(language, "overview.tab.failed"))}"'
        f' data-local="{str(local).lower()}"></div>'
        '<script src="/tab/static/teams-js.js"></script>'
        '<script src="/tab/static/overview.js"></script>'
    )
    return web.Response(
        text=page(language, title, body, theme=theme),
        content_type="text/html",
        headers={"Cache-Control": "no-store"},
    )


async def overview_api(request: web.Request) -> web.Response:
    """The sections the signed-in reader may see, as JSON; 401/403 with a message otherwise."""
    services = request.app[SERVICES]
    language = _language(request)
    if services.settings.local_mode:
        entra_id: str | None = request.query.get("as") or None
    else:
        try:
            claims = await request.app[SSO].validate_sso(request.headers.get("Authorization"))
        except AuthError as exc:
            log.info("tab token refused: %s", exc.reason)
            return _refused(exc.status, text(language, "overview.tab.sign_in"))
        except IdentityUnavailable:
            return _refused(503, text(language, "overview.tab.failed"))
        entra_id = str(claims["oid"])
    now = utcnow()
    found = await overview_for(services.db, entra_id, language, now, services.settings.zone)
    if found is None:
        return _refused(403, text(language, "overview.tab.unknown"))
    sections = [{"key": s.key, "title": s.title, "html": s.html} for s in found.sections]
    return web.json_response(
        {"language": language, "sections": sections}, headers={"Cache-Control": "no-store"}
    )


def _refused(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


async def teams_js(_request: web.Request) -> web.StreamResponse:
    """The Teams JavaScript client library, from the npm package."""
    if not TEAMS_JS.is_file():
        raise web.HTTPNotFound()
    return web.FileResponse(TEAMS_JS, headers={"Content-Type": "text/javascript"})


async def overview_js(_request: web.Request) -> web.StreamResponse:
    """The tab's own script."""
    return web.FileResponse(STATIC / "overview.js", headers={"Content-Type": "text/javascript"})


def register(app: web.Application, settings: Settings) -> None:
    """Add the tab's routes; with an app id, the SSO validator too."""
    app.router.add_get("/tab/overview", overview_page)
    app.router.add_get("/tab/static/teams-js.js", teams_js)
    app.router.add_get("/tab/static/overview.js", overview_js)
    app.router.add_get("/api/overview", overview_api)
    if settings.local_mode:
        return
    tenants = settings.allowed_tenants or (
        frozenset({settings.app_tenant_id}) if settings.app_tenant_id else frozenset()
    )
    app[SSO] = SsoTokenValidator(
        audience=sso_audience(settings),
        tenants=tenants,
        metadata_url=settings.sso_metadata_url,
        issuer=settings.sso_issuer,
    )

    async def close(_app: web.Application) -> None:
        await app[SSO].close()

    app.on_cleanup.append(close)
