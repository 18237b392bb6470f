"""Websocket pages in Chromium: /counter/ (canonical, and across a server restart), /state/, /chat/
across tabs."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, Page, expect

from .helpers import WATCH_SOCKETS, reconnect_now

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


def test_a_click_while_the_server_restarts_is_applied_once_after_reconnecting(
    page: Page, server: DaphneServer
) -> None:
    page.add_init_script(WATCH_SOCKETS)
    page.goto("/counter/")
    html = page.locator("html")
    count = page.locator("#count")
    expect(html).to_have_class("hypergen-connected")
    page.click("button")
    expect(count).to_have_value("2")
    marker = page.evaluate("window.__no_reload_marker = 42")
    server.stop(kill=True)
    expect(html).to_have_class("hypergen-disconnected")
    # an event while disconnected waits (up to 5 s) for the connection to come back
    page.click("button")
    assert page.evaluate("window.hypergen.socket.pending") == 1
    server.start()
    # The client retries with a random backoff that could outlast the 5 s: tell it the network is
    # back (the `online` event), on which it reconnects at once.
    reconnect_now(page)
    expect(html).to_have_class("hypergen-connected")
    expect(count).to_have_value("3")  # the queued click, sent after the hello
    page.wait_for_timeout(500)  # a second application would show by now
    expect(count).to_have_value("3")
    expect(page.locator("button")).not_to_have_class("hypergen-rejected")
    assert page.evaluate("window.hypergen.socket.pending") == 0
    # the in-process page store lost the page with the server: it was rebuilt (hypergen:reset)
    assert [event[0] for event in page.evaluate("window.__hv_events")] == ["hypergen:reset"]
    page.click("button")
    expect(count).to_have_value("4")
    assert page.evaluate("window.__no_reload_marker") == marker  # all without a reload


def test_a_click_while_the_server_stays_down_is_rejected_after_5_s(page: Page, server: DaphneServer) -> None:
    page.add_init_script(WATCH_SOCKETS)
    page.goto("/counter/")
    html = page.locator("html")
    count = page.locator("#count")
    button = page.locator("button")
    expect(html).to_have_class("hypergen-connected")
    page.evaluate(
        "document.addEventListener('hypergen:rejected', () => (window.__rejected_at = performance.now()))"
    )
    server.stop(kill=True)
    expect(html).to_have_class("hypergen-disconnected")
    clicked_at = page.evaluate("performance.now()")
    page.click("button")
    expect(button).not_to_have_class("hypergen-rejected")  # it waits first …
    # … and is refused visibly once 5 s passed without a connection: never lost silently
    expect(button).to_have_class("hypergen-rejected", timeout=8000)
    waited = page.evaluate("window.__rejected_at") - clicked_at
    assert 4900 <= waited < 7000, waited
    handler = json.loads(button.get_attribute("hv-click") or "")[0]
    assert page.evaluate("window.__hv_events") == [["hypergen:rejected", handler]]
    expect(count).to_have_value("1")
    assert page.evaluate("window.hypergen.socket.pending") == 0
    # and once the server is back, the page works on (the refused click stays refused)
    server.start()
    reconnect_now(page)
    expect(html).to_have_class("hypergen-connected")
    page.click("button")
    expect(count).to_have_value("2")
