"""Hypergen's websocket chat in Chromium on ``/compat/chat/``: the page opens its
HypergenWebsocketConsumer with a command queued at render time, a message sent from one tab
appears in both."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Page, expect

pytestmark = pytest.mark.browser


def open_chat(page: Page) -> None:
    page.goto("/compat/chat/")
    # the queued command opened the socket
    page.wait_for_function(
        "() => Object.values(window.hypergen?.websocket?.WEBSOCKETS || {})[0]?.socket.readyState == 1"
    )


def test_a_message_reaches_every_tab_and_markup_stays_text(
    context: BrowserContext, page: Page, page_errors: list[str]
) -> None:
    open_chat(page)
    other = context.new_page()
    open_chat(other)
    page.locator("#message").fill("hello <b>all</b>")
    page.locator("#send").click()
    for tab in (page, other):
        expect(tab.locator("#messages li")).to_have_text(["hello <b>all</b>"])
        expect(tab.locator("#messages b")).to_have_count(0)
    other.locator("#message").fill("back")
    other.locator("#send").click()
    expect(page.locator("#messages li")).to_have_text(["hello <b>all</b>", "back"])
    assert page_errors == []
