"""Compat ``hypergen()`` HTML in Chromium: Hypergen's escaping shows hostile values as text, and
parses into the same DOM as the core's escaping that pages use (tests/test_compat_snippets.py
checks the bytes)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from hypergen_vdom.compat.render import FULL, hypergen, join_html
from hypergen_vdom.compat.template import b, div, input_, li, pre, span, ul
from hypergen_vdom.html import to_html

pytestmark = pytest.mark.browser

HOSTILE = "\"'><img src=x onerror=alert(1)><script>alert(2)</script><!--"


def template() -> None:
    with div(id_="card", title=HOSTILE, class_={"b", "a"}, style={"color": HOSTILE}):
        span(HOSTILE, id_="text")
        ul((li(n) for n in range(3)), id_="list")
        div(lambda: b("made by a callable"), id_="callable")
        div(HOSTILE.encode(), id_="bytes")
        pre("\nkept", id_="pre")
        input_(id_="field", value=HOSTILE)


def test_hypergen_output_shows_hostile_values_as_text_and_matches_the_core_dom(browser: Browser) -> None:
    full = hypergen(template, settings={"returns": FULL})
    nodes = list(full["context"]["hypergen"]["into"])
    hypergen_markup, core_markup = join_html(nodes), to_html(nodes)
    assert hypergen_markup == full["html"] and hypergen_markup != core_markup  # two escapings
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        bodies = []
        for markup in (hypergen_markup, core_markup):
            page.set_content(f"<!DOCTYPE html><html><body>{markup}</body></html>")
            assert page.locator("#text").text_content() == HOSTILE
            assert page.locator("#card").get_attribute("title") == HOSTILE
            assert page.locator("#card").get_attribute("class") == "a b"
            assert page.locator("#field").input_value() == HOSTILE
            assert page.locator("#callable").inner_html() == "<b>made by a callable</b>"
            assert page.locator("#bytes").text_content() == HOSTILE
            assert page.locator("#pre").text_content() == "\nkept"
            assert page.locator("#list li").all_text_contents() == ["0", "1", "2"]
            assert page.evaluate("document.querySelectorAll('script, img').length") == 0
            bodies.append(page.evaluate("document.body.innerHTML"))
        assert bodies[0] == bodies[1]  # the browser built the same DOM from both
        assert dialogs == []
    finally:
        page.close()
