"""Compact ORDER in Chromium on the ``/books/`` demo: 240 unkeyed ``<li id>`` rows filtered and
sorted by typing and choosing, as a user does. The DOM equals a fresh render of the same query
after each step, and each frame's ORDER is the compact code of exactly that change (a keep-bitmap,
a Lehmer code), a few dozen to a few hundred bytes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, WebSocket, expect

from hypergen_vdom.wire import Op, decode_frame, is_diff_frame
from hypergen_vdom.wire_order import encode_order
from sample_site.demos.books import books, shown

from .helpers import SNAPSHOT, fresh_snapshot

if TYPE_CHECKING:
    from .conftest import DaphneServer

pytestmark = pytest.mark.browser


# the whole frames, deterministic (the demo's data is seeded)
FILTER_BYTES = 66
SORT_BYTES = 52


def ids(q: str, sort: str) -> list[int]:
    return [book["id"] for book in shown(q, sort)]


def the_order(frames: list[bytes]) -> tuple[int, bytes | list[int]]:
    """The size of the last diff frame and its one ORDER's argument."""
    frame = [data for data in frames if is_diff_frame(data)][-1]
    (order,) = [op for op in decode_frame(frame).ops if op[0] is Op.ORDER]
    return len(frame), order[2]


def test_filter_and_sort_unkeyed_rows(page: Page, page_errors: list[str], server: DaphneServer) -> None:
    frames: list[bytes] = []

    def watch(socket: WebSocket) -> None:
        socket.on("framereceived", lambda data: isinstance(data, bytes) and frames.append(data))

    page.on("websocket", watch)
    page.goto("/books/")
    expect(page.locator("html")).to_have_class("hypergen-connected")
    rows = page.locator("#books li")
    expect(rows).to_have_count(len(books()))

    page.fill("#q", "the s")  # a filter: the rows that stay keep their order
    expect(page.locator("#count")).to_have_text(f"{len(ids('the s', 'title'))} books")
    assert page.evaluate(SNAPSHOT) == fresh_snapshot(page, "/books/?q=the+s")
    size, code = the_order(frames)
    before = ids("", "title")
    assert code == encode_order(len(before), [before.index(i) for i in ids("the s", "title")])
    assert isinstance(code, bytes) and code[0] == 1 and len(code) == 1 + 30  # 240 bits
    print(f"[frame] /books/ filter 240 → {len(ids('the s', 'title'))}: {size} B")
    assert size == FILTER_BYTES

    page.select_option("#sort", "year")  # a sort of what is shown
    expect(rows.first).to_have_id(f"book-{ids('the s', 'year')[0]}")
    assert page.evaluate(SNAPSHOT) == fresh_snapshot(page, "/books/?q=the+s&sort=year")
    size, code = the_order(frames)
    before = ids("the s", "title")
    assert code == encode_order(len(before), [before.index(i) for i in ids("the s", "year")])
    assert isinstance(code, bytes) and code[0] == 2
    print(f"[frame] /books/ sort of {len(before)}: {size} B")
    assert size == SORT_BYTES  # listing the rows' ids (past 255: 3 bytes each) would be more

    page.fill("#q", "zzz")  # nothing matches: the conditional paragraph comes, every row goes
    expect(page.locator("#content p.empty")).to_have_text("No book matches zzz.")
    expect(rows).to_have_count(0)
    page.fill("#q", "")
    expect(rows).to_have_count(len(books()))
    expect(page.locator("#content p.empty")).to_have_count(0)
    assert page.evaluate(SNAPSHOT) == fresh_snapshot(page, "/books/?sort=year")
    assert page.evaluate("window.hypergen.diff.awaiting") is False  # never asked for a resync
    assert page_errors == []
