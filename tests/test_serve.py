"""`kravbot serve` as a process: migrations at start, health, graceful shutdown on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from tests.emulator.server import ConnectorEmulator
from tests.support import activities as act


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Served:
    """A `kravbot serve` child process and its address."""

    def __init__(self, process: asyncio.subprocess.Process, url: str, log: Path) -> None:
        self.process = process
        self.url = url
        self.log = log


@pytest.fixture
async def served(database_url: str, tmp_path: Path) -> AsyncIterator[Served]:
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("KRAVBOT_", "Microsoft", "MICROSOFT"))
    }
    env.update(KRAVBOT_DATABASE_URL=database_url, KRAVBOT_SHUTDOWN_TIMEOUT="20")
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "serve",
            "--port",
            str(port),
            env=env,
            cwd=tmp_path,
            stdout=out,
            stderr=asyncio.subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(200):
                try:
                    async with http.get(f"{url}/readyz") as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                if process.returncode is not None:
                    pytest.fail(f"kravbot serve exited: {log.read_text()}")
                await asyncio.sleep(0.1)
            else:
                pytest.fail(f"kravbot serve never became ready: {log.read_text()}")
        yield Served(process, url, log)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_sigterm_lets_the_turn_in_flight_finish(
    served: Served, connector_emulator: ConnectorEmulator
) -> None:
    # Teams answers slowly, so the turn is still running when the platform stops the process.
    connector_emulator.inject(delay=2.0, times=1)
    async with aiohttp.ClientSession() as http:
        turn = asyncio.create_task(
            http.post(
                f"{served.url}/api/messages", json=act.message("hjelp", connector_emulator.url)
            )
        )
        await asyncio.sleep(0.7)
        served.process.send_signal(signal.SIGTERM)
        response = await asyncio.wait_for(turn, 15)
        assert response.status == 200
        response.release()
    assert await asyncio.wait_for(served.process.wait(), 15) == 0
    [reply] = connector_emulator.sent()
    assert reply["attachments"]
    log = served.log.read_text()
    assert "LOCAL MODE" in log
    assert "stopped" in log
    assert "Traceback" not in log


async def test_logs_never_contain_tokens(served: Served) -> None:
    served.process.send_signal(signal.SIGTERM)
    await asyncio.wait_for(served.process.wait(), 15)
    assert "Bearer " not in served.log.read_text()


async def test_an_unreachable_database_is_waited_for_then_one_clear_line(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("KRAVBOT_", "Microsoft", "MICROSOFT"))
    }
    env.update(
        KRAVBOT_DATABASE_URL=f"postgresql://postgres@127.0.0.1:{_free_port()}/nowhere",
        KRAVBOT_DB_WAIT="3",
        KRAVBOT_DB_CONNECT_TIMEOUT="1",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "serve",
        "--port",
        str(_free_port()),
        env=env,
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), 60)
    text = output.decode()
    assert process.returncode == 1, text
    assert "waiting for the database" in text
    assert "the database is not reachable after 3 s" in text
    assert "Traceback" not in text
