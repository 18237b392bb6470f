"""Websocket pages in Chromium: /counter/ (canonical), /state/, /chat/ across tabs."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, Page, expect

if TYPE_CHECKING:
    from .conftest import DaphneServer

pytestmark = pytest.mark.browser


def test_canonical_counter_counts_to_four(page: Page, page_errors: list[str]) -> None:
    page.goto("/counter/")
    expect(page.locator("html")).to_have_class("hypergen-connected")
    count = page.locator("#count")
    expect(count).to_have_value("1")
    for expected in ("2", "3", "4"):
        page.click("button")
        expect(count).to_have_value(expected)
    assert page_errors == []


def test_state_on_the_consumer_is_shared_by_two_handlers(page: Page, page_errors: list[str]) -> None:
    page.goto("/state/")
    for text in ("milk", "eggs"):
        page.fill("#entry", text)
        page.click("#add")
        expect(page.locator("#items li").last).to_have_text(text)
    expect(page.locator("#count")).to_have_text("2 item(s)")
    expect(page.locator("#entry")).to_have_value("")  # clear=True
    page.click("#clear")
    expect(page.locator("#count")).to_have_text("0 item(s)")
    page.fill("#entry", "bread")
    page.click("#add")
    expect(page.locator("#items li")).to_have_text(["bread"])
    assert page_errors == []


def test_chat_message_appears_in_every_open_tab(browser: Browser, server: DaphneServer) -> None:
    tabs = []
    for _ in range(2):
        context = browser.new_context(base_url=server.url)
        tab = context.new_page()
        tab.goto("/chat/")
        expect(tab.locator("html")).to_have_class("hypergen-connected")
        tabs.append(tab)
    first = tabs[0]
    first.fill("#message", "hello from tab one")
    first.click("#send")
    for tab in tabs:
        expect(tab.locator("#messages .msg span").last).to_have_text("hello from tab one")
    # a push from the server (a plain view calling group_send) reaches both tabs too
    response = first.request.get("/chat/push/")
    assert response.ok
    for tab in tabs:
        expect(tab.locator("#messages .msg b").last).to_have_text("server")
    for tab in tabs:
        tab.context.close()


def test_reconnects_after_a_server_restart_and_works_without_reload(
    page: Page, server: DaphneServer
) -> None:
    page.goto("/counter/")
    html = page.locator("html")
    expect(html).to_have_class("hypergen-connected")
    page.click("button")
    expect(page.locator("#count")).to_have_value("2")
    marker = page.evaluate("window.__no_reload_marker = 42")
    server.stop(kill=True)
    expect(html).to_have_class("hypergen-disconnected")
    # an event while disconnected is refused visibly, not silently lost
    page.click("button")
    expect(page.locator("button")).to_have_class("hypergen-rejected")
    expect(page.locator("#count")).to_have_value("2")
    server.start()
    expect(html).to_have_class("hypergen-connected", timeout=20_000)
    page.click("button")
    expect(page.locator("#count")).to_have_value("3")
    assert page.evaluate("window.__no_reload_marker") == marker
