"""What the client does for real pages, in Chromium on ``/widgets/`` (diff mode, strict CSP, DEBUG
on): loading states and ``disable_with`` while a slow handler works, a form sent whole, a widget in
an ``hv_ignore`` region that survives events and a resync, the ``hv_hook`` lifecycle, the DEBUG
error overlay and frame log, and the default stylesheet."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

if TYPE_CHECKING:
    from .conftest import DaphneServer

pytestmark = pytest.mark.browser

# Runs before the page's scripts: wraps the hook widget.js registers (hypergen.hooks.BarChart) so
# that each call is recorded in window.__hookLog as [method, element id].
HOOK_LOG = """
window.__hookLog = [];
const hooks = {};
Object.defineProperty(hooks, "BarChart", {
  enumerable: true,
  get() { return this.__barChart },
  set(hook) {
    const wrapped = {};
    for (const method of ["mounted", "updated", "destroyed"]) {
      wrapped[method] = function () {
        window.__hookLog.push([method, this.el.id]);
        return hook[method]?.call(this);
      };
    }
    this.__barChart = wrapped;
  },
});
window.hypergen = { hooks };
"""


def open_widgets(page: Page, *, log_hooks: bool = False) -> None:
    if log_hooks:
        page.add_init_script(HOOK_LOG)
    page.goto("/widgets/")
    expect(page.locator("html")).to_have_class("hypergen-connected")
    expect(page.locator("#chart canvas")).to_have_count(1)  # the hook drew the chart


def hook_log(page: Page) -> list[list[str]]:
    log: list[list[str]] = page.evaluate("window.__hookLog")
    return log


def click_bar(page: Page, index: int, bars: int) -> None:
    width = page.evaluate("document.querySelector('#chart canvas').getBoundingClientRect().width")
    page.locator("#chart canvas").click(position={"x": (index + 0.5) * width / bars, "y": 100})


def test_a_slow_form_is_busy_until_answered_and_arrives_whole(page: Page, page_errors: list[str]) -> None:
    open_widgets(page)
    form, sign = page.locator("#guestbook"), page.locator("#sign")
    page.fill("#name", "Ada")
    page.check("#subscribe")
    sign.click()
    # while the handler sleeps: the form is loading, its submit button disabled with the text
    expect(form).to_have_class("hypergen-loading")
    expect(form).to_have_attribute("aria-busy", "true")
    expect(sign).to_have_text("Signing…")
    expect(sign).to_be_disabled()
    # the answer: the Django form got {"name": "Ada", "subscribe": "on"}
    expect(page.locator("#signed li")).to_have_text(["Ada (subscribed)"])
    expect(sign).to_have_text("Sign")
    expect(sign).to_be_enabled()
    assert form.get_attribute("class") is None  # no class="" left behind
    assert form.get_attribute("aria-busy") is None
    assert sign.get_attribute("disabled") is None
    # blank: the form's own validation answers ("" stays "", a required field says so)
    page.fill("#name", "")
    page.uncheck("#subscribe")
    sign.click()
    expect(page.locator("#errors")).to_have_text("This field is required.")
    expect(page.locator("#signed li")).to_have_count(1)
    assert page_errors == []


def test_the_widget_survives_events_and_a_resync_with_its_dom_intact(
    page: Page, page_errors: list[str], server: DaphneServer
) -> None:
    open_widgets(page, log_hooks=True)
    # the page's script owns everything inside #chart: mark the elements to know them again
    page.evaluate(
        "document.getElementById('chart').__mark = 'kept';"
        " document.querySelector('#chart canvas').__mark = 'kept'"
    )
    marks = "[document.getElementById('chart').__mark, document.querySelector('#chart canvas')?.__mark]"
    page.click("#more")
    expect(page.locator("#chart")).to_have_attribute("data-values", "3,5,2,7,3")
    click_bar(page, 3, bars=5)
    expect(page.locator("#picked")).to_have_text("You picked Apr: 7 sold.")
    assert page.evaluate(marks) == ["kept", "kept"]
    # a forced resync: the server sends the whole target again (one REPLACE of it)
    page.evaluate("window.hypergen.diff.resync()")
    page.wait_for_function("!window.hypergen.diff.awaiting")  # the answer came and was applied
    assert "resync" in server.log(200)
    assert page.evaluate(marks) == ["kept", "kept"], "the same chart element and canvas"
    assert page.evaluate("document.querySelector('#chart').parentNode.id") == "content"
    assert hook_log(page) == [["mounted", "chart"], ["updated", "chart"]], "not mounted again"
    # the patcher's ids still address the page: later events patch it, the widget keeps working
    click_bar(page, 0, bars=5)
    expect(page.locator("#picked")).to_have_text("You picked Jan: 3 sold.")
    page.click("#more")
    expect(page.locator("#chart")).to_have_attribute("data-values", "3,5,2,7,3,5")
    assert page.evaluate(marks) == ["kept", "kept"]
    assert page_errors == []


def test_hooks_are_mounted_once_updated_on_attribute_changes_destroyed_on_removal(
    page: Page, page_errors: list[str]
) -> None:
    open_widgets(page, log_hooks=True)
    assert hook_log(page) == [["mounted", "chart"]]
    click_bar(page, 1, bars=4)  # an event whose frame changes nothing of the chart element
    expect(page.locator("#picked")).to_have_text("You picked Feb: 5 sold.")
    assert hook_log(page) == [["mounted", "chart"]]
    page.click("#more")  # SET_ATTR data-values on the hooked element
    expect(page.locator("#chart")).to_have_attribute("data-values", "3,5,2,7,3")
    page.wait_for_function("window.__hookLog.length == 2")
    assert hook_log(page)[1] == ["updated", "chart"]
    page.click("#toggle")  # the server drops the chart
    expect(page.locator("#chart")).to_have_count(0)
    page.wait_for_function("window.__hookLog.length == 3")
    assert hook_log(page)[2] == ["destroyed", "chart"]
    page.click("#toggle")  # and renders it again: a new element, a new chart
    expect(page.locator("#chart canvas")).to_have_count(1)
    assert hook_log(page) == [
        ["mounted", "chart"], ["updated", "chart"], ["destroyed", "chart"], ["mounted", "chart"],
    ]
    assert page_errors == []


def test_debug_pages_show_a_handler_error_in_an_overlay_and_log_frames(
    page: Page, page_errors: list[str]
) -> None:
    debug_lines: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "debug":
            debug_lines.append(message.text)

    page.on("console", on_console)
    open_widgets(page)
    assert page.locator("#hypergen-client").get_attribute("data-debug") == "1"
    page.click("#break")
    overlay = page.locator(".hypergen-overlay")
    expect(overlay).to_be_visible()
    expect(overlay.locator("pre")).to_have_text(re.compile(r"error in break_something: ZeroDivisionError"))
    overlay.get_by_role("button", name="Dismiss").click()
    expect(overlay).to_have_count(0)
    # the error frame was logged decoded, and so is a diff frame, its ops by name
    page.click("#more")
    expect(page.locator("#chart")).to_have_attribute("data-values", "3,5,2,7,3")
    for _ in range(50):  # console messages reach us asynchronously
        if any(line.startswith("hypergen: diff frame") for line in debug_lines):
            break
        page.wait_for_timeout(100)
    assert any(
        line.startswith("hypergen: diff frame") and '"data-values","3,5,2,7,3"' in line and "SET_ATTR" in line
        for line in debug_lines
    ), debug_lines
    assert any(line.startswith("hypergen: frame") and "break_something" in line for line in debug_lines)
    assert [error for error in page_errors if "break_something" not in error] == []


def test_debug_pages_show_djangos_error_page_for_a_failing_action(page: Page, page_errors: list[str]) -> None:
    open_widgets(page)
    page.click("#break-http")
    overlay = page.locator(".hypergen-overlay")
    expect(overlay.locator("pre")).to_have_text(re.compile(r"HTTP 500"))
    # Django's technical 500 page in the overlay, styled: its CSS adopted into the frame, since
    # the page's strict CSP (which the frame inherits) refuses inline <style>
    error_page = overlay.frame_locator("iframe")
    expect(error_page.locator("body")).to_contain_text("ZeroDivisionError")
    expect(error_page.locator("body")).to_contain_text("an @action that fails, on purpose")
    expect(error_page.locator("#summary")).to_have_css("background-color", "rgb(255, 255, 204)")
    # the browser's own 500 line and the client's report; no CSP or sandbox complaints
    assert len(page_errors) == 2, page_errors
    assert "status of 500" in page_errors[0] and "/break_over_http/: HTTP 500" in page_errors[1]


def test_the_default_style_is_adopted_under_the_strict_csp_and_yields_to_the_sites_css(
    page: Page, page_errors: list[str]
) -> None:
    open_widgets(page)
    rules = page.evaluate(
        "document.adoptedStyleSheets.flatMap(sheet => [...sheet.cssRules].map(rule => rule.cssText))"
    )
    assert any(":where(.hypergen-loading)" in rule for rule in rules), rules
    assert page.locator("style").count() == 0
    style = """([id, name, pseudo, property]) => {
      const el = id ? document.getElementById(id) : document.documentElement
      el.classList.add(name)
      const value = getComputedStyle(el, pseudo)[property]
      el.classList.remove(name)
      return value
    }"""
    # the defaults show where the site has no rule of its own …
    assert page.evaluate(style, ["picked", "hypergen-loading", None, "cursor"]) == "progress"
    assert page.evaluate(style, [None, "hypergen-disconnected", "::before", "height"]) == "3px"
    # … and yield where it has one: demos.css outlines a rejected element in its own red, and
    # gives buttons cursor: pointer (any specificity beats :where())
    assert page.evaluate(style, ["more", "hypergen-rejected", None, "outlineColor"]) == "rgb(198, 40, 40)"
    assert page.evaluate(style, ["more", "hypergen-loading", None, "cursor"]) == "pointer"
    assert page_errors == []
