"""The baseline for `bench.turns`: a stock botbuilder 4.17.1 echo bot, with none of Kravbot's fixes.

It is what the Bot Framework samples do: botbuilder's aiohttp ``CloudAdapter`` with
``ConfigurationBotFrameworkAuthentication`` and an ``ActivityHandler`` that echoes the text.
Nothing from ``bot/`` is imported, so msrest + requests in a thread pool and msrest's
``ClientRetryPolicy`` stay as shipped.

Anonymous, like local development: an empty ``APP_ID``/``APP_PASSWORD`` turns inbound
authentication off (a request without an ``Authorization`` header gets anonymous claims) and
makes the connector use ``MicrosoftAppCredentials.empty()``, which sends no token and fetches
none, so the bot can reply to a plain-HTTP ``serviceUrl`` on the loopback.

Run: ``python -m bench.stock_echo --port N`` (0 picks a free port); prints
``echo listening on http://127.0.0.1:N/`` once it accepts connections, serves until SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import Sequence

from aiohttp import web
from botbuilder.core import ActivityHandler, MessageFactory, TurnContext
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
)


class AnonymousConfig:
    """The configuration object botbuilder reads attributes from, as in the samples."""

    APP_ID = ""
    APP_PASSWORD = ""
    APP_TYPE = "MultiTenant"
    APP_TENANTID = ""


class EchoBot(ActivityHandler):  # type: ignore[misc]
    """Echoes every message back."""

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        text = turn_context.activity.text or ""
        await turn_context.send_activity(MessageFactory.text(f"Echo: {text}"))


def create_app() -> web.Application:
    """An aiohttp app with `POST /api/messages`, wired like botbuilder's samples."""
    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(AnonymousConfig()))
    bot = EchoBot()

    async def on_error(context: TurnContext, error: Exception) -> None:
        print(f"echo: turn failed: {error!r}", file=sys.stderr, flush=True)

    adapter.on_turn_error = on_error

    async def messages(request: web.Request) -> web.StreamResponse:
        response: web.StreamResponse | None = await adapter.process(request, bot)
        return response if response is not None else web.Response(status=201)

    app = web.Application()
    app.router.add_post("/api/messages", messages)
    return app


async def serve(host: str, port: int) -> None:
    runner = web.AppRunner(create_app(), access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(f"echo listening on http://{host}:{runner.addresses[0][1]}/", flush=True)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.stock_echo", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="bind address (loopback only)")
    parser.add_argument("--port", type=int, default=0, help="TCP port; 0 picks a free one")
    args = parser.parse_args(argv)
    if args.host not in ("127.0.0.1", "::1", "localhost"):
        print("refusing to listen beyond loopback", file=sys.stderr)
        return 2
    asyncio.run(serve(args.host, args.port))
    return 0


if __name__ == "__main__":
    sys.exit(main())
