"""Files over the page's websocket (``hypergen_vdom/uploads.py``): announce, chunks, the event
with ``{"$upload": [...]}``, driven through the consumer with ``HypergenCommunicator`` on the
``/compat/wsupload/`` demo, and forged frames the way an attacker would send them."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from typing import Any

import lxml.html
import pytest
from django.test import Client, override_settings

from hypergen_vdom import NO_PERM_REQUIRED, THIS, consumer, input_
from hypergen_vdom.compat.client import upload_callback
from hypergen_vdom.spec import handler_id_of
from hypergen_vdom.testing.communicator import HypergenCommunicator
from hypergen_vdom.tree import rendering
from hypergen_vdom.uploads import CHUNK_OVERHEAD, Uploads, chunk_bytes, chunk_interval_ms
from hypergen_vdom.wire import Tag
from sample_site.demos import urls as demo_urls
from sample_site.demos.compat_client import ws_edited, ws_uploaded

assert demo_urls

pytestmark = [pytest.mark.django_db(transaction=True)]  # handlers run in worker threads

HANDLER = handler_id_of(ws_uploaded)
CHUNK = 256 * 1024 - CHUNK_OVERHEAD  # the default HYPERGEN_MAX_MESSAGE_BYTES, less the framing


async def page() -> HypergenCommunicator:
    return await HypergenCommunicator.open(Client(), "/compat/wsupload/")


async def upload(ws: HypergenCommunicator, upload_id: int, name: str, data: bytes) -> list[Any]:
    """Announce and send ``data`` as the client does; the answers, in order."""
    await ws.send_frame([Tag.UPLOAD, upload_id, HANDLER, name, len(data), "text/plain"])
    answers = [await ws.receive_frame()]
    for offset in range(0, len(data), CHUNK):
        await ws.send_frame([Tag.CHUNK, upload_id, offset, data[offset : offset + CHUNK]])
        answers.append(await ws.receive_frame())
    return answers


def report(frames: list[Any]) -> str:
    """The #report text the diff frame answering the event sets."""
    [frame] = [f for f in frames if type(f[0]) is int]
    texts = [arg for arg in frame[3:] if isinstance(arg, str) and " B " in arg]
    return texts[0]


def test_the_binding_marks_the_file_inputs_for_a_consumer():
    with rendering():
        picked = input_(type_="file", id="picked")
        note = input_(id="note")
        own = input_(type_="file", onchange=upload_callback(ws_uploaded, THIS, "x"))
        button = input_(type_="button", onclick=upload_callback(ws_uploaded, picked, note))
    assert json.loads(button.attrs["hv-click"]) == [
        "js:hypergen.compat.wsupload", [HANDLER, [{"$upload": "picked"}, {"$el": "note"}]]
    ]
    # THIS, a file input without an id: it gets one, and is the marker
    assert json.loads(own.attrs["hv-change"]) == [
        "js:hypergen.compat.wsupload", [HANDLER, [{"$upload": own.attrs["id"]}, "x"]]
    ]


def test_the_chunk_size_fits_a_frame_and_uploads_take_half_the_frame_rate():
    assert chunk_bytes() == CHUNK
    assert chunk_interval_ms() == 67  # 30 frames per second: 15 chunks
    with override_settings(HYPERGEN_MAX_MESSAGE_BYTES=1000, HYPERGEN_FRAMES_PER_SECOND=10):
        assert (chunk_bytes(), chunk_interval_ms()) == (936, 200)


async def test_two_files_in_chunks_reach_the_handler_as_uploaded_files() -> None:
    ws = await page()
    small = b"hello"
    big = os.urandom(3 * 1024 * 1024 + 17)  # over FILE_UPLOAD_MAX_MEMORY_SIZE: spooled to disk
    first = await upload(ws, 1, "a.txt", small)
    assert first == [[Tag.UPLOADED, 1, 0, CHUNK, 67], [Tag.UPLOADED, 1, 5]]
    second = await upload(ws, 2, "b.bin", big)
    assert len(second) == 1 + 13  # 3 MiB + 17 B in 262 080-byte chunks
    assert second[-1] == [Tag.UPLOADED, 2, len(big)]
    await ws.event(HANDLER, {"$upload": [1, 2]}, {"$v": "hi"})
    frames = await ws.barrier()
    digest = hashlib.sha256(big).hexdigest()[:8]
    assert report(frames) == (
        f"a.txt 5 B {hashlib.sha256(small).hexdigest()[:8]} in memory,"
        f" b.bin {len(big)} B {digest} on disk (hi)"
    )
    # claimed: the ids are gone, a second event naming them is refused
    await ws.event(HANDLER, {"$upload": [1]}, None)
    [error] = await ws.barrier()
    assert error[0] == Tag.ERROR and "upload 1 is not a complete upload for this handler" in error[2]
    await ws.disconnect()


async def test_an_empty_file_and_an_empty_input() -> None:
    ws = await page()
    assert await upload(ws, 1, "empty", b"") == [[Tag.UPLOADED, 1, 0, CHUNK, 67]]
    await ws.event(HANDLER, {"$upload": [1]}, None)
    assert report(await ws.barrier()).startswith("empty 0 B e3b0c442 in memory (None)")
    await ws.event(HANDLER, {"$upload": []}, "x")
    frames = await ws.barrier()
    assert [f for f in frames if f[0] == Tag.ERROR] == []
    await ws.disconnect()


async def refused(ws: HypergenCommunicator, frame: list[Any]) -> Any:
    await ws.send_frame(frame)
    return await ws.receive_frame()


async def test_hostile_upload_frames_are_refused_and_the_connection_stays(caplog) -> None:
    ws = await page()
    # a chunk for an upload never announced
    answer = await refused(ws, [Tag.CHUNK, 9, 0, b"x"])
    assert answer == [Tag.UPLOADED, 9, None, "chunk for upload 9, which is not open"]
    # more bytes than announced: refused, the upload discarded
    await refused(ws, [Tag.UPLOAD, 1, HANDLER, "a.txt", 3, "text/plain"])
    answer = await refused(ws, [Tag.CHUNK, 1, 0, b"abcd"])
    assert answer == [Tag.UPLOADED, 1, None, "a.txt: more bytes than the 3 announced"]
    assert (await refused(ws, [Tag.CHUNK, 1, 0, b"abc"]))[2] is None  # gone
    # a chunk at the wrong offset (one went missing): refused rather than a corrupt file
    await refused(ws, [Tag.UPLOAD, 2, HANDLER, "b.txt", 10, "text/plain"])
    answer = await refused(ws, [Tag.CHUNK, 2, 5, b"fghij"])
    assert answer == [Tag.UPLOADED, 2, None, 'b.txt: expected a chunk ["u+", id, 0, bytes]']
    # a name with path separators
    for name in ("../../etc/passwd", "..\\boot.ini", "a\0b", "..", "", "x" * 256, 7):
        answer = await refused(ws, [Tag.UPLOAD, 3, HANDLER, name, 1, "text/plain"])
        assert answer[:3] == [Tag.UPLOADED, 3, None], name
    assert "not a plain file name" in answer[3] or "1 to 255" in answer[3]
    # an upload for a handler the page didn't bind (it exists, another page binds it)
    other = handler_id_of(unbound)
    answer = await refused(ws, [Tag.UPLOAD, 4, other, "a.txt", 1, "text/plain"])
    assert answer == [Tag.UPLOADED, 4, None, f"upload for handler '{other}', which is not bound on this page"]
    # bigger than HYPERGEN_MAX_UPLOAD_BYTES, a negative size, a garbage id
    answer = await refused(ws, [Tag.UPLOAD, 5, HANDLER, "big", 10 * 1024 * 1024 + 1, ""])
    assert answer[3] == "big: 10485761 bytes is over HYPERGEN_MAX_UPLOAD_BYTES (10485760)"
    assert (await refused(ws, [Tag.UPLOAD, 5, HANDLER, "neg", -1, ""]))[2] is None
    [tag, seq, message] = await refused(ws, [Tag.CHUNK, "x" * 1000, 0, b""])
    assert (tag, seq) == (Tag.ERROR, 0) and message.startswith("an upload id is an int > 0, got 'xxx")
    assert len(message) < 200  # the id clipped
    # an event naming an upload of another handler's, or one not complete
    await refused(ws, [Tag.UPLOAD, 6, HANDLER, "part", 10, ""])
    await ws.event(HANDLER, {"$upload": [6]}, None)
    [error] = await ws.barrier()
    assert "upload 6 is not a complete upload for this handler" in error[2]
    await ws.event(handler_id_of(ws_edited), {"$upload": [6]})
    [error] = await ws.barrier()
    assert "upload 6 is not a complete upload for this handler" in error[2]
    # the log got one clipped line per refusal
    lines = [r.getMessage() for r in caplog.records if "upload refused" in r.getMessage()]
    assert lines and all(len(line) < 600 for line in lines)
    # and the page still works
    assert await upload(ws, 7, "ok.txt", b"ok") == [[Tag.UPLOADED, 7, 0, CHUNK, 67], [Tag.UPLOADED, 7, 2]]
    await ws.event(HANDLER, {"$upload": [7]}, "fine")
    assert report(await ws.barrier()).startswith("ok.txt 2 B")
    await ws.disconnect()


@consumer(perm=NO_PERM_REQUIRED)
def unbound(consumer: Any, request: Any, files: Any) -> None:
    pass


@override_settings(HYPERGEN_MAX_UPLOADS_PER_CONNECTION=2, HYPERGEN_MAX_UPLOAD_BYTES=100)
async def test_too_many_uploads_and_too_many_bytes_together() -> None:
    ws = await page()
    for upload_id in (1, 2):
        assert (await refused(ws, [Tag.UPLOAD, upload_id, HANDLER, "f", 40, ""]))[2] == 0
    answer = await refused(ws, [Tag.UPLOAD, 3, HANDLER, "f", 1, ""])
    assert answer[3] == "too many uploads at once (HYPERGEN_MAX_UPLOADS_PER_CONNECTION, 2)"
    await refused(ws, [Tag.CHUNK, 2, 0, b"x" * 41])  # refused: upload 2 goes, a slot frees
    answer = await refused(ws, [Tag.UPLOAD, 3, HANDLER, "g", 61, ""])
    assert answer[3] == "g: the uploads together are over HYPERGEN_MAX_UPLOAD_BYTES (100)"
    assert (await refused(ws, [Tag.UPLOAD, 3, HANDLER, "g", 60, ""]))[2] == 0
    await ws.disconnect()


def test_partial_and_unclaimed_uploads_are_discarded_with_the_connection(settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10
    uploads = Uploads()
    bound = frozenset({HANDLER})
    uploads.receive([Tag.UPLOAD, 1, HANDLER, "big", 100, ""], bound, print)
    uploads.receive([Tag.CHUNK, 1, 0, b"x" * 50], bound, print)
    uploads.receive([Tag.UPLOAD, 2, HANDLER, "small", 3, ""], bound, print)
    uploads.receive([Tag.CHUNK, 2, 0, b"abc"], bound, print)
    spooled = uploads._open[1].file.temporary_file_path()  # type: ignore[union-attr]
    assert os.path.exists(spooled) and len(uploads) == 2
    uploads.discard()
    assert not os.path.exists(spooled) and len(uploads) == 0


def test_a_claimed_spooled_file_is_deleted_after_its_event(settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 2
    uploads = Uploads()
    uploads.receive([Tag.UPLOAD, 1, HANDLER, "f", 3, ""], frozenset({HANDLER}), print)
    uploads.receive([Tag.CHUNK, 1, 0, b"abc"], frozenset({HANDLER}), print)
    [[file], plain] = uploads.claim(HANDLER, [{"$upload": [1]}, {"$upload": 1, "other": 2}])
    assert plain == {"$upload": 1, "other": 2}  # only a dict of "$upload" alone is a marker
    assert file.read() == b"abc" and file.name == "f"
    path = file.temporary_file_path()
    uploads.close_claimed()
    assert not os.path.exists(path)


async def test_a_disconnect_mid_upload_leaves_nothing_behind(settings) -> None:
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10
    ws = await page()
    before = set(os.listdir(tempfile.gettempdir()))
    await refused(ws, [Tag.UPLOAD, 1, HANDLER, "half.bin", 100, ""])
    await refused(ws, [Tag.CHUNK, 1, 0, b"x" * 50])
    spooled = {n for n in set(os.listdir(tempfile.gettempdir())) - before if n.endswith(".upload.bin")}
    assert len(spooled) == 1  # Django's TemporaryUploadedFile names it *.upload<ext>
    await ws.disconnect()
    assert spooled & set(os.listdir(tempfile.gettempdir())) == set()


async def test_a_contenteditable_value_reaches_the_handler_as_markup() -> None:
    ws = await page()
    await ws.event(handler_id_of(ws_edited), {"$v": "edit <b>me</b> now"})
    frames = await ws.barrier()
    [frame] = [f for f in frames if type(f[0]) is int]
    assert "edit <b>me</b> now" in frame
    html = lxml.html.fromstring(ws.page_html)
    assert html.get_element_by_id("editor").get("contenteditable") == ""
    await ws.disconnect()
