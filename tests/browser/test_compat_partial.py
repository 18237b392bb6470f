"""Partial loading and history in Chromium on ``/compat/nav/`` (classic) and ``/compat/dnav/``
(diff mode): links of the same base template load into the target with pushState, back and forward
restore without a document load, other links load in full."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

# Set once per document: still there after a navigation means no new document was loaded.
MARK = "() => { window.__sameDocument = true }"
SAME_DOCUMENT = "() => window.__sameDocument === true && performance.getEntriesByType('navigation').length"


def open_nav(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("() => typeof window.hypergen?.partialLoad == 'function'")
    page.evaluate(MARK)


def test_links_load_into_the_target_and_history_restores_in_place(page: Page, page_errors: list[str]) -> None:
    open_nav(page, "/compat/nav/one/")
    text = page.locator("#page")
    expect(text).to_have_text("page one")
    page.locator("#to-two").click()
    expect(text).to_have_text("page two")
    expect(page).to_have_url("/compat/nav/two/")
    page.locator("#kept").fill("typed")
    page.locator("#to-three").click()
    expect(text).to_have_text("page three")
    page.go_back()
    expect(text).to_have_text("page two")
    expect(page).to_have_url("/compat/nav/two/")
    page.go_back()
    expect(text).to_have_text("page one")
    page.go_forward()
    expect(text).to_have_text("page two")
    assert page.evaluate(SAME_DOCUMENT) == 1
    assert page_errors == []


def test_a_link_to_another_base_template_or_a_refused_page_loads_in_full(page: Page) -> None:
    open_nav(page, "/compat/nav/one/")
    page.locator("#to-other").click()
    expect(page.locator("#other-layout")).to_be_visible()
    expect(page).to_have_url("/compat/nav/other/")
    assert page.evaluate("() => window.__sameDocument") is None  # a new document
    open_nav(page, "/compat/nav/one/")
    page.locator("#to-secret").click()
    expect(page).to_have_url("/accounts/login/?next=/compat/nav/secret/")  # Django's stack decided
    assert page.evaluate("() => window.__sameDocument") is None


def test_diff_mode_partial_load_then_the_socket_serves_it(page: Page, page_errors: list[str]) -> None:
    open_nav(page, "/compat/dnav/one/")
    expect(page.locator("html")).to_have_class("hypergen-connected")
    page.locator("#inc").click()
    expect(page.locator("#count")).to_have_value("2")
    page.locator("#to-two").click()
    expect(page.locator("#page")).to_have_text("diff page two")
    expect(page.locator("#count")).to_have_value("20")
    # the page socket reconnected with the new page's token: its handler answers with a diff
    page.locator("#inc").click()
    expect(page.locator("#count")).to_have_value("21")
    page.go_back()
    expect(page.locator("#page")).to_have_text("diff page one")
    page.locator("#inc").click()
    expect(page.locator("#count")).to_have_value("2")
    assert page.evaluate(SAME_DOCUMENT) == 1
    assert page_errors == []


def test_diff_mode_navigation_is_a_patch_and_history_restores_it(page: Page, page_errors: list[str]) -> None:
    answers: list[list[str]] = []  # the keys of each partial answer
    warnings: list[str] = []
    page.on("console", lambda message: message.type == "warning" and warnings.append(message.text))
    page.on(
        "response",
        lambda response: response.request.headers.get("x-hypergen-partial") == "1"
        and answers.append(sorted(response.json())),
    )
    open_nav(page, "/compat/dnav/item/1/")
    expect(page.locator("html")).to_have_class("hypergen-connected")
    page.evaluate("""() => {
        document.getElementById("heading").__kept = true
        window.__frames = []
        document.addEventListener("hypergen:frame", e => window.__frames.push(e.detail.bytes))
    }""")
    heading, error = page.locator("#heading"), page.locator("#item-form .error")
    expect(error).to_be_visible()
    page.locator("#next").click()
    expect(heading).to_have_text("Item 2")
    expect(page).to_have_url("/compat/dnav/item/2/")
    expect(error).to_have_count(0)
    expect(page.locator("#name")).to_have_value("item 2")
    expect(page.locator("select")).to_have_value("blue")
    # the same element, patched: not a fresh target
    assert page.evaluate("() => document.getElementById('heading').__kept") is True
    # the page keeps working: the socket resumed the new page, its handler answers
    page.locator("#save").click()
    expect(page.locator("#saved")).to_have_text("saved item 2")
    # one frame since the navigation: the answer (the hello with the new token needed none)
    assert len(page.evaluate("() => window.__frames")) == 1
    page.go_back()
    expect(heading).to_have_text("Item 1")
    expect(error).to_be_visible()
    expect(page.locator("#saved")).to_have_count(0)
    page.locator("#save").click()
    expect(page.locator("#saved")).to_have_text("saved item 1")
    page.go_forward()
    expect(heading).to_have_text("Item 2")
    expect(page).to_have_url("/compat/dnav/item/2/")
    assert answers == [["commands", "data", "patch", "target", "title"]] * 3
    assert page.evaluate("() => document.getElementById('heading').__kept") is True
    assert page.evaluate(SAME_DOCUMENT) == 1
    assert page.evaluate("() => window.hypergen.diff.awaiting") is False
    assert [w for w in warnings if "resync" in w] == []
    assert page_errors == []
