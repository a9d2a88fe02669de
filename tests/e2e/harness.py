"""Real-client end-to-end bench: the bot, the Microsoft 365 Agents Playground and Chromium.

The playground (npm `@microsoft/m365agentsplayground`) is a local Teams look-alike: a web UI
plus a mocked Bot Framework connector under `/_connector`. It POSTs activities to the bot
without any Authorization header, and the bot replies to the activity's `serviceUrl`
(`http://localhost:<port>/_connector`). We start both as subprocesses, open the UI in Debian's
Chromium through Playwright and look at what a person would see.

Everything is a plain helper here; the pytest fixtures live in `conftest.py`. The processes are
started in their own sessions (process groups) so that teardown can kill the whole tree: the
playground is a Node process and `kravbot serve` may spawn workers.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Final

from playwright.async_api import (
    BrowserContext,
    Locator,
    Page,
    Playwright,
    async_playwright,
)
from playwright.async_api import Error as PlaywrightError

from tests.support.skips import missing

REPO_ROOT: Final = Path(__file__).resolve().parents[2]
PLAYGROUND_CONFIG_DIR: Final = REPO_ROOT / "infra" / "playground"
PLAYGROUND_CLI: Final = (
    REPO_ROOT / "node_modules" / "@microsoft" / "m365agentsplayground" / "cli.js"
)
ARTIFACTS_DIR: Final = REPO_ROOT / "artifacts" / "e2e"
CHROMIUM: Final = Path("/usr/bin/chromium")

#: Flags from the design doc (section 4): no sandbox (containers), no GPU, and nothing that
#: phones home, so the browser works on a loopback-only network without stalls.
CHROMIUM_FLAGS: Final = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

#: UI selectors of the playground 0.2.28 (checked by hand; they are not a public API).
#: In a channel every thread has its own reply box; the first one is "Start a new post".
MESSAGE_BOX: Final = '[role="textbox"][data-lexical-editor="true"]'
CARD: Final = ".ac-adaptiveCard"
#: Cards of messages, not the nested cards that Action.ShowCard renders inside them.
TOP_LEVEL_CARD: Final = ".ac-adaptiveCard:not(.ac-adaptiveCard .ac-adaptiveCard)"
MENTION_MENU_ITEM: Final = '[aria-label="Typeahead menu"] [role="menuitem"]'

#: Environment that overrides the bot command, e.g. `python /tmp/echo.py serve`. The harness
#: appends `--host 127.0.0.1 --port N`, exactly as for `kravbot serve`.
BOT_CMD_ENV: Final = "KRAVBOT_E2E_BOT_CMD"

#: Variables that would switch the bot out of local mode (auth on, tenant filter) if they leaked
#: in from a developer's shell; the playground sends no token.
_BOT_ENV_SCRUB: Final = (
    "MicrosoftAppId",
    "MICROSOFTAPPID",
    "MicrosoftAppPassword",
    "MICROSOFTAPPPASSWORD",
    "MicrosoftAppType",
    "MICROSOFTAPPTYPE",
    "MicrosoftAppTenantId",
    "MICROSOFTAPPTENANTID",
    "KRAVBOT_ALLOWED_TENANTS",
)

_PORT_LINE: Final = re.compile(r"Listening on (\d+)")


class HarnessError(RuntimeError):
    """A part of the bench did not come up; the message carries the tail of its log."""


@dataclass
class ManagedProcess:
    """A subprocess in its own process group, with its output captured in a log file."""

    name: str
    popen: subprocess.Popen[bytes]
    log_path: Path
    _log_file: IO[bytes] = field(repr=False)

    def log_tail(self, max_chars: int = 4000) -> str:
        """The end of the process's output, to make a failed start explain itself."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return text[-max_chars:]

    def check_alive(self) -> None:
        """Raise with the log tail if the process has already exited."""
        code = self.popen.poll()
        if code is not None:
            raise HarnessError(
                f"{self.name} exited with code {code}; log {self.log_path}:\n{self.log_tail()}"
            )

    def stop(self, grace_seconds: float = 5.0) -> None:
        """SIGTERM the whole group, then SIGKILL it if it lingers; never raises."""
        pgid = self.popen.pid  # start_new_session=True: the group id is the leader's pid
        for sig, wait in ((signal.SIGTERM, grace_seconds), (signal.SIGKILL, 5.0)):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pgid, sig)
            try:
                self.popen.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                continue
            # The leader is gone; children that ignored SIGTERM may still hold the group.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pgid, signal.SIGKILL)
            break
        self._log_file.close()


@dataclass(frozen=True)
class Tools:
    """Executables the bench needs, resolved once."""

    node: str
    playground_cli: Path
    chromium: Path


@dataclass
class Bench:
    """Running bot + playground; `close()` stops both (idempotent)."""

    bot: ManagedProcess
    playground: ManagedProcess
    bot_url: str
    playground_url: str
    workdir: Path

    def close(self) -> None:
        """Stop the playground first (it would keep calling the bot), then the bot."""
        self.playground.stop()
        self.bot.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


@dataclass
class Browser:
    """A Chromium context on a fresh profile with one page on the playground."""

    playwright: Playwright
    context: BrowserContext
    page: Page
    profile_dir: Path

    async def close(self) -> None:
        """Close the browser and Playwright's driver; never raises."""
        with contextlib.suppress(Exception):
            await self.context.close()
        with contextlib.suppress(Exception):
            await self.playwright.stop()
        shutil.rmtree(self.profile_dir, ignore_errors=True)


def require_tools() -> Tools:
    """Find node, the playground and Chromium, or skip (locally) / fail (CI) the test."""
    node = shutil.which("node")
    if node is None:
        missing("node is not on PATH (needed by the Agents Playground)")
    if not PLAYGROUND_CLI.is_file():
        missing(f"Agents Playground not installed ({PLAYGROUND_CLI}); run `npm install`")
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        missing(f"Chromium not found at {CHROMIUM} (Debian package `chromium`)")
    return Tools(node=node, playground_cli=PLAYGROUND_CLI, chromium=CHROMIUM)


def free_port() -> int:
    """A port that is free right now on 127.0.0.1 (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bot_command() -> list[str]:
    """The bot's command line without host and port: `$KRAVBOT_E2E_BOT_CMD` or `kravbot serve`."""
    override = os.environ.get(BOT_CMD_ENV, "").strip()
    if override:
        return shlex.split(override)
    # The console script sits next to the interpreter in the virtualenv running the tests.
    script = Path(sys.executable).parent / "kravbot"
    found = str(script) if script.exists() else shutil.which("kravbot")
    if found is None:
        missing("the `kravbot` console script is not installed (pip install -e .)")
    return [found, "serve"]


def start_process(
    name: str,
    argv: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    log_dir: Path,
) -> ManagedProcess:
    """Start `argv` in a new session, stdout and stderr into `log_dir/<name>.log`."""
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"{name}.log"
    log_file = log_path.open("wb")
    try:
        popen = subprocess.Popen(
            list(argv),
            cwd=cwd,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group: teardown kills the whole tree
        )
    except BaseException:
        log_file.close()
        raise
    return ManagedProcess(name=name, popen=popen, log_path=log_path, _log_file=log_file)


def wait_http_ok(url: str, proc: ManagedProcess, timeout: float) -> None:
    """Poll `url` until it answers 200, failing early (with the log) if `proc` dies."""
    deadline = time.monotonic() + timeout
    last_error = "no answer"
    while time.monotonic() < deadline:
        proc.check_alive()
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback http)
                if response.status == 200:
                    return
                last_error = f"HTTP {response.status}"
        except (urllib.error.URLError, OSError) as exc:
            last_error = str(exc)
        time.sleep(0.1)
    raise HarnessError(
        f"{proc.name}: {url} not ready after {timeout:.0f}s ({last_error}); log:\n{proc.log_tail()}"
    )


def wait_playground_port(proc: ManagedProcess, timeout: float) -> int:
    """Read the port the playground really listens on from its output.

    `-p` is only a wish: if that port is taken, the playground silently picks a random one and
    says so only in its "Listening on N" line.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        match = _PORT_LINE.search(proc.log_tail(max_chars=20_000))
        if match:
            return int(match.group(1))
        proc.check_alive()
        time.sleep(0.05)
    raise HarnessError(f"playground printed no port in {timeout:.0f}s; log:\n{proc.log_tail()}")


def start_bench(tools: Tools, *, log_dir: Path | None = None, timeout: float = 30.0) -> Bench:
    """Start the bot and the playground wired to it; stop whatever started if a step fails."""
    workdir = Path(tempfile.mkdtemp(prefix="kravbot-e2e-"))
    log_dir = log_dir or ARTIFACTS_DIR / "logs"
    started: list[ManagedProcess] = []
    try:
        bot_port = free_port()
        bot_dir = workdir / "bot"
        bot_dir.mkdir()
        bot_env = {k: v for k, v in os.environ.items() if k not in _BOT_ENV_SCRUB}
        bot_env["KRAVBOT_DATABASE_URL"] = f"sqlite+aiosqlite:///{bot_dir / 'kravbot-e2e.db'}"
        bot_env["PYTHONUNBUFFERED"] = "1"  # logs reach the file before a crash, not after
        # The playground's mock people are demo people (Kari is the project lead), so the
        # real-client tests act on the demo organisation like a newcomer would.
        subprocess.run(
            [sys.executable, "-m", "bot.cli", "demo-data"],
            cwd=bot_dir,
            env=bot_env,
            check=True,
            capture_output=True,
            timeout=120,
        )
        # cwd = an empty dir so that a developer's `.env` (with a MicrosoftAppId) is not read.
        bot = start_process(
            "bot",
            [*bot_command(), "--host", "127.0.0.1", "--port", str(bot_port)],
            cwd=bot_dir,
            env=bot_env,
            log_dir=log_dir,
        )
        started.append(bot)
        bot_url = f"http://127.0.0.1:{bot_port}"

        # The playground reads `.m365agentsplayground.yml` from its cwd and writes
        # `devTools/m365agentsplayground.log` there: a temp copy keeps the repo clean.
        pg_dir = workdir / "playground"
        shutil.copytree(PLAYGROUND_CONFIG_DIR, pg_dir)
        pg_env = dict(os.environ)
        pg_env["TEAMSAPPTESTER_BROWSER"] = "none"  # do not try to open a desktop browser
        pg_env["TZ"] = "Europe/Oslo"
        playground = start_process(
            "playground",
            [
                tools.node,
                str(tools.playground_cli),
                "-e",
                f"{bot_url}/api/messages",
                "-c",
                "msteams",
                "-p",
                str(free_port()),
                "--disable-telemetry",
            ],
            cwd=pg_dir,
            env=pg_env,
            log_dir=log_dir,
        )
        started.append(playground)

        # Both start in parallel; the bot (migrations) is usually the slower one.
        pg_port = wait_playground_port(playground, timeout)
        playground_url = f"http://127.0.0.1:{pg_port}"
        wait_http_ok(f"{bot_url}/healthz", bot, timeout)
        wait_http_ok(f"{playground_url}/", playground, timeout)
    except BaseException:
        for proc in reversed(started):
            proc.stop()
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    return Bench(
        bot=bot,
        playground=playground,
        bot_url=bot_url,
        playground_url=playground_url,
        workdir=workdir,
    )


async def open_browser(tools: Tools, url: str, *, timeout: float = 30.0) -> Browser:
    """Launch Chromium on a fresh profile, open the playground and wait for its message box.

    Locale and time zone are Norwegian so that what the browser itself contributes
    (`localTimezone`, `clientInfo.timezone`) matches DigiTV's users; the playground hard-codes
    `locale: "en-US"` in every activity regardless.
    """
    profile_dir = Path(tempfile.mkdtemp(prefix="kravbot-e2e-chromium-"))
    playwright = await async_playwright().start()
    try:
        context = await playwright.chromium.launch_persistent_context(
            str(profile_dir),
            executable_path=str(tools.chromium),
            args=list(CHROMIUM_FLAGS),
            headless=True,
            locale="nb-NO",
            timezone_id="Europe/Oslo",
            viewport={"width": 1400, "height": 900},
        )
    except BaseException:
        await playwright.stop()
        shutil.rmtree(profile_dir, ignore_errors=True)
        raise
    browser = Browser(
        playwright=playwright, context=context, page=context.pages[0], profile_dir=profile_dir
    )
    try:
        browser.page.set_default_timeout(timeout * 1000)
        await browser.page.goto(url)
        await browser.page.locator(MESSAGE_BOX).first.wait_for(state="visible")
    except BaseException:
        await browser.close()
        raise
    return browser


async def open_conversation(page: Page, label: str) -> None:
    """Switch the UI to a conversation by its tree label.

    Labels: "Personal Chat", the group chat's name, and "<team> - <channel>" for channels
    (e.g. "DigiTV - Hjemmetjeneste"). Switching makes the playground send the bot an
    `installationUpdate` (add) and a `conversationUpdate` for that conversation.
    """
    await page.locator(f'[role="treeitem"][aria-label="{label}"]').click()
    await page.locator(MESSAGE_BOX).first.wait_for(state="visible")


async def card_count(page: Page) -> int:
    """How many top-level Adaptive Cards the open conversation shows right now."""
    return await page.locator(TOP_LEVEL_CARD).count()


async def send_message(page: Page, text: str, *, mention: str | None = None) -> int:
    """Type `text` into the message box and press Enter, like a person would.

    With `mention`, first pick that name from the "@" typeahead so the bot gets a real mention
    entity and `<at>name</at>` in the text (as in channels and group chats).
    Returns the number of cards shown before sending: pass it to `wait_for_card(newer_than=)`
    so that an older card with the same text (a welcome card, an earlier answer) cannot match.
    """
    before = await card_count(page)
    box = page.locator(MESSAGE_BOX).first
    await box.click()
    if mention is not None:
        await page.keyboard.type("@" + mention)
        await page.locator(MENTION_MENU_ITEM, has_text=mention).first.click()
        text = " " + text
    await page.keyboard.type(text)
    await page.keyboard.press("Enter")
    return before


async def wait_for_card(
    page: Page,
    text_contains: str | re.Pattern[str],
    timeout: float = 15.0,
    *,
    newer_than: int = 0,
) -> Locator:
    """The first top-level card after the first `newer_than` cards whose text matches.

    `text_contains` is a substring, or a compiled pattern searched in the card's visible text
    (e.g. `re.compile(r"^\\s*Kravbot")` for a card whose heading starts with "Kravbot").
    Raises `HarnessError` (with the texts of the new cards) after `timeout` seconds.
    """
    cards = page.locator(TOP_LEVEL_CARD)
    deadline = time.monotonic() + timeout
    seen: list[str] = []
    while True:
        seen = []
        for index in range(newer_than, await cards.count()):
            card = cards.nth(index)
            try:
                text = await card.inner_text(timeout=1000)
            except PlaywrightError:  # re-rendered (card updated) between count and read
                continue
            seen.append(text)
            found = (
                text_contains in text
                if isinstance(text_contains, str)
                else text_contains.search(text) is not None
            )
            if found:
                await card.wait_for(state="visible", timeout=timeout * 1000)
                return card
        if time.monotonic() >= deadline:
            raise HarnessError(
                f"no card matching {text_contains!r} in {timeout}s; new cards: {seen}"
            )
        await asyncio.sleep(0.1)


async def click_card_button(page: Page, title: str, timeout: float = 15.0) -> int:
    """Click a card action by its title (the renderer sets it as the button's aria-label).

    The newest card that has such a button is used, since older cards in the conversation
    may carry the same buttons. Returns that card's index among the top-level cards: an
    `Action.Execute` answer replaces the card in place, an `Action.Submit` answer arrives as a
    new message, so `wait_for_card(newer_than=<index>)` with a text only the answer has
    catches both.
    """
    cards = page.locator(TOP_LEVEL_CARD)
    selector = f'button[aria-label="{title}"]'
    deadline = time.monotonic() + timeout
    while True:
        for index in reversed(range(await cards.count())):
            buttons = cards.nth(index).locator(selector)
            if await buttons.count():
                await buttons.last.click()
                return index
        if time.monotonic() >= deadline:
            raise HarnessError(f"no card button titled {title!r} in {timeout}s")
        await asyncio.sleep(0.1)


async def screenshot(page: Page, name: str) -> Path:
    """Save a full-page PNG to `artifacts/e2e/<name>.png` (kept by CI) and return its path."""
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS_DIR / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True)
    return path
