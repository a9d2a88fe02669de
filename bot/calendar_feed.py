"""`GET /calendar/milestones.ics?token=...`: the milestones feed that Outlook subscribes to.

The feed is off (404) until KRAVBOT_CALENDAR_TOKEN is set; a wrong token gets 403. The token is
compared in constant time so its characters cannot be guessed from response times.
"""

from __future__ import annotations

import hmac

from aiohttp import web

from bot.bootstrap import SERVICES
from cards.texts import language_for
from dialogs.milestones import milestones_ics
from storage.models import utcnow


async def milestones_feed(request: web.Request) -> web.StreamResponse:
    """The iCalendar feed of every milestone, in the configured default language."""
    services = request.app[SERVICES]
    secret = services.settings.calendar_token.get_secret_value()
    if not secret:
        raise web.HTTPNotFound()
    given = request.query.get("token", "")
    if not hmac.compare_digest(given.encode("utf-8"), secret.encode("utf-8")):
        raise web.HTTPForbidden()
    body = await milestones_ics(
        services.db, language_for(services.settings.language), utcnow(), request.host or "kravbot"
    )
    return web.Response(
        body=body.encode("utf-8"),
        content_type="text/calendar",
        charset="utf-8",
        headers={"Cache-Control": "private, max-age=300"},
    )


def register(app: web.Application) -> None:
    """Add the feed's route to the app."""
    app.router.add_get("/calendar/milestones.ics", milestones_feed)
