"""The sample site as a visitor sees it, in Chromium: the index says what each demo shows; every
demo reached from it is labeled, shows its own source, says whether it is connected and how many
bytes the last update cost; inline controls don't touch; no request chooses the source shown."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from django.urls import resolve
from playwright.sync_api import Page, expect

from sample_site.demos.catalog import DEMOS

from .helpers import WATCH_SOCKETS, drop_socket, open_live_page, reconnect_now

if TYPE_CHECKING:
    from .conftest import DaphneServer

pytestmark = pytest.mark.browser

USERNAME, PASSWORD = "site-visitor", "site-visitor-password-1"

# Inputs with no label: every <input>, <select>, <textarea> a user can see must be named by a
# <label> (for= or wrapping), aria-label or aria-labelledby.
UNLABELED = """() => [...document.querySelectorAll("input:not([type=hidden]), select, textarea")]
  .filter(el => !el.labels?.length && !el.getAttribute("aria-label") && !el.getAttribute("aria-labelledby"))
  .map(el => el.outerHTML)"""

METER = re.compile(r"^last update: [\d,]+ bytes (on the wire|in the HTTP answer)$")


@pytest.fixture(scope="module")
def staff_user(_session_server: DaphneServer) -> str:
    """A user who may see /private/ (the demos log in through the admin's login page)."""
    _session_server.manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import User\n"
        f"if not User.objects.filter(username={USERNAME!r}).exists():\n"
        f"    User.objects.create_user({USERNAME!r}, password={PASSWORD!r}, is_staff=True)\n",
    )
    return USERNAME


def log_in(page: Page, username: str) -> None:
    page.goto("/admin/login/?next=/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#demos")).to_be_visible()


def test_every_demo_from_the_index(page: Page, page_errors: list[str], staff_user: str) -> None:
    log_in(page, staff_user)  # so /private/ opens too
    cards = page.locator("#demos li")
    expect(cards).to_have_count(len(DEMOS))
    links = [(card.locator("a").inner_text(), card.locator("a").get_attribute("href"),
              card.locator("p").inner_text()) for card in cards.all()]
    assert [href for _, href, _ in links] == [demo.path for demo in DEMOS]
    assert all(title and len(shows) > 20 for title, _, shows in links)  # each says what it shows
    assert page.evaluate(UNLABELED) == []

    for demo in DEMOS:
        page.goto("/")
        page.click(f"#demos a[href='{demo.path}']")  # as a visitor would
        expect(page).to_have_url(re.compile(re.escape(demo.path) + "$"))
        expect(page.locator("h1")).to_have_text(demo.title)
        connection = page.locator("#connection")
        if demo.transport == "http":
            expect(connection).to_have_text("HTTP")
        else:
            expect(connection).to_have_text("connected")
            expect(connection).to_have_attribute("data-state", "connected")
        # the source panel shows this demo's own module, with its page function in it
        view_name = resolve(demo.path).func.__name__
        source = page.locator("#source")
        expect(source.locator("summary code")).to_have_text(demo.module.replace(".", "/") + ".py")
        assert f"def {view_name}(" in (source.locator("pre").text_content() or ""), demo.path
        assert page.evaluate(UNLABELED) == [], demo.path
        # one interaction (the first button of the live part, else typing into its first input)
        # and the meter shows its cost
        meter = page.locator("#meter")
        expect(meter).to_have_text("last update: –")
        buttons = page.locator("#content button")
        if buttons.count():
            buttons.first.click()
        else:
            page.locator("#content input").first.fill("a")
        expect(meter).to_have_text(METER)
    assert page_errors == []


def test_the_indicator_follows_the_connection(page: Page, page_errors: list[str]) -> None:
    page.add_init_script(WATCH_SOCKETS)
    open_live_page(page, "/state/")
    connection = page.locator("#connection")
    expect(connection).to_have_text("connected")
    page.evaluate("window.__offline = true")  # reconnect attempts fail until reconnect_now()
    drop_socket(page)
    expect(connection).to_have_text("reconnecting…")
    expect(connection).to_have_attribute("data-state", "disconnected")
    reconnect_now(page)
    expect(connection).to_have_text("connected")
    page.fill("#entry", "after the drop")
    page.click("#add")
    expect(page.locator("#items li")).to_have_text(["after the drop"])
    expect(page.locator("#meter")).to_have_text(METER)
    assert page_errors == []


def test_inline_controls_do_not_touch(page: Page) -> None:
    # The library renders no whitespace between elements (README "Whitespace between elements");
    # the demos' stylesheet spaces adjacent controls.
    open_live_page(page, "/state/")
    add, clear = page.locator("#add").bounding_box(), page.locator("#clear").bounding_box()
    assert add and clear
    assert clear["x"] - (add["x"] + add["width"]) >= 6  # .5rem of a 16px font: 8px
    open_live_page(page, "/counter/")  # no row class: the sibling rule spaces them
    count, button = page.locator("#count").bounding_box(), page.locator("#content button").bounding_box()
    assert count and button
    assert button["x"] - (count["x"] + count["width"]) >= 6


def test_the_source_shown_is_not_chosen_by_the_request(page: Page, server: DaphneServer) -> None:
    for hostile in ("/counter/?source=../settings.py", "/counter/?module=sample_site.settings",
                    "/counter/?path=/etc/passwd"):
        page.goto(hostile)
        source = page.locator("#source pre").text_content() or ""
        assert "def counter(" in source and "SECRET_KEY" not in source and "root:" not in source
    for path in ("/static/demos/../../settings.py", "/static/demos/%2e%2e/%2e%2e/settings.py",
                 "/source/sample_site/settings.py"):
        response = page.request.get(server.url_for(path))
        assert response.status == 404, path
        assert "SECRET_KEY" not in response.text()
