"""Browser test harness: daphne serving ``sample_site`` in a subprocess, Chromium driven by Playwright.

Fixtures (every test under ``tests/browser/`` gets the ``browser`` marker and runs last):

- ``server`` (session): a :class:`DaphneServer` on a free loopback port with its own migrated
  SQLite db. ``server.url``, ``server.url_for("/counter/")``, ``server.stop()``, ``server.start()``,
  ``server.restart()`` (same port: for reconnect tests), ``server.manage("createsuperuser", ...)``
  (a management command against the server's db), ``server.log()`` (daphne's output).
  A test that stops the server should restart it (``try/finally``); the fixture also restarts it
  before the next test if needed.
- ``server_factory(env={...})`` (function): extra daphne processes, e.g. two servers sharing Redis
  (``env={"HYPERGEN_REDIS_URL": redis_url}``); they share the session server's db unless
  ``own_db=True``; stopped at the end of the test.
- ``browser`` (session): Playwright ``Browser`` on ``/usr/bin/chromium`` (``HYPERGEN_CHROMIUM``
  overrides). Never downloads a browser; a missing Chromium fails the tests, it does not skip them.
- ``context`` / ``page`` (function): a fresh context (``base_url`` = the session server, so
  ``page.goto("/admin/login/")`` works; 10 s default timeout) and a page in it.
- ``page_errors`` (function): ``list[str]`` of the page's ``console.error`` messages and uncaught
  errors, filled as they happen: ``assert page_errors == []``.

When a browser test fails, its page errors and the tail of daphne's log are printed with it.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Generator, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Playwright, sync_playwright

REPO_ROOT = Path(__file__).resolve().parents[2]
# One Chromium setup for the tests and the benchmark (flags this closed-network machine needs).
from bench.client_time import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

DEFAULT_TIMEOUT_MS = 10_000
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


class ServerError(RuntimeError):
    """daphne did not come up (or went away); the message carries the tail of its log."""


class DaphneServer:
    """One ``python -m daphne`` subprocess serving ``sample_site.asgi:application``."""

    def __init__(self, db_path: Path, log_path: Path, env: Mapping[str, str] | None = None) -> None:
        self.host = HOST
        self.port = free_port()
        self.db_path = db_path
        self.log_path = log_path
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "sample_site.settings",
            "HYPERGEN_SAMPLE_DB": str(db_path),
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        # A stray variable from the outer shell must not switch the server to another setup.
        self.env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url_for(self, path: str = "/") -> str:
        return self.url + path

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def manage(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run ``manage.py <args>`` against this server's database (raises on failure)."""
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO_ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )

    def migrate(self) -> None:
        try:
            self.manage("migrate", "--noinput", "-v", "0")
        except subprocess.CalledProcessError as error:
            raise ServerError(f"migrate failed:\n{error.stdout}{error.stderr}") from error

    def start(self, timeout: float = 30.0) -> None:
        """Start daphne (on the same port as before, if it ran already) and wait until it answers."""
        if self.running:
            return
        with self.log_path.open("ab") as log:
            log.write(f"--- starting daphne on {self.url} ---\n".encode())
            self.process = subprocess.Popen(
                [
                    sys.executable, "-m", "daphne",
                    "-b", self.host, "-p", str(self.port),
                    "sample_site.asgi:application",
                ],
                cwd=REPO_ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a Ctrl+C in the terminal reaches pytest, not daphne
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.running:
                raise ServerError(f"daphne exited with {self.process.returncode}:\n{self.log(40)}")
            if self._answers():
                return
            time.sleep(0.05)
        self.stop(kill=True)
        raise ServerError(f"daphne did not answer on {self.url} within {timeout} s:\n{self.log(40)}")

    def stop(self, *, kill: bool = False, timeout: float = 10.0) -> None:
        """Stop daphne: SIGTERM (a clean shutdown) or, with ``kill=True``, SIGKILL (a crash)."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)

    def restart(self, *, kill: bool = False, down_for: float = 0.0) -> None:
        """Stop and start again on the same port; ``down_for`` seconds in between."""
        self.stop(kill=kill)
        if down_for:
            time.sleep(down_for)
        self.start()

    def log(self, lines: int | None = None) -> str:
        """daphne's output so far (the last ``lines`` lines)."""
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""
        return "\n".join(text.splitlines()[-lines:]) if lines else text

    def _answers(self) -> bool:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=2)
        try:
            connection.request("GET", "/admin/login/")
            connection.getresponse().read()
        except OSError:
            return False
        finally:
            connection.close()
        return True

    def __repr__(self) -> str:
        return f"<DaphneServer {self.url} {'running' if self.running else 'stopped'}>"


@pytest.fixture(scope="session")
def server_tmp() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="hypergen-browser-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def _session_server(server_tmp: Path) -> Iterator[DaphneServer]:
    server = DaphneServer(server_tmp / "db.sqlite3", server_tmp / "daphne.log")
    server.migrate()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def server(_session_server: DaphneServer) -> DaphneServer:
    """The session's daphne, running (restarted on its port if an earlier test left it stopped)."""
    if not _session_server.running:
        _session_server.start()
    return _session_server


@pytest.fixture
def server_factory(server: DaphneServer, server_tmp: Path) -> Iterator[Callable[..., DaphneServer]]:
    servers: list[DaphneServer] = []

    def make(env: Mapping[str, str] | None = None, *, own_db: bool = False) -> DaphneServer:
        n = len(servers) + 1
        db_path = server_tmp / f"extra-{os.getpid()}-{id(servers)}-{n}.sqlite3" if own_db else server.db_path
        extra = DaphneServer(db_path, server_tmp / f"daphne-extra-{n}.log", env)
        if own_db:
            extra.migrate()
        servers.append(extra)
        extra.start()
        return extra

    yield make
    for extra in servers:
        extra.stop()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium (scripts/test.sh does)")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(autouse=True)
def _allow_sync_django_next_to_playwright(monkeypatch: pytest.MonkeyPatch) -> None:
    # Between sync Playwright calls its event loop counts as running in this thread, so Django's
    # "you cannot call this from an async context" check would refuse ORM use in a browser test.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def context(browser: Browser, server: DaphneServer) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=server.url)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page_errors() -> list[str]:
    return []


@pytest.fixture
def page(context: BrowserContext, page_errors: list[str], server: DaphneServer) -> Iterator[Page]:
    page = context.new_page()

    def on_console(message: ConsoleMessage) -> None:
        url = message.location.get("url", "")
        # The browser's own favicon request is not the page's doing.
        if message.type == "error" and not url.endswith("/favicon.ico"):
            page_errors.append(f"console.error: {message.text}" + (f" ({url})" if url else ""))

    def on_page_error(error: Any) -> None:
        page_errors.append(f"uncaught: {getattr(error, 'message', error)}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    yield page


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    # A failed browser test shows what the page complained about and what daphne logged.
    report = yield
    if report.when == "call" and report.failed:
        funcargs = getattr(item, "funcargs", {})
        if isinstance(funcargs.get("page_errors"), list):
            report.sections.append(("page errors", "\n".join(funcargs["page_errors"]) or "(none)"))
        servers = {id(v): v for v in funcargs.values() if isinstance(v, DaphneServer)}
        for value in servers.values():
            report.sections.append((f"daphne log, last 40 lines ({value.url})", value.log(40)))
    return report
