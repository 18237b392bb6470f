"""Hypergen's events, key filter and client commands in Chromium, on ``/compat/events/`` (classic
mode, strict CSP, the compat bundle after the client)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def open_events(page: Page) -> None:
    page.goto("/compat/events/")
    # both deferred scripts ran: the compat bundle added its API
    page.wait_for_function("() => typeof window.hypergen?.setClientState == 'function'")


def test_mouse_events_fire_their_callbacks(page: Page, page_errors: list[str]) -> None:
    open_events(page)
    log = page.locator("#log")
    page.locator("#press").hover()
    page.mouse.down()
    expect(log).to_have_text("pressed down")
    page.mouse.up()
    expect(log).to_have_text("pressed up")
    page.locator("#hover").hover()
    expect(log).to_have_text("pressed over")
    assert page_errors == []


def test_keypress_and_the_key_filter_letting_only_enter_through(page: Page, page_errors: list[str]) -> None:
    open_events(page)
    log = page.locator("#log")
    # keypress fires before the key's character is in the field (on Hypergen too)
    page.locator("#typed").press("x")
    expect(log).to_have_text("pressed None")
    page.locator("#typed").press("y")
    expect(log).to_have_text("pressed x")
    search = page.locator("#search")
    search.fill("cats")
    search.press("a")  # keyup of "a": filtered out
    search.press("Shift")
    page.wait_for_timeout(300)
    expect(log).to_have_text("pressed x")
    search.press("Enter")
    expect(log).to_have_text("searched catsa")
    assert page_errors == []


def test_client_commands_from_an_action(page: Page, page_errors: list[str]) -> None:
    open_events(page)
    seen = page.evaluate_handle("""() => {
        const seen = []
        addEventListener("hypergen.post.before", () => seen.push("before"))
        addEventListener("hypergen.post.after", () => seen.push("after"))
        document.addEventListener("hypergen.applyCommand.after", e => seen.push(e.detail.path))
        return seen
    }""")
    page.locator("#commands").click()
    expect(page.locator("#box")).to_be_hidden()
    expect(page.locator("#box")).to_have_css("visibility", "hidden")
    expect(page.locator("#commands")).to_have_css("display", "inline-flex")
    assert page.evaluate("() => hypergen.clientState.demo.user.name") == "ann"
    assert seen.json_value() == [
        "before", "after", "hypergen.hidden", "hypergen.display", "hypergen.setClientState"
    ]
    assert page_errors == []


def test_a_django_message_shows_as_a_notification_then_goes(page: Page, page_errors: list[str]) -> None:
    open_events(page)
    page.locator("#notify").click()
    toast = page.locator("#hypergen-notifier .ajs-message.ajs-success")
    expect(toast).to_have_text("Saved <b>it</b>")  # as text, under the page's strict CSP
    assert page.locator("#hypergen-notifier b").count() == 0
    expect(page.locator("#hypergen-notifier")).to_have_css("top", "12px")
    expect(toast).to_have_count(0, timeout=5000)  # gone after its delay (1 s)
    assert page_errors == []
