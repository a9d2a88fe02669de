"""Turns per second and latency: Kravbot answering `hjelp` against a stock botbuilder echo bot.

One run starts, as child processes on the loopback, the connector emulator (rate limits off:
this measures the bots, not Teams' limits), the stock botbuilder 4.17.1 echo bot
(`bench.stock_echo`, no fixes) and `kravbot serve` on a temporary SQLite file. This process is
the load driver: it POSTs Teams-shaped message activities to each bot's `/api/messages`, spread
over 50 personal conversations, at concurrency 1 and 20, and times each request until the
bot's HTTP answer (both bots have posted their reply to the emulator by then).

Phases alternate (echo c1, kravbot c1, echo c20, kravbot c20), repeated over several rounds so
that noise on a shared machine hits both bots alike. Each bot's figures are medians over the
rounds; each ratio is the median of the per-round ratios, Kravbot's phase against the echo
phase run right next to it, so a burst of load from elsewhere skews a pair rather than a side.
After every phase the emulator's stats must show exactly one accepted reply per request, or the
run fails: a bot that drops replies must not look fast.

    .venv/bin/python -m bench.turns [--quick] [--check]

The last line is `bench turns: key=value ...`. `--check` exits 1 unless, at concurrency 20,
Kravbot's throughput is at least 2x the echo bot's and its p99 at most half of the echo bot's.
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import itertools
import json
import os
import signal
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import aiohttp
from aiohttp import web

from tests.support.activities import User, Where, message

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
CONVERSATIONS = 50
STARTUP_TIMEOUT = 60.0
REQUEST_TIMEOUT = 30.0
_PR_SET_PDEATHSIG = 1
THROUGHPUT_GOAL = 2.0
P99_GOAL = 0.5
# Variables that would take either bot out of anonymous local mode or point it elsewhere.
_SCRUBBED_ENV = (
    "MicrosoftAppId",
    "MICROSOFTAPPID",
    "MicrosoftAppPassword",
    "MICROSOFTAPPPASSWORD",
    "MicrosoftAppType",
    "MICROSOFTAPPTYPE",
    "MicrosoftAppTenantId",
    "MICROSOFTAPPTENANTID",
    "KRAVBOT_ALLOWED_TENANTS",
    "PORT",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "http_proxy",
    "https_proxy",
)


@dataclass(frozen=True)
class Mode:
    """Request counts per phase; `rounds` repeats every phase."""

    name: str
    warmup: int
    c1_requests: int
    c20_requests: int
    rounds: int


QUICK = Mode("quick", warmup=40, c1_requests=100, c20_requests=400, rounds=3)
FULL = Mode("full", warmup=100, c1_requests=400, c20_requests=3000, rounds=3)


@dataclass
class Phase:
    """One measured phase: every request's latency and the wall time of the whole phase."""

    bot: str
    concurrency: int
    latencies: list[float]
    elapsed: float

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.elapsed

    def percentile(self, p: float) -> float:
        """Nearest-rank percentile in milliseconds."""
        ordered = sorted(self.latencies)
        rank = max(1, min(len(ordered), int(-(-p * len(ordered) // 100))))
        return ordered[rank - 1] * 1000


@dataclass
class Summary:
    """Median over rounds of one (bot, concurrency) pair."""

    rps: float
    p50_ms: float
    p99_ms: float
    rounds: list[Phase] = field(repr=False)

    @classmethod
    def of(cls, phases: list[Phase]) -> Summary:
        return cls(
            rps=statistics.median(p.rps for p in phases),
            p50_ms=statistics.median(p.percentile(50) for p in phases),
            p99_ms=statistics.median(p.percentile(99) for p in phases),
            rounds=phases,
        )


class BenchError(Exception):
    """The benchmark could not measure what it claims to: a failure, never a figure."""


# ---------------------------------------------------------------------- child processes


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _SCRUBBED_ENV}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["PYTHONUNBUFFERED"] = "1"
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    env.update(extra)
    return env


def _die_with_parent() -> None:
    """In the child before exec (Linux): SIGTERM when the driver dies, even by SIGKILL."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


class Child:
    """A child process whose output goes to a log file (so a chatty child can never block)."""

    def __init__(self, name: str, args: Sequence[str], env: dict[str, str], workdir: Path) -> None:
        self.name = name
        self.args = list(args)
        self.env = env
        self.log = workdir / f"{name}.log"
        self.workdir = workdir
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        with self.log.open("wb") as out:
            self.process = await asyncio.create_subprocess_exec(
                *self.args,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=out,
                stderr=asyncio.subprocess.STDOUT,
                env=self.env,
                cwd=self.workdir,
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            )

    def tail(self, lines: int = 20) -> str:
        try:
            text = self.log.read_text("utf-8", "replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def check_alive(self) -> None:
        if self.process is None or self.process.returncode is not None:
            code = None if self.process is None else self.process.returncode
            raise BenchError(f"{self.name} exited (status {code}):\n{self.tail()}")

    async def wait_for_line(self, prefix: str) -> str:
        """Wait until the log has a line starting with `prefix`; return that line."""
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            self.check_alive()
            for line in self.log.read_text("utf-8", "replace").splitlines():
                if line.startswith(prefix):
                    return line
            await asyncio.sleep(0.05)
        raise BenchError(f"{self.name} did not start within {STARTUP_TIMEOUT:.0f}s:\n{self.tail()}")

    async def stop(self) -> None:
        """SIGTERM, then SIGKILL after 10 s; only this child's own process id."""
        process = self.process
        if process is None or process.returncode is not None:
            return
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), 10)
        except TimeoutError:
            process.kill()
            await process.wait()


async def wait_http_ok(http: aiohttp.ClientSession, url: str, child: Child) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        child.check_alive()
        try:
            async with http.get(url) as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise BenchError(f"{child.name} not ready within {STARTUP_TIMEOUT:.0f}s:\n{child.tail()}")


# ---------------------------------------------------------------------- load


class Workload:
    """Pre-serialized activities for one bot, spread over many personal conversations."""

    def __init__(self, text: str, service_url: str) -> None:
        self.text = text
        self._service_url = service_url
        self._users = [
            (
                User(f"29:bench-user-{i}", f"Bench User {i}", f"00000000-0000-4000-8000-{i:012d}"),
                Where(id=f"a:bench-personal-{i}"),
            )
            for i in range(CONVERSATIONS)
        ]
        self._turn = itertools.count()

    def bodies(self, n: int) -> list[bytes]:
        out: list[bytes] = []
        for _ in range(n):
            user, where = self._users[next(self._turn) % len(self._users)]
            activity = message(self.text, self._service_url, user=user, where=where)
            out.append(json.dumps(activity).encode())
        return out


async def drive(
    http: aiohttp.ClientSession, url: str, bodies: list[bytes], concurrency: int
) -> tuple[list[float], float]:
    """POST every body with `concurrency` workers; per-request latency and total wall time."""
    latencies: list[float] = []
    failures: list[str] = []
    queue = iter(bodies)
    headers = {"Content-Type": "application/json"}

    async def worker() -> None:
        for body in queue:
            started = time.perf_counter()
            try:
                async with http.post(url, data=body, headers=headers) as response:
                    await response.read()
                    status = response.status
            except (aiohttp.ClientError, TimeoutError) as exc:
                failures.append(f"{type(exc).__name__}: {exc}")
                continue
            latencies.append(time.perf_counter() - started)
            if status not in (200, 201):
                failures.append(f"HTTP {status}")

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    if failures:
        shown = ", ".join(sorted(set(failures))[:5])
        raise BenchError(f"{len(failures)} of {len(bodies)} requests to {url} failed: {shown}")
    return latencies, elapsed


class Emulator:
    """The out-of-process connector emulator, through its control endpoints."""

    def __init__(self, http: aiohttp.ClientSession, url: str) -> None:
        self.http = http
        self.url = url

    async def reset(self) -> None:
        async with self.http.post(f"{self.url}_emulator/reset") as response:
            if response.status != 200:
                raise BenchError(f"emulator reset answered {response.status}")

    async def stats(self) -> dict[str, Any]:
        async with self.http.get(f"{self.url}_emulator/stats") as response:
            stats: dict[str, Any] = await response.json()
            return stats

    async def expect_replies(self, n: int, what: str) -> None:
        """Every request got exactly one accepted reply, and nothing else reached the emulator."""
        stats = await self.stats()
        replies = int(stats.get("by_operation", {}).get("reply", 0))
        accepted = int(stats.get("accepted", 0))
        received = int(stats.get("received", 0))
        if not (replies == accepted == received == int(stats.get("sent", 0)) == n):
            raise BenchError(
                f"{what}: expected {n} accepted replies at the emulator, got stats {stats}"
            )


@dataclass
class Bot:
    name: str
    url: str
    workload: Workload


CARD = "application/vnd.microsoft.card.adaptive"


async def check_replies(http: aiohttp.ClientSession, bots: list[Bot]) -> None:
    """One turn per bot against a capturing serviceUrl here: the reply must be the right one.

    The emulator's stats only count replies; this makes sure the counted replies are an echo
    and a help card, posted as a reply to the activity that asked.
    """
    captured: list[tuple[str, Any]] = []

    async def capture(request: web.Request) -> web.Response:
        # msrest sends "a%3Abench-check", aiohttp (yarl) "a:bench-check": the same URL.
        captured.append((unquote(request.raw_path), await request.json()))
        return web.json_response({"id": "1"}, status=201)

    app = web.Application()
    app.router.add_post("/{tail:.*}", capture)
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    try:
        site = web.TCPSite(runner, HOST, 0)
        await site.start()
        service_url = f"http://{HOST}:{runner.addresses[0][1]}/"
        for bot in bots:
            captured.clear()
            activity = message(bot.workload.text, service_url, where=Where(id="a:bench-check"))
            await drive(http, bot.url, [json.dumps(activity).encode()], 1)
            expected_path = f"/v3/conversations/a:bench-check/activities/{activity['id']}"
            if len(captured) != 1 or captured[0][0] != expected_path:
                got = [path for path, _ in captured]
                raise BenchError(f"{bot.name}: expected one reply at {expected_path}, got {got}")
            reply = captured[0][1]
            attachments = reply.get("attachments") or [{}]
            if bot.name == "echo":
                ok = (
                    reply.get("type") == "message"
                    and reply.get("text") == f"Echo: {bot.workload.text}"
                )
            else:
                ok = reply.get("type") == "message" and attachments[0].get("contentType") == CARD
            if not ok:
                raise BenchError(
                    f"{bot.name}: unexpected reply to {bot.workload.text!r}: {str(reply)[:300]}"
                )
    finally:
        await runner.cleanup()


async def phase(
    http: aiohttp.ClientSession,
    emulator: Emulator,
    bot: Bot,
    concurrency: int,
    requests: int,
    warmup: int,
) -> Phase:
    await emulator.reset()
    await drive(http, bot.url, bot.workload.bodies(warmup), concurrency)
    await emulator.expect_replies(warmup, f"{bot.name} warm-up at c{concurrency}")
    await emulator.reset()
    bodies = bot.workload.bodies(requests)
    latencies, elapsed = await drive(http, bot.url, bodies, concurrency)
    await emulator.expect_replies(requests, f"{bot.name} at c{concurrency}")
    result = Phase(bot.name, concurrency, latencies, elapsed)
    print(
        f"  {bot.name:8} c{concurrency:<3} {requests:5} turns  {result.rps:8.1f}/s  "
        f"p50 {result.percentile(50):7.2f} ms  p99 {result.percentile(99):7.2f} ms",
        flush=True,
    )
    return result


# ---------------------------------------------------------------------- run


async def run(mode: Mode, workdir: Path) -> dict[str, Summary]:
    python = sys.executable
    emulator_port, echo_port, kravbot_port = free_port(), free_port(), free_port()
    database = workdir / "kravbot-bench.db"
    children = [
        Child(
            "emulator",
            [python, "-m", "tests.emulator", "--port", str(emulator_port), "--no-limits"],
            child_env(),
            workdir,
        ),
        Child(
            "echo",
            [python, "-m", "bench.stock_echo", "--port", str(echo_port)],
            child_env(),
            workdir,
        ),
        Child(
            "kravbot",
            [python, "-m", "bot.cli", "serve", "--host", HOST, "--port", str(kravbot_port)],
            child_env(
                KRAVBOT_DATABASE_URL=f"sqlite+aiosqlite:///{database}",
                KRAVBOT_LOG_LEVEL="WARNING",
                # The stock echo bot paces nothing; to compare turn handling itself, Kravbot's
                # pacers are opened wide here: the tenant's (Teams' 30 requests/s per app) and
                # each conversation's (60 per 30 s: 50 conversations would cap at 100 turns/s).
                KRAVBOT_TENANT_RATE="100000",
                KRAVBOT_CONVERSATION_LIMITS="100000/1",
            ),
            workdir,
        ),
    ]
    emulator_child, echo_child, kravbot_child = children
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    try:
        for child in children:
            await child.start()
        await emulator_child.wait_for_line("emulator listening on ")
        await echo_child.wait_for_line("echo listening on ")
        connector = aiohttp.TCPConnector(limit=100, limit_per_host=100)
        async with aiohttp.ClientSession(timeout=timeout, connector=connector) as http:
            await wait_http_ok(http, f"http://{HOST}:{kravbot_port}/readyz", kravbot_child)
            service_url = f"http://{HOST}:{emulator_port}/"
            emulator = Emulator(http, service_url)
            bots = [
                Bot(
                    "echo",
                    f"http://{HOST}:{echo_port}/api/messages",
                    Workload("hei", service_url),
                ),
                Bot(
                    "kravbot",
                    f"http://{HOST}:{kravbot_port}/api/messages",
                    Workload("hjelp", service_url),
                ),
            ]
            await check_replies(http, bots)
            results: dict[str, list[Phase]] = {}
            for round_no in range(1, mode.rounds + 1):
                print(f"round {round_no}/{mode.rounds}", flush=True)
                for concurrency, requests in ((1, mode.c1_requests), (20, mode.c20_requests)):
                    # Alternate which bot goes first, so neither always runs on a warmer machine.
                    order = bots if round_no % 2 else bots[::-1]
                    for bot in order:
                        for child in children:
                            child.check_alive()
                        measured = await phase(
                            http, emulator, bot, concurrency, requests, mode.warmup
                        )
                        results.setdefault(f"{bot.name}_c{concurrency}", []).append(measured)
                    echo, kravbot = (results[f"{b.name}_c{concurrency}"][-1] for b in bots)
                    print(
                        f"  {'ratio':8} c{concurrency:<3} throughput {kravbot.rps / echo.rps:.2f}x"
                        f"  p99 {kravbot.percentile(99) / echo.percentile(99):.3f}x",
                        flush=True,
                    )
        return {key: Summary.of(phases) for key, phases in results.items()}
    finally:
        await asyncio.gather(*(child.stop() for child in children))


def figures(summaries: dict[str, Summary]) -> dict[str, float]:
    out: dict[str, float] = {}
    for bot in ("echo", "kravbot"):
        for concurrency in (1, 20):
            s = summaries[f"{bot}_c{concurrency}"]
            out[f"{bot}_c{concurrency}_rps"] = s.rps
            out[f"{bot}_c{concurrency}_p50_ms"] = s.p50_ms
            out[f"{bot}_c{concurrency}_p99_ms"] = s.p99_ms
    for concurrency in (1, 20):
        pairs = list(
            zip(
                summaries[f"echo_c{concurrency}"].rounds,
                summaries[f"kravbot_c{concurrency}"].rounds,
                strict=True,
            )
        )
        out[f"throughput_ratio_c{concurrency}"] = statistics.median(
            kravbot.rps / echo.rps for echo, kravbot in pairs
        )
        out[f"p99_ratio_c{concurrency}"] = statistics.median(
            kravbot.percentile(99) / echo.percentile(99) for echo, kravbot in pairs
        )
    return out


def table(summaries: dict[str, Summary], values: dict[str, float]) -> str:
    rows = [f"{'':10} {'turns/s':>9} {'p50 ms':>9} {'p99 ms':>9}"]
    for concurrency in (1, 20):
        for bot in ("echo", "kravbot"):
            s = summaries[f"{bot}_c{concurrency}"]
            rows.append(
                f"{bot + ' c' + str(concurrency):10} {s.rps:9.1f} {s.p50_ms:9.2f} {s.p99_ms:9.2f}"
            )
        rows.append(
            f"{'ratio c' + str(concurrency):10} {values[f'throughput_ratio_c{concurrency}']:8.2f}x"
            f" {'':9} {values[f'p99_ratio_c{concurrency}']:8.2f}x"
        )
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.turns", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer requests, under a minute")
    parser.add_argument(
        "--check",
        action="store_true",
        help=f"exit 1 unless throughput_ratio_c20 >= {THROUGHPUT_GOAL} "
        f"and p99_ratio_c20 <= {P99_GOAL}",
    )
    args = parser.parse_args(argv)
    mode = QUICK if args.quick else FULL
    print(
        f"bench turns ({mode.name}): {mode.rounds} rounds, warm-up {mode.warmup}, "
        f"c1 {mode.c1_requests} and c20 {mode.c20_requests} turns per phase, "
        f"{CONVERSATIONS} conversations",
        flush=True,
    )
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kravbot-bench-") as tmp:
        try:
            summaries = asyncio.run(run(mode, Path(tmp)))
        except BenchError as exc:
            print(f"bench turns FAILED: {exc}", file=sys.stderr)
            return 2
    values = figures(summaries)
    print(
        f"\nmedians of {mode.rounds} rounds (ratios: median of per-round ratios), "
        f"{time.perf_counter() - started:.0f} s in all"
    )
    print(table(summaries, values))
    met = values["throughput_ratio_c20"] >= THROUGHPUT_GOAL and values["p99_ratio_c20"] <= P99_GOAL
    values_text = " ".join(
        f"{key}={value:.2f}" if "ratio" not in key else f"{key}={value:.3f}"
        for key, value in values.items()
    )
    print(f"bench turns: mode={mode.name} goals_met={'yes' if met else 'no'} {values_text}")
    if args.check and not met:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
