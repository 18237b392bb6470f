"""Two daphne processes sharing a real Redis (channels-redis layer + Redis page store)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
import redis
from playwright.sync_api import Browser, expect

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
    tab.goto("/chat/")
    expect(tab.locator("html")).to_have_class("hypergen-connected")
    token = tab.locator("#hypergen-client").get_attribute("data-token")
    # the page's state lives in Redis (Django's cache key format: ":<version>:<key>"), not in the process
    assert redis.Redis.from_url(redis_url).exists(f":1:hypergen-page:{token}")
    extra.restart(kill=True)
    expect(tab.locator("html")).to_have_class("hypergen-connected", timeout=20_000)
    assert "page token used by another user" not in extra.log()
    tab.fill("#message", "after restart")
    tab.click("#send")
    expect(tab.locator("#messages .msg span").last).to_have_text("after restart")
    tab.context.close()
