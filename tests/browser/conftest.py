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

import os
import shutil
import tempfile
from collections.abc import Callable, Generator, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Playwright, sync_playwright

from hypergen_vdom.testing.daphne import DaphneProcess

REPO_ROOT = Path(__file__).resolve().parents[2]
# One Chromium setup for the tests and the benchmark (flags this closed-network machine needs).
from bench.client_time import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

DEFAULT_TIMEOUT_MS = 10_000


class DaphneServer(DaphneProcess):
    """daphne serving ``sample_site.asgi:application`` with the SQLite db ``db_path``
    (``hypergen_vdom.testing.daphne.DaphneProcess`` does the work)."""

    def __init__(self, db_path: Path, log_path: Path, env: Mapping[str, str] | None = None) -> None:
        super().__init__(
            "sample_site.asgi:application",
            settings="sample_site.settings",
            env={"HYPERGEN_SAMPLE_DB": str(db_path), **(env or {})},
            cwd=REPO_ROOT,
            log_path=log_path,
            ready_path="/admin/login/",
        )
        self.db_path = db_path


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
