"""``upload_files=True`` in Chromium on ``/compat/upload/``: the user picks two files and
uploads them; the action sees them in ``request.FILES``, and the progress bar moved. The same on
``/compat/wsupload/`` to a ``@consumer`` over the websocket, and a contenteditable text edited."""

from __future__ import annotations

import hashlib
import os
import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_picked_files_reach_the_action_with_progress(page: Page, page_errors: list[str]) -> None:
    page.goto("/compat/upload/")
    page.wait_for_function("() => typeof window.hypergen?.compat?.upload == 'function'")
    progress = page.evaluate_handle("""() => {
        const seen = []
        document.addEventListener("hypergen:upload-progress", e => seen.push(e.detail.total))
        return seen
    }""")
    page.locator("#picked").set_input_files([
        {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"hello"},
        {"name": "data.bin", "mimeType": "application/octet-stream", "buffer": bytes(200_000)},
    ])
    page.locator("#note").fill("two files")
    page.locator("#upload").click()
    expect(page.locator("#report")).to_have_text("notes.txt 5 B, data.bin 200000 B (two files)")
    assert progress.json_value()[-1] > 200_000  # the whole multipart body
    assert page_errors == []


def test_picked_files_reach_a_consumer_over_the_websocket(page: Page, page_errors: list[str]) -> None:
    """``/compat/wsupload/``: the same to a ``@consumer``, in chunks over the page's websocket; the
    big file is spooled to disk on the server, and both arrive byte for byte."""
    page.goto("/compat/wsupload/")
    page.wait_for_function("() => window.hypergen?.socket?.state == 'open' && hypergen.compat?.wsupload")
    progress = page.evaluate_handle("""() => {
        const seen = []
        const on = ({ detail }) => seen.push([detail.loaded, detail.total])
        document.addEventListener("hypergen:upload-progress", on)
        return seen
    }""")
    big = os.urandom(3 * 1024 * 1024 + 5)  # over FILE_UPLOAD_MAX_MEMORY_SIZE, 13 chunks
    page.locator("#picked").set_input_files([
        {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"hello"},
        {"name": "data.bin", "mimeType": "application/octet-stream", "buffer": big},
    ])
    page.locator("#note").fill("two files")
    page.locator("#upload").click()
    expected = (
        f"notes.txt 5 B {hashlib.sha256(b'hello').hexdigest()[:8]} in memory,"
        f" data.bin {len(big)} B {hashlib.sha256(big).hexdigest()[:8]} on disk (two files)"
    )
    expect(page.locator("#report")).to_have_text(expected, timeout=20_000)
    seen = progress.json_value()
    total = 5 + len(big)
    assert seen[0] == [0, total] and seen[-1] == [total, total]
    assert len(seen) == 1 + 1 + 13  # the start, one per acknowledged chunk
    assert page.locator("#hypergen-upload-progress-bar").evaluate("e => e.style.visibility") == "hidden"
    assert page_errors == []


def test_an_edited_contenteditable_reaches_the_consumer_as_markup(page: Page, page_errors: list[str]) -> None:
    page.goto("/compat/wsupload/")
    page.wait_for_function("() => window.hypergen?.socket?.state == 'open'")
    editor = page.locator("#editor")
    editor.click()
    page.keyboard.press("End")
    page.keyboard.type(" now")
    page.locator("#save").click()
    expect(page.locator("#edited")).to_have_text(re.compile(r"^edit <b>me( now</b>|</b> now)$"))
    assert editor.inner_html() in ("edit <b>me now</b>", "edit <b>me</b> now")  # still the user's
    assert page_errors == []
