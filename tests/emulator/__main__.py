"""Run the connector emulator as its own process: ``python -m tests.emulator --port N``.

Prints ``emulator listening on http://127.0.0.1:N/`` once it accepts connections (a driver can
wait for that line, and read the port from it when started with ``--port 0``), then serves
until SIGTERM or SIGINT. ``GET /_emulator/stats``, ``POST /_emulator/reset`` and
``POST``/``DELETE /_emulator/faults`` control it from the benchmark.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import Sequence

from .server import ConnectorEmulator


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="bind address (loopback only)")
    parser.add_argument("--port", type=int, default=0, help="TCP port; 0 picks a free one")
    parser.add_argument(
        "--tenant-limit",
        type=int,
        default=30,
        help="tenant-wide requests per second per app; 0 disables (default 30)",
    )
    parser.add_argument(
        "--no-limits", action="store_true", help="disable every rate limit (pure throughput)"
    )
    parser.add_argument("--require-auth", action="store_true", help="401 without a bearer token")
    parser.add_argument(
        "--max-records",
        type=int,
        default=100_000,
        help="keep only the newest N request records, to bound memory (default 100000)",
    )
    parser.add_argument(
        "--keep-bodies",
        action="store_true",
        help="keep full activity bodies (default: ids only, to bound memory)",
    )
    parser.add_argument(
        "--latency", type=float, default=0.0, help="seconds every answer takes (default 0)"
    )
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    emulator = ConnectorEmulator(
        host=args.host,
        port=args.port,
        require_auth=args.require_auth,
        rate_limits=not args.no_limits,
        tenant_limit=args.tenant_limit or None,
        max_records=args.max_records,
        keep_bodies=args.keep_bodies,
        latency=args.latency,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await emulator.start()
    print(f"emulator listening on {emulator.url}", flush=True)
    try:
        await stop.wait()
    finally:
        await emulator.stop()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.host not in ("127.0.0.1", "::1", "localhost"):
        print("refusing to listen beyond loopback", file=sys.stderr)
        return 2
    asyncio.run(serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
