"""Pages kept packed by the in-process store (``packing.py``), in Chromium: on a daphne that packs
every page no connection uses at once (``HYPERGEN_PACK_AFTER = 0``), a user opens the memoized
todo page (packed before its hello, unpacked by it), toggles and adds todos, loses the network
(the page is released, so packed again) and goes on where they were after the reconnect."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from hypergen_vdom.testing.daphne import DaphneProcess

from .conftest import REPO_ROOT, DaphneServer
from .helpers import SNAPSHOT, WATCH_SOCKETS, drop_socket, fresh_snapshot, wait_reconnected

pytestmark = pytest.mark.browser


@pytest.fixture
def packing_server(server: DaphneServer, server_tmp: Path) -> Iterator[DaphneProcess]:
    process = DaphneProcess(
        "sample_site.asgi:application",
        settings="tests.browser.packing_settings",
        env={"HYPERGEN_SAMPLE_DB": str(server.db_path)},  # the session server's migrated db
        cwd=REPO_ROOT,
        log_path=server_tmp / "daphne-packing.log",
        ready_path="/admin/login/",
    )
    process.start()
    yield process
    process.stop()


@pytest.fixture
def packing_page(browser: Browser, packing_server: DaphneProcess) -> Iterator[Page]:
    context = browser.new_context(base_url=packing_server.url)
    context.set_default_timeout(10_000)
    context.add_init_script(WATCH_SOCKETS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def test_a_packed_page_connects_updates_and_resumes_after_a_network_drop(
    packing_page: Page, packing_server: DaphneProcess
) -> None:
    page = packing_page
    page.goto("/todo/")
    expect(page.locator("html")).to_have_class("hypergen-connected")
    rows = page.locator("#todo-list li")
    expect(rows).to_have_count(20)
    rows.nth(2).locator("input[type=checkbox]").check()
    expect(rows.nth(2)).to_have_class("completed")
    expect(page.locator("#content footer")).to_have_text("19 items left")
    page.fill("#new-todo", "<b>not bold</b> & milk")  # hostile text stays text through the pickle
    page.press("#new-todo", "Enter")
    expect(rows).to_have_count(21)
    expect(rows.last.locator("label")).to_have_text("<b>not bold</b> & milk")

    before = drop_socket(page, reconnect_at_once=True)  # released: the store packs the page again
    wait_reconnected(page, before)
    rows.nth(5).locator("input[type=checkbox]").check()
    expect(page.locator("#content footer")).to_have_text("19 items left")
    rows.nth(2).locator("button").click()
    expect(rows).to_have_count(20)
    expect(page.locator("#content footer")).to_have_text("19 items left")
    assert page.evaluate(SNAPSHOT) == fresh_snapshot(page, "/todo/")
    assert "resync" not in packing_server.log()  # the client's DOM was where the unpacked tree said
