"""``upload_files=True`` in Chromium on ``/compat/upload/``: the user picks two files and
uploads them; the action sees them in ``request.FILES``, and the progress bar moved."""

from __future__ import annotations

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
