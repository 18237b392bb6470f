"""/hg/counter/ and /hg/todomvc/: Hypergen-style apps on the compat layer, driven as a user would."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_hello_hypergen_counter(page: Page, page_errors: list[str]) -> None:
    response = page.goto("/hg/counter/")
    assert response is not None and response.ok
    value = page.locator("#value")
    expect(value).to_have_value("1")
    for expected in ("2", "3", "4"):
        page.click("#increment")
        expect(value).to_have_value(expected)
    assert page_errors == []


def test_todomvc(page: Page, page_errors: list[str]) -> None:
    page.goto("/hg/todomvc/")
    new = page.locator("#new-todo")

    # Adding: Enter submits the form; the field is cleared; blank input gets the action's alert.
    for text in ("milk", "  eggs  "):
        new.fill(text)
        new.press("Enter")
    expect(page.locator("#todo-list li")).to_have_count(2)
    expect(page.locator("#label-2")).to_have_text("eggs")  # trimmed, as Hypergen reads values
    expect(new).to_have_value("")
    new.fill("   ")
    with page.expect_event("dialog") as dialog_info:  # the action returned [["alert", ...]]
        new.press("Enter")
    dialog = dialog_info.value
    assert dialog.message == "Please write something to do"
    dialog.accept()

    # Toggling and the count.
    page.check("#toggle-1")
    expect(page.locator("#item-1")).to_have_class("completed")
    expect(page.locator("#todo-count")).to_have_text("1 item left")

    # The filter is a URL argument; actions re-render the page with it (base_view=).
    page.click("#filter-active")
    expect(page).to_have_url(re.compile(r"/hg/todomvc/active$"))
    expect(page.locator("#todo-list li")).to_have_count(1)
    page.click("#destroy-2")
    expect(page.locator("#todo-list li")).to_have_count(0)
    expect(page.locator("#filter-active")).to_have_class("selected")

    # Editing: double click, type, Enter.
    page.click("#filter-all")
    expect(page.locator("#todo-list li")).to_have_count(1)
    page.dblclick("#label-1")
    edit = page.locator("#edit-1")
    edit.fill("bread")
    edit.press("Enter")
    expect(page.locator("#label-1")).to_have_text("bread")
    page.click("#clear-completed")
    expect(page.locator("#todo-list li")).to_have_count(0)
    expect(page.locator("#todo-count")).to_have_text("0 items left")
    assert page_errors == []


def test_inputs_arrive_as_hypergen_gives_them(page: Page, page_errors: list[str], tmp_path) -> None:
    page.goto("/hg/inputs/")
    result = page.locator("#result")

    def send(name: str, expected: str) -> None:
        page.click(f"#send-{name}")
        expect(result).to_have_text(f"{name}: {expected}")

    send("text", "'padded'")  # trimmed
    page.fill("#text", "   ")
    send("text", "None")  # blank is no value
    send("number", "3")
    page.fill("#number", "")
    send("number", "None")
    send("range", "4.0")
    send("month", "{'year': 2024, 'month': 5}")
    send("week", "{'year': 2024, 'week': 7}")
    send("date", "None")
    page.fill("#date", "2024-02-29")
    send("date", "datetime.date(2024, 2, 29)")
    send("checkbox", "False")
    page.check("#checkbox")
    send("checkbox", "True")
    send("select", "[]")
    page.select_option("#select", ["1", "3"])
    send("select", "[1, 3]")
    upload = tmp_path / "report.pdf"
    upload.write_bytes(b"%PDF")
    page.set_input_files("#file", str(upload))
    send("file", "'report.pdf'")  # the name, not C:\fakepath\report.pdf
    assert page_errors == []
