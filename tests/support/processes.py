"""Kravbot and the connector emulator as child processes, for tests that kill or measure them."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def tail(log: Path, size: int = 3000) -> str:
    """The end of a log file."""
    return log.read_text(errors="replace")[-size:]


def clean_env(**overrides: str) -> dict[str, str]:
    """This environment minus Kravbot's and Bot Framework's settings, plus `overrides`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("KRAVBOT_", "Microsoft", "MICROSOFT", "PORT"))
    }
    env["PYTHONPATH"] = str(ROOT)
    env.update(overrides)
    return env


@dataclass
class Child:
    """A child process with the URL it listens on and its log file."""

    process: asyncio.subprocess.Process
    url: str
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def kill(self) -> None:
        """kill -9."""
        if self.process.returncode is None:
            os.kill(self.process.pid, signal.SIGKILL)

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.terminate()
            try:
                await asyncio.wait_for(self.process.wait(), 20)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()

    async def get(self, http: aiohttp.ClientSession, path: str) -> tuple[int, Any]:
        async with http.get(self.url + path) as response:
            return response.status, await response.json(content_type=None)


async def start_kravbot(
    database_url: str,
    log: Path,
    *,
    module: Sequence[str] = ("bot.cli",),
    env: dict[str, str] | None = None,
    ready_timeout: float = 60.0,
) -> Child:
    """`kravbot serve` (or another module taking the same arguments) on a free port."""
    port = free_port()
    environment = clean_env(KRAVBOT_DATABASE_URL=database_url, **(env or {}))
    with log.open("ab") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            *module,
            "serve",
            "--port",
            str(port),
            env=environment,
            cwd=log.parent,
            stdout=out,
            stderr=asyncio.subprocess.STDOUT,
        )
    child = Child(process, f"http://127.0.0.1:{port}", log)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + ready_timeout
    async with aiohttp.ClientSession() as http:
        while True:
            try:
                status, _ = await child.get(http, "/healthz")
                if status == 200:
                    return child
            except aiohttp.ClientError:
                pass
            if process.returncode is not None or loop.time() > deadline:
                child.kill()
                raise RuntimeError(f"kravbot did not start: {tail(log)}")
            await asyncio.sleep(0.05)


@asynccontextmanager
async def emulator_process(*args: str) -> AsyncIterator[str]:
    """`python -m tests.emulator` in its own process; yields its URL."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.emulator",
        "--port",
        "0",
        *args,
        env=clean_env(),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), 30)).decode()
        match = re.search(r"(http://\S+)", line)
        if match is None:
            raise RuntimeError(f"the emulator said {line!r}")
        yield match.group(1)
    finally:
        if process.returncode is None:
            process.terminate()
            await process.wait()


class FreezableProxy:
    """A TCP proxy on the loopback that can stop forwarding, like a frozen (SIGSTOPped) server:
    connections stay open and new ones are accepted, but no byte moves until `thaw()`."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self._target = (target_host, target_port)
        self._flowing = asyncio.Event()
        self._flowing.set()
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.port = 0

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = int(self._server.sockets[0].getsockname()[1])

    async def stop(self) -> None:
        self._flowing.set()
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def freeze(self) -> None:
        self._flowing.clear()

    def thaw(self) -> None:
        self._flowing.set()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await self._flowing.wait()
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self._target)
        except OSError:
            writer.close()
            return
        for source, sink in ((reader, upstream_writer), (upstream_reader, writer)):
            task = asyncio.create_task(self._pipe(source, sink))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _pipe(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        try:
            while True:
                data = await source.read(65536)
                if not data:
                    break
                await self._flowing.wait()
                sink.write(data)
                await sink.drain()
        except (OSError, asyncio.CancelledError):
            pass
        finally:
            sink.close()
