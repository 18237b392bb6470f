"""/counter-http/: the counter over HTTP @action, under a strict Content-Security-Policy."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_three_clicks_count_to_four(page: Page, page_errors: list[str]) -> None:
    response = page.goto("/counter-http/")
    assert response is not None and response.ok
    count = page.locator("#count")
    expect(count).to_have_value("1")
    for expected in ("2", "3", "4"):
        page.click("#increment")
        expect(count).to_have_value(expected)
    assert page_errors == []


def test_works_under_a_strict_content_security_policy(page: Page, page_errors: list[str]) -> None:
    violations: list[str] = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and violations.append(msg.text))
    response = page.goto("/counter-http/")
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    page.click("#increment")
    expect(page.locator("#count")).to_have_value("2")
    # no inline handlers anywhere: everything is bound by delegated listeners
    inline_handlers = (
        "[...document.querySelectorAll('*')].some(e => [...e.attributes].some(a => /^on/.test(a.name)))"
    )
    assert page.evaluate(inline_handlers) is False
    assert violations == [] and page_errors == []
