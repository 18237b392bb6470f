"""Diff mode in Chromium: the patched DOM equals a fresh render; focus survives moves; foreign
nodes don't misdirect ops; a corrupted DOM is repaired by a resync."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from .helpers import SNAPSHOT, fresh_snapshot

if TYPE_CHECKING:
    from .conftest import DaphneServer

pytestmark = pytest.mark.browser

def open_diff_page(page: Page, path: str) -> None:
    page.goto(path)
    expect(page.locator("html")).to_have_class("hypergen-connected")
    assert page.locator("#hypergen-client").get_attribute("data-diff") == "1"


def test_table_sort_filter_and_edit_equal_a_fresh_render(page: Page, page_errors: list[str]) -> None:
    open_diff_page(page, "/table/")
    rows = page.locator("#content tbody tr")
    expect(rows).to_have_count(1000)
    page.click("th:has-text('Score')")
    expect(page.locator("#summary")).to_have_text("1000 rows, sorted by score descending")
    assert page.evaluate(SNAPSHOT) == fresh_snapshot(page, "/table/")
    page.fill("#filter", "an")
    expect(page.locator("#summary")).to_have_text("423 rows, sorted by score descending")  # any case
    assert page.evaluate(SNAPSHOT) == fresh_snapshot(page, "/table/")
    first_id = rows.first.locator("td").first.inner_text()
    page.fill("#edit-id", first_id)
    page.fill("#edit-score", "1")
    page.click("#edit")
    expect(rows.last.locator("td").first).to_have_text(first_id)  # score 1 sorts last
    assert page.evaluate(SNAPSHOT) == fresh_snapshot(page, "/table/")
    meter = page.locator("#meter").inner_text()
    assert meter.startswith("last update:") and "bytes" in meter
    assert page_errors == []


def test_typing_in_a_row_that_moves_keeps_focus_caret_and_text(page: Page, page_errors: list[str]) -> None:
    open_diff_page(page, "/reorder/")
    note = page.locator("#note-2")
    note.click()
    page.keyboard.type("hello world")
    page.evaluate("document.getElementById('note-2').setSelectionRange(2, 5)")
    response = page.request.get("/reorder/push/")  # the server moves the rows; focus stays here
    assert response.ok
    expect(page.locator("#rows li").first).to_have_id("row-4")
    state = page.evaluate(
        "(() => { const e = document.activeElement;"
        " return [e.id, e.value, e.selectionStart, e.selectionEnd] })()"
    )
    assert state == ["note-2", "hello world", 2, 5]
    page.keyboard.type("!")  # typing goes on where the caret was
    expect(note).to_have_value("he! world")  # "llo" was selected
    assert page_errors == []


def test_a_foreign_node_in_a_list_does_not_misdirect_later_ops(page: Page, page_errors: list[str]) -> None:
    open_diff_page(page, "/todo/")
    page.evaluate(
        "(() => { const li = document.createElement('li'); li.id = 'foreign'; li.textContent = 'ad';"
        " const list = document.getElementById('todo-list'); list.insertBefore(li, list.children[2]) })()"
    )
    items = page.locator("#todo-list li:not(#foreign)")
    items.nth(3).locator("input[type=checkbox]").check()
    expect(items.nth(3)).to_have_class("completed")
    for index in (0, 1, 2, 4):
        expect(items.nth(index)).not_to_have_class("completed")
    items.nth(1).locator("button").click()  # delete the second item
    expect(items).to_have_count(19)
    page.evaluate("document.getElementById('foreign')?.remove()")
    assert page.evaluate(SNAPSHOT) == fresh_snapshot(page, "/todo/")
    assert page_errors == []


def test_a_corrupted_dom_is_repaired_by_a_resync(page: Page, server: DaphneServer) -> None:
    open_diff_page(page, "/todo/")
    page.evaluate("document.querySelector('#content footer').firstChild.remove()")  # the count text
    page.locator("#todo-list li").first.locator("input[type=checkbox]").check()
    # the frame's SET_TEXT names a node that is gone: the client asks for a resync and the server
    # sends the whole target again
    expect(page.locator("#content footer")).to_have_text("19 items left")
    assert page.evaluate(SNAPSHOT) == fresh_snapshot(page, "/todo/")
    assert "resync" in server.log()
