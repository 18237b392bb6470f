"""daphne processes sharing a real Redis (channels-redis layer + Redis page store): messages cross
processes, and pages (their app state too) survive a restart."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, expect

from .helpers import WATCH_SOCKETS, open_live_page, reconnect_now, wait_reconnected

if TYPE_CHECKING:
    from .conftest import DaphneServer

pytestmark = pytest.mark.browser


def test_chat_message_crosses_server_processes(
    browser: Browser, server_factory: Callable[..., DaphneServer], redis_url: str
) -> None:
    servers = [server_factory({"HYPERGEN_REDIS_URL": redis_url}) for _ in range(2)]
    tabs = []
    for extra in servers:
        tab = browser.new_context(base_url=extra.url).new_page()
        tab.goto("/chat/")
        expect(tab.locator("html")).to_have_class("hypergen-connected")
        tabs.append(tab)
    tabs[0].fill("#message", "across processes")
    tabs[0].click("#send")
    for tab in tabs:
        expect(tab.locator("#messages .msg span").last).to_have_text("across processes")
    for tab in tabs:
        tab.context.close()


def test_page_state_in_redis_survives_a_restart(
    browser: Browser, server_factory: Callable[..., DaphneServer], redis_url: str
) -> None:
    extra = server_factory({"HYPERGEN_REDIS_URL": redis_url})
    tab = browser.new_context(base_url=extra.url).new_page()
    tab.add_init_script(WATCH_SOCKETS)
    open_live_page(tab, "/chat/")
    extra.restart(kill=True)
    reconnect_now(tab)
    wait_reconnected(tab, 1)
    tab.fill("#message", "after restart")
    tab.click("#send")
    expect(tab.locator("#messages .msg span").last).to_have_text("after restart")
    # The page's state came back from Redis: the page was resumed, not rendered afresh (which
    # the in-process store, lost with the process, would have needed: a hypergen:reset event).
    assert tab.evaluate("window.__hv_events") == []
    assert "page token" not in extra.log()
    tab.context.close()


def test_consumer_state_survives_a_restart_with_the_redis_store(
    browser: Browser, server_factory: Callable[..., DaphneServer], redis_url: str
) -> None:
    extra = server_factory({"HYPERGEN_REDIS_URL": redis_url})
    tab = browser.new_context(base_url=extra.url).new_page()
    tab.add_init_script(WATCH_SOCKETS)
    open_live_page(tab, "/state/")
    for text in ("milk", "eggs"):
        tab.fill("#entry", text)
        tab.click("#add")
        expect(tab.locator("#items li").last).to_have_text(text)
    extra.restart(kill=True)  # a crash: nothing is saved on the way down
    reconnect_now(tab)
    wait_reconnected(tab, 1)
    tab.fill("#entry", "bread")
    tab.click("#add")
    # consumer.items came back from Redis with the page: the list goes on
    expect(tab.locator("#items li")).to_have_text(["milk", "eggs", "bread"])
    expect(tab.locator("#count")).to_have_text("3 item(s)")
    assert tab.evaluate("window.__hv_events") == []  # no error, no reset
    tab.context.close()
