"""Reconnects, slow handlers, duplicated tabs, untrusted text and hostile clients, in Chromium.

Pages: /state/ (app state on the consumer), /reliable/ (a handler that takes 0.8 s), /todo/,
/notes/ (CRLF text, user links), /private/ (login only). README "Reconnect guarantees" and
"Security model" say what each test holds the server and the client to.
"""

from __future__ import annotations

import json
import re
import time
from typing import TYPE_CHECKING, Any

import msgpack
import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Dialog, Page, WebSocket, expect

from hypergen_vdom.registry import handler_id
from hypergen_vdom.wire import Op, decode_frame

from .helpers import (
    SNAPSHOT,
    WATCH_SOCKETS,
    drop_socket,
    fresh_snapshot,
    hello,
    open_live_page,
    raw_socket,
    reconnect_now,
    wait_reconnected,
)

if TYPE_CHECKING:
    from .conftest import DaphneServer

pytestmark = pytest.mark.browser

UNSAFE_URL = "about:invalid#hypergen-unsafe-url"


def client_events(page: Page) -> list[list[Any]]:
    """The hypergen:error / :rejected / :reset events the page fired (``WATCH_SOCKETS``)."""
    events: list[list[Any]] = page.evaluate("window.__hv_events")
    return events


def add_item(page: Page, text: str) -> None:
    page.fill("#entry", text)
    page.click("#add")
    expect(page.locator("#items li").last).to_have_text(text)


# --- a. app state on the consumer survives a dropped connection ---------------------------------


def test_consumer_state_survives_a_dropped_connection(page: Page, page_errors: list[str]) -> None:
    page.add_init_script(WATCH_SOCKETS)
    open_live_page(page, "/state/")
    add_item(page, "milk")
    add_item(page, "eggs")
    sockets = drop_socket(page)
    wait_reconnected(page, sockets)
    add_item(page, "bread")  # the handler appends to consumer.items: restored, not reset
    expect(page.locator("#items li")).to_have_text(["milk", "eggs", "bread"])
    expect(page.locator("#count")).to_have_text("3 item(s)")
    page.click("#clear")  # and the other handler sees the same state
    expect(page.locator("#count")).to_have_text("0 item(s)")
    assert client_events(page) == []  # no error, and no hypergen:reset: the state was resumed
    assert page_errors == []


# --- c. an event in flight when the connection drops is applied once ----------------------------


def test_an_order_whose_answer_was_lost_is_answered_again_not_placed_twice(
    page: Page, page_errors: list[str]
) -> None:
    page.add_init_script(WATCH_SOCKETS)
    open_live_page(page, "/reliable/")
    count = page.locator("#order-count")
    expect(count).to_have_text("0 order(s) placed")
    page.click("#order")
    page.wait_for_timeout(200)  # the server is in the handler now (it takes 0.8 s)
    page.evaluate("window.__offline = true")
    drop_socket(page)
    # The server finishes the order meanwhile; its answer goes to the closed socket. A fresh
    # load shows the order is placed while this page still waits for its answer.
    other = page.context.new_page()
    deadline = time.monotonic() + 5
    while True:
        other.goto("/reliable/")
        if other.locator("#order-count").inner_text() == "1 order(s) placed":
            break
        assert time.monotonic() < deadline, "the server did not finish the order"
        other.wait_for_timeout(100)
    other.close()
    expect(count).to_have_text("0 order(s) placed")
    reconnect_now(page)
    # the client re-sends the event (same seq); the server answers it again without running it
    expect(count).to_have_text("1 order(s) placed")
    page.wait_for_timeout(300)  # any second answer would be here by now
    expect(page.locator("#orders li")).to_have_count(1)
    assert page.evaluate("window.hypergen.socket.pending") == 0
    assert page.evaluate(SNAPSHOT) == fresh_snapshot(page, "/reliable/")
    # no stale diff answer applied on top of the hello's REPLACE (hypergen:error "not applied")
    assert client_events(page) == []
    assert page_errors == []


def test_an_order_running_while_the_page_reconnects_is_placed_once(
    page: Page, page_errors: list[str]
) -> None:
    page.add_init_script(WATCH_SOCKETS)
    open_live_page(page, "/reliable/")
    count = page.locator("#order-count")
    expect(count).to_have_text("0 order(s) placed")
    page.click("#order")
    page.wait_for_timeout(200)  # the server is in the handler now (it takes 0.8 s)
    # the connection drops and comes back at once, while the handler is still running
    sockets = drop_socket(page, reconnect_at_once=True)
    wait_reconnected(page, sockets)
    expect(count).not_to_have_text("0 order(s) placed")
    page.wait_for_timeout(1000)  # a second run of the handler would have finished by now
    expect(count).to_have_text("1 order(s) placed")
    expect(page.locator("#orders li")).to_have_count(1)
    assert page.evaluate(SNAPSHOT) == fresh_snapshot(page, "/reliable/")  # one row in the database
    assert client_events(page) == []
    assert page_errors == []


# --- d. a slow handler does not hold up another tab ---------------------------------------------


# When the user clicked (capture phase, before the client sees it) and when an element's content
# first changed afterwards, by the wall clock (the same for every tab).
TIMES = """id => {
  window.__clicked = window.__changed = null
  document.addEventListener("click", () => (window.__clicked ??= Date.now()), true)
  new MutationObserver(() => (window.__changed ??= Date.now()))
    .observe(document.getElementById(id), { childList: true, characterData: true, subtree: true })
}"""


def test_a_slow_handler_does_not_hold_up_another_tab(browser: Browser, server: DaphneServer) -> None:
    contexts = [browser.new_context(base_url=server.url) for _ in range(2)]
    slow, fast = (context.new_page() for context in contexts)
    try:
        for tab, changes in ((slow, "order-count"), (fast, "pings")):
            open_live_page(tab, "/reliable/")
            tab.evaluate(TIMES, changes)
        slow.click("#order")  # 0.8 s in the handler
        fast.click("#ping")
        expect(fast.locator("#pings")).to_have_text("1 ping(s) answered")
        # the ping was answered while the order was still being placed
        assert slow.locator("#order-count").inner_text() == "0 order(s) placed"
        expect(slow.locator("#order-count")).to_have_text("1 order(s) placed")
        slow_clicked, slow_answered = slow.evaluate("[window.__clicked, window.__changed]")
        fast_clicked, fast_answered = fast.evaluate("[window.__clicked, window.__changed]")
        assert slow_clicked <= fast_clicked < fast_answered < slow_answered
        assert fast_answered - fast_clicked < 600, "the ping waited for the order"
        assert slow_answered - slow_clicked >= 800
    finally:
        for context in contexts:
            context.close()


# --- e. a duplicated tab gets a page state of its own -------------------------------------------


def test_a_duplicated_tab_stays_correct(context: BrowserContext, server: DaphneServer) -> None:
    # One HTML, one page token, served to two tabs: as when the browser duplicates a tab or
    # restores it from its cache.
    # A document Playwright fulfils has no address, so Chromium's Local Network Access checks
    # would refuse its websocket to 127.0.0.1; a user would answer the permission prompt.
    context.grant_permissions(["local-network-access"])
    response = context.request.get("/todo/")
    assert response.ok
    html = response.text()
    errors: list[str] = []

    def open_tab() -> Page:
        tab = context.new_page()
        tab.add_init_script(WATCH_SOCKETS)

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                errors.append(message.text)

        tab.on("console", on_console)
        tab.route(server.url_for("/todo/"), lambda route: route.fulfill(body=html, content_type="text/html"))
        open_live_page(tab, "/todo/")
        return tab

    def rows(tab: Page) -> Any:
        return tab.locator("#todo-list li")

    def equals_a_fresh_render(tab: Page) -> None:
        # what this tab just did is in the session, so a fresh load renders this tab's state
        assert tab.evaluate(SNAPSHOT) == fresh_snapshot(tab, "/todo/")

    one = open_tab()
    one.fill("#new-todo", "one: first")
    one.press("#new-todo", "Enter")
    expect(rows(one).last).to_have_text("one: first x")
    rows(one).nth(1).locator("input[type=checkbox]").check()
    expect(rows(one).nth(1)).to_have_class("completed")
    equals_a_fresh_render(one)

    two = open_tab()  # the same token: the server forks the page's state for this tab
    # the HTML is older than the page's state: the tab is sent the whole target once
    expect(rows(two)).to_have_count(21)
    expect(rows(two).nth(1)).to_have_class("completed")
    assert one.evaluate("document.getElementById('hypergen-client').dataset.token") == two.evaluate(
        "document.getElementById('hypergen-client').dataset.token"
    )
    # This tab's first event has seq 1, which the original page applied already: on a shared
    # state it would be taken for a re-sent event and never run.
    first_text = rows(two).first.locator("label").inner_text()
    rows(two).first.locator("button").click()
    expect(rows(two)).to_have_count(20)
    expect(rows(two).first.locator("label")).not_to_have_text(first_text)
    equals_a_fresh_render(two)

    one.fill("#new-todo", "one: second")
    one.press("#new-todo", "Enter")
    expect(rows(one).last).to_have_text("one: second x")
    equals_a_fresh_render(one)

    two.fill("#new-todo", "two: first")
    two.press("#new-todo", "Enter")
    expect(rows(two).last).to_have_text("two: first x")
    equals_a_fresh_render(two)

    # each tab reconnects to its own state (the second one under its forked token)
    for tab in (one, two):
        wait_reconnected(tab, drop_socket(tab))
    for tab in (one, two):
        # (the list is the session's, which the other tab changed meanwhile: find the row by text)
        text = rows(tab).nth(3).locator("label").inner_text()
        rows(tab).nth(3).locator("input[type=checkbox]").check()
        expect(rows(tab).filter(has=tab.get_by_text(text, exact=True))).to_have_class("completed")
        equals_a_fresh_render(tab)
    for tab in (one, two):
        assert [e for e in client_events(tab) if e[0] == "hypergen:error"] == []
    assert errors == []


# --- f. CRLF text is patched at the right offsets -----------------------------------------------


def test_crlf_text_is_spliced_at_the_offsets_the_browser_counts(page: Page, page_errors: list[str]) -> None:
    frames: list[bytes | str] = []

    def on_websocket(ws: WebSocket) -> None:
        def on_frame(data: bytes | str) -> None:
            frames.append(data)

        ws.on("framereceived", on_frame)

    page.on("websocket", on_websocket)
    open_live_page(page, "/notes/")
    note = page.locator("#note")
    stored = (
        "Shopping list\r\n- milk\r\n- eggs\r\n- bread\r\n\r\n"
        "Call the plumber on Monday about the kitchen tap.\r\n"
    )
    shown = stored.replace("\r\n", "\n")  # what the HTML parser made of it
    assert page.evaluate("document.getElementById('note').textContent") == shown

    for old, new in (("- eggs", "- a dozen eggs"), ("Monday", "Tuesday")):
        shown = shown.replace(old, new)
        frames.clear()
        page.fill("#note-edit", shown)
        page.click("#save-note")  # stored with CRLF again; shown with LF
        page.wait_for_function("text => document.getElementById('note').textContent === text", arg=shown)
        ops = [op for data in frames if isinstance(data, bytes) for op in decode_frame(data).ops]
        splices = [op for op in ops if op[0] == Op.SPLICE_TEXT]
        assert splices, ops  # only the changed characters went over the wire …
        assert all(op[0] in (Op.SPLICE_TEXT, Op.SET_PROP) for op in ops), ops
        assert all("\r" not in str(op) for op in ops), ops
        expect(note).to_have_text(shown.rstrip("\n"))
        # … and the page equals a fresh render of the stored note
        assert page.evaluate(SNAPSHOT) == fresh_snapshot(page, "/notes/")
    assert page_errors == []


# --- g. javascript: URLs typed by a user are neutralised ----------------------------------------


def test_script_urls_from_users_are_neutralised(page: Page, page_errors: list[str]) -> None:
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    open_live_page(page, "/notes/")
    links = page.locator("#links a")
    typed = [
        ("javascript:alert(1)", UNSAFE_URL),
        ("https://example.com/", "https://example.com/"),
        ("JaVaScRiPt:alert(2)", UNSAFE_URL),
        ("java\tscript:alert(3)", UNSAFE_URL),
        ("data:text/html,<script>alert(4)</script>", UNSAFE_URL),
        ("vbscript:msgbox(5)", UNSAFE_URL),
        ("/todo/", "/todo/"),
    ]
    for n, (url, href) in enumerate(typed, start=2):
        page.fill("#link-url", url)
        page.click("#add-link")
        expect(links).to_have_count(n)
        expect(links.last).to_have_text(url.replace("\t", " "))  # shown as typed (tab collapsed)
        expect(links.last).to_have_attribute("href", href)
    hrefs = page.evaluate("[...document.querySelectorAll('#links a')].map(a => a.getAttribute('href'))")
    assert hrefs == ["https://www.djangoproject.com/", *(href for _, href in typed)]
    links.nth(1).click()  # the neutralised javascript: link: nothing runs
    page.wait_for_timeout(200)
    assert dialogs == []
    assert page_errors == []


# --- h. a login-only page: forged and stolen hellos, logout ------------------------------------

USERNAME, PASSWORD = "alice", "alice-password-1"


@pytest.fixture(scope="module")
def staff_user(_session_server: DaphneServer) -> str:
    """A user who can log in (the sample site's login page is the admin's, which admits staff
    only), created once in the session server's database; their username."""
    _session_server.manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import User\n"
        f"if not User.objects.filter(username={USERNAME!r}).exists():\n"
        f"    User.objects.create_user({USERNAME!r}, password={PASSWORD!r}, is_staff=True)\n",
    )
    return USERNAME


def log_in(page: Page, server: DaphneServer, username: str) -> None:
    """Log in as a user would, starting from the private page: ``@login_required`` sends us to
    the login page, and that back."""
    page.goto("/private/")
    expect(page).to_have_url(re.compile(r"/admin/login/\?next=/private/$"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(server.url_for("/private/"))
    expect(page.locator("html")).to_have_class("hypergen-connected")


def add_private_note(page: Page, text: str) -> None:
    page.fill("#private-note", text)
    page.click("#add-private-note")
    expect(page.locator("#private-notes li").last).to_have_text(text)


def test_a_forged_or_stolen_hello_for_a_login_only_page_gets_nothing(
    browser: Browser, page: Page, server: DaphneServer, staff_user: str
) -> None:
    log_in(page, server, staff_user)
    add_private_note(page, "the secret plan")
    real_token = page.locator("#hypergen-client").get_attribute("data-token")
    assert real_token
    private_handler = handler_id("sample_site.demos.private.add_private_note")

    # Another browser, not logged in, tries a made-up token and then the real one (stolen), both
    # naming /private/: one error frame each, then the socket is closed (4001), never the page.
    stranger = browser.new_context(base_url=server.url)
    try:
        snoop = stranger.new_page()
        snoop.goto("/")
        results = []
        for token, reason in (
            ("made-up-token", "page token invalid"),
            (real_token, "page token belongs to another session"),
        ):
            event = msgpack.packb([1, private_handler, ["planted"]])
            result = raw_socket(snoop, [hello(token, "/private/"), event])
            assert result.errors == [(0, f"{reason}: reload the page")], result.frames
            assert len(result.received) == 1
            results.append(result)

        # A valid token of a public page this visitor was served, with /private/ as the path:
        # the token says which page it is, so this opens /state/, where the private page's
        # handler is not bound.
        state_token = re.search(r'data-token="([^"]+)"', snoop.request.get("/state/").text())
        assert state_token is not None
        event = msgpack.packb([1, private_handler, ["planted"]])
        result = raw_socket(snoop, [hello(state_token.group(1), "/private/"), event], 1000)
        assert result.code is None  # a fine page, still open
        assert result.errors == [(1, f"handler {private_handler!r} is not bound on this page")]
        assert len(result.received) == 1
    finally:
        stranger.close()
    page.reload()
    expect(page.locator("#private-notes li")).to_have_text(["the secret plan"])  # nothing planted
    assert [result.code for result in results] == [4001, 4001]


def test_logging_out_in_another_tab_closes_the_page_which_reloads_to_the_login(
    context: BrowserContext, page: Page, server: DaphneServer, staff_user: str
) -> None:
    page.add_init_script(WATCH_SOCKETS)
    log_in(page, server, staff_user)
    add_private_note(page, "only mine")
    other = context.new_page()
    open_live_page(other, "/private/")  # live too, as a page is by the time anyone clicks
    other.click("#logout")  # the page's own "Log out" button: a POST to the admin's logout
    # the first tab's socket is closed (4003) and the page reloads: @login_required sends it to
    # the login page
    expect(page).to_have_url(re.compile(r"/admin/login/\?next=/private/$"), timeout=5000)
    assert 4003 in json.loads(page.evaluate("sessionStorage.getItem('__closes')"))
    assert "only mine" not in page.content()
    # The tab that logged out shows the logout's own answer: its socket is closed (4003) too while
    # the POST is under way, and that must not reload the page over the navigation the user began.
    expect(other).to_have_title(re.compile("Logged out"))


# --- i. hostile frames from the browser ---------------------------------------------------------


def nested(depth: int) -> bytes:
    """A msgpack value: ``depth`` one-element arrays around nil, built by hand (packb recurses)."""
    return b"\x91" * depth + b"\xc0"


def event_frame(seq: int, handler: str, args_packed: bytes) -> bytes:
    """``[seq, handler, args]`` with ``args`` already msgpack-encoded."""
    return b"\x93" + msgpack.packb(seq) + msgpack.packb(handler) + args_packed


def test_hostile_frames_get_error_frames_and_the_page_keeps_working(
    page: Page, page_errors: list[str]
) -> None:
    open_live_page(page, "/notes/")
    token = page.locator("#hypergen-client").get_attribute("data-token")
    assert token
    add_link = handler_id("sample_site.demos.notes.add_link")
    huge = "9" * 200_000
    frames: list[bytes | str] = [
        # The page's real token, from the same browser session (a raw socket of the page's own
        # origin sends the session cookie): the server forks the page for this "tab".
        hello(token, "/notes/"),
        event_frame(1, add_link, b"\x91" + nested(100)),  # an argument nested 100 deep
        event_frame(2, add_link, b"\x91" + nested(100_000)),  # deeper than msgpack will go
        msgpack.packb([3, "no-such-handler", []]),
        msgpack.packb([4, handler_id("sample_site.demos.private.add_private_note"), ["x"]]),
        msgpack.packb([5, add_link, [{"$v": huge, "as": "int"}]]),  # a 200 000-digit int
        msgpack.packb([6, huge, []]),  # a 200 000-character handler id
        msgpack.packb([7, add_link, ["a", "b", "c"]]),  # too many arguments
        b"\xc1",  # not msgpack at all
        "a text frame",
    ]
    result = raw_socket(page, frames)
    assert result.code is None  # every one answered, the socket still open
    errors = result.errors
    assert [seq for seq, _ in errors] == [1, 0, 3, 4, 5, 6, 7, 0, 0], errors
    assert "nest more than 32 deep" in errors[0][1]
    assert errors[1][1].startswith("malformed frame")
    assert "'no-such-handler' is not bound on this page" in errors[2][1]
    assert "is not bound on this page" in errors[3][1]  # a real handler, of another page
    assert "is not a valid int" in errors[4][1]
    assert "is not bound on this page" in errors[5][1]
    assert "too many" in errors[6][1]
    assert errors[7][1].startswith("malformed frame")
    assert "binary msgpack frames only" in errors[8][1]
    assert all(len(message) < 500 for _, message in errors), "client values are clipped in errors"

    # the real page never noticed
    page.fill("#link-url", "https://example.com/after")
    page.click("#add-link")
    expect(page.locator("#links a").last).to_have_attribute("href", "https://example.com/after")
    expect(page.locator("#links a")).to_have_count(2)
    assert page_errors == []

    # An event over HYPERGEN_MAX_MESSAGE_BYTES (a huge paste, say) gets an error frame for its
    # seq, and the socket stays usable: the next event on it is answered.
    oversized = msgpack.packb([8, add_link, ["x" * 300_000]])
    after = msgpack.packb([9, add_link, ["https://example.com/raw"]])
    result = raw_socket(page, [hello(token, "/notes/"), oversized, after])
    assert result.code is None
    assert result.errors == [(8, f"event of {len(oversized)} bytes is over the limit")], result.frames
    answers = [frame for frame in result.frames if isinstance(frame[0], int) and frame[1] == 9]
    assert answers, result.frames  # a diff frame answering event 9 …
    assert any("https://example.com/raw" in str(frame) for frame in answers), answers  # … its link

    # Any other frame over the limit closes its socket (4009: an application may not send 1009),
    # and only that one.
    result = raw_socket(page, [hello(token, "/notes/"), msgpack.packb(["resync", "x" * 300_000])])
    assert result.code == 4009
    assert result.errors == [], result.frames
    page.fill("#link-url", "https://example.com/after-that")
    page.click("#add-link")
    expect(page.locator("#links a")).to_have_count(3)
    expect(page.locator("#links a").last).to_have_attribute("href", "https://example.com/after-that")
    assert page_errors == []


def test_a_tab_over_the_sessions_socket_cap_waits_for_a_free_slot_then_works(
    browser: Browser, server_factory: Any
) -> None:
    # One socket per session: the second tab of the same browser is refused (4029) and shows it,
    # then gets in once the first tab is closed, with the click made meanwhile applied once.
    capped = server_factory({"HYPERGEN_MAX_CONNECTIONS_PER_SESSION": "1"})
    context = browser.new_context(base_url=capped.url)
    try:
        first = context.new_page()
        open_live_page(first, "/counter/")
        second = context.new_page()
        codes: list[int] = []
        second.on("websocket", lambda ws: ws.on("close", lambda _ws: codes.append(1)))
        second.goto("/counter/")
        expect(second.locator("html")).to_have_class("hypergen-disconnected")
        expect(second.locator("#count")).to_have_value("1")
        first.click("button")
        expect(first.locator("#count")).to_have_value("2")  # the first tab is unaffected
        first.close()
        expect(second.locator("html")).to_have_class("hypergen-connected", timeout=20_000)
        second.click("button")
        expect(second.locator("#count")).to_have_value("2")
        assert codes, "the second tab's refused sockets were closed by the server"
        assert "too many open connections" in capped.log()
    finally:
        context.close()
