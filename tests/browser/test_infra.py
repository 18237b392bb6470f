"""The harness itself: daphne serves sample_site, Chromium loads a page, restarts keep the port."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

if TYPE_CHECKING:
    from .conftest import DaphneServer

pytestmark = pytest.mark.browser


def test_admin_login_page_loads(page: Page, page_errors: list[str], server: DaphneServer) -> None:
    response = page.goto("/admin/login/")
    assert response is not None and response.ok
    expect(page).to_have_title("Log in | Django site admin")
    # Static files come from daphne too (ASGIStaticFilesHandler while DEBUG is on).
    assert page.evaluate("getComputedStyle(document.body).fontFamily") != ""
    static = page.request.get("/static/admin/css/base.css")
    assert static.ok
    assert page_errors == []


def test_server_restarts_on_the_same_port(page: Page, server: DaphneServer) -> None:
    port = server.port
    server.restart(kill=True)
    assert server.port == port and server.running
    response = page.goto("/admin/login/")
    assert response is not None and response.ok

