"""``/forms/`` in Chromium, clicked through as a user would: a Django ModelForm on a diff-mode page
with a list of bookings under it (``sample_site/demos/forms.py``).

The bookings live in the browser server's SQLite db; each test sets the rows it needs there
directly (``seed``) and reads what the page saved the same way."""

from __future__ import annotations

import base64
import sqlite3
from typing import TYPE_CHECKING, Any

import msgpack
import pytest
from playwright.sync_api import Page, expect

from hypergen_vdom.wire import Op

from .helpers import SNAPSHOT, fresh_snapshot

if TYPE_CHECKING:
    from .conftest import DaphneServer

pytestmark = pytest.mark.browser

# Runs before the page's scripts: every binary frame the server sends on the page's websocket is
# kept (base64) in window.__frames, in order.
KEEP_FRAMES = """(() => {
  window.__frames = []
  const Native = window.WebSocket
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols)
      this.addEventListener("message", e => {
        if (typeof e.data == "string") return
        const bytes = new Uint8Array(e.data)
        window.__frames.push(btoa(Array.from(bytes, b => String.fromCharCode(b)).join("")))
      })
    }
  }
})()"""


def seed(server: DaphneServer, rows: int) -> list[int]:
    """Exactly ``rows`` bookings in the server's db (the first ones dated); their ids."""
    with sqlite3.connect(server.db_path) as db:
        db.execute("DELETE FROM demos_booking")
        db.executemany(
            "INSERT INTO demos_booking (title, day, seats, room) VALUES (?, ?, ?, ?)",
            [(f"Meeting {n}", f"2027-01-{n % 28 + 1:02}", n % 4 + 1, "small") for n in range(rows)],
        )
        return [row[0] for row in db.execute("SELECT id FROM demos_booking ORDER BY id")]


def bookings(server: DaphneServer) -> list[tuple[Any, ...]]:
    with sqlite3.connect(server.db_path) as db:
        return list(db.execute("SELECT title, day, seats, room FROM demos_booking ORDER BY id"))


def open_forms(page: Page) -> None:
    page.add_init_script(KEEP_FRAMES)
    page.goto("/forms/")
    expect(page.locator("html")).to_have_class("hypergen-connected")
    assert page.locator("#hypergen-client").get_attribute("data-diff") == "1"


def diff_frames(page: Page) -> list[bytes]:
    """The diff frames received so far (a diff frame's first item is an int: its seq)."""
    frames = [base64.b64decode(data) for data in page.evaluate("window.__frames")]
    return [data for data in frames if isinstance(msgpack.unpackb(data)[0], int)]


@pytest.mark.parametrize(("rows", "frame_bytes"), [(3, 47), (50, 49)])
def test_an_error_shows_under_its_field_and_what_was_typed_stays(
    page: Page, page_errors: list[str], server: DaphneServer, rows: int, frame_bytes: int
) -> None:
    seed(server, rows)
    open_forms(page)
    expect(page.locator("#bookings li")).to_have_count(rows)
    # the user skips the first field (required), types a date further down, then the rest
    page.fill("#day", "2026-12-24")
    page.fill("#seats", "3")
    page.select_option("#room", "garden")
    page.click("#book")
    error = page.locator("#booking .error")
    expect(error).to_have_text(["This field is required."])
    # right under the title it belongs to
    assert error.evaluate("p => p.previousElementSibling.querySelector('input').id") == "title"
    # nothing typed was lost: not the date in the later, unfocused input, nor the others
    expect(page.locator("#day")).to_have_value("2026-12-24")
    expect(page.locator("#seats")).to_have_value("3")
    expect(page.locator("#room")).to_have_value("garden")
    # the whole change was one INSERT of that <p>, the same few bytes whatever the list's length
    # (the 50-row page's next node id takes two bytes more in the frame's header)
    [frame] = diff_frames(page)
    ops = msgpack.unpackb(frame)[3:]
    assert ops[0] == Op.INSERT and ops[3] == ["p", ["class", "error"], "This field is required."]
    assert len(ops) == 4
    assert len(frame) == frame_bytes <= 80
    assert bookings(server)[rows:] == []  # nothing saved
    assert page_errors == []


def test_the_form_arrives_as_a_dict_shows_its_errors_and_saves_when_fixed(
    page: Page, page_errors: list[str], server: DaphneServer
) -> None:
    seed(server, 3)
    open_forms(page)
    # 6 seats in the small room: the ModelForm's own clean() says no, next to the seats
    page.fill("#title", "Team lunch")
    page.fill("#day", "2027-03-05")
    page.fill("#seats", "6")
    page.click("#book")
    error = page.locator("#booking .error")
    expect(error).to_have_text(["The small room seats 4; pick the hall or the garden."])
    assert error.evaluate("p => p.previousElementSibling.querySelector('input').id") == "seats"
    # a number out of the model's range, and the room fixed: the error follows the field's state
    page.fill("#seats", "99")
    page.select_option("#room", "hall")
    page.click("#book")
    expect(error).to_have_text(["Ensure this value is less than or equal to 40."])
    assert len(bookings(server)) == 3
    # fixed: saved, shown at the end of the list, and the form is fresh and empty again
    page.fill("#seats", "6")
    page.click("#book")
    expect(page.locator("#bookings li")).to_have_count(4)
    last = page.locator("#bookings li").last
    expect(last).to_contain_text("Team lunch · 6 seats, Hall (40) · Fri 05 Mar 2027")
    expect(page.locator(".saved")).to_have_text("Booked (1 this visit).")
    expect(error).to_have_count(0)
    expect(page.locator("#title")).to_have_value("")
    expect(page.locator("#day")).to_have_value("")
    expect(page.locator("#seats")).to_have_value("2")
    expect(page.locator("#room")).to_have_value("small")
    assert bookings(server)[3:] == [("Team lunch", "2027-03-05", 6, "hall")]
    assert page_errors == []


def test_an_empty_date_is_none_and_saved_as_null(
    page: Page, page_errors: list[str], server: DaphneServer
) -> None:
    ids = seed(server, 3)
    open_forms(page)
    # in the form: no date at all
    page.fill("#title", "Someday")
    page.click("#book")
    expect(page.locator("#bookings li")).to_have_count(4)
    last = page.locator("#bookings li").last
    expect(last).to_contain_text("Someday · 2 seats, Small room (4) · date to be decided")
    assert bookings(server)[3] == ("Someday", None, 2, "small")
    # in a row: the user clears a booking's date; reschedule() gets None and stores NULL
    second = page.locator(f"#day-{ids[1]}")
    expect(second).to_have_value("2027-01-02")
    second.fill("")
    expect(page.locator("#bookings li").nth(1)).to_contain_text("date to be decided")
    assert bookings(server)[1][1] is None
    # and a date picked again is a date
    second.fill("2027-02-14")
    expect(page.locator("#bookings li").nth(1)).to_contain_text("Sun 14 Feb 2027")
    assert bookings(server)[1][1] == "2027-02-14"
    assert page_errors == []


def test_fields_made_before_the_form_are_moved_into_it_never_copied(
    page: Page, page_errors: list[str], server: DaphneServer
) -> None:
    seed(server, 3)
    open_forms(page)
    # how many elements have that id, and whether it is inside the form
    in_form = "id => [document.querySelectorAll(`#${id}`).length, !!document.querySelector(`form #${id}`)]"
    for widget in ("title", "day", "seats", "room"):
        assert page.evaluate(in_form, widget) == [1, True]
    page.fill("#day", "2027-01-01")
    page.click("#book")  # an error: the form patched in place
    expect(page.locator("#booking .error")).to_have_count(1)
    page.fill("#title", "Retro")
    page.click("#book")  # saved: a fresh form built in place of the old one
    expect(page.locator("#bookings li")).to_have_count(4)
    for widget in ("title", "day", "seats", "room"):
        assert page.evaluate(in_form, widget) == [1, True]
    assert page_errors == []


def test_a_long_list_kept_sealed_changes_row_by_row_like_a_fresh_render(
    page: Page, page_errors: list[str], server: DaphneServer
) -> None:
    # 150 bookings: more than HYPERGEN_SEALED_ROWS_MIN (128), so the connection keeps each row as
    # bytes; a rescheduled row is decoded, patched and sealed again, the others stay as they are.
    ids = seed(server, 150)
    open_forms(page)
    rows = page.locator("#bookings li")
    expect(rows).to_have_count(150)
    steps = [(12, "2027-03-01", "Mon 01 Mar 2027"), (12, "2027-03-02", "Tue 02 Mar 2027"),
             (0, "", "date to be decided"), (149, "2027-12-31", "Fri 31 Dec 2027")]
    for index, day, shown in steps:
        page.locator(f"#day-{ids[index]}").fill(day)
        expect(rows.nth(index)).to_contain_text(shown)
        assert page.evaluate(SNAPSHOT) == fresh_snapshot(page, "/forms/")
    assert [day for _, day, _, _ in bookings(server)][:1] == [None]
    # each answer: the row's date text (SET_TEXT) and its input's value (SET_PROP), nothing else
    frames = diff_frames(page)
    assert [msgpack.unpackb(frame)[3:] for frame in frames] == [
        [Op.SET_TEXT, 162, "Mon 01 Mar 2027", Op.SET_PROP, 163, "value", "2027-03-01"],
        [Op.SET_TEXT, 162, "Tue 02 Mar 2027", Op.SET_PROP, 163, "value", "2027-03-02"],
        [Op.SET_TEXT, 42, "date to be decided", Op.SET_PROP, 43, "value", False],
        [Op.SET_TEXT, 1532, "Fri 31 Dec 2027", Op.SET_PROP, 1533, "value", "2027-12-31"],
    ]
    assert [len(frame) for frame in frames] == [45, 45, 36, 47]
    assert page_errors == []
