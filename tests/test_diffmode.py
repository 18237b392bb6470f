"""Diff mode over the page websocket: baseline from the HTTP render, frames, resume, resync.

Every page is opened as a browser opens it (``HypergenCommunicator``): a GET through Django, then
the websocket with that client's session cookie and a hello naming the page's signed token.
"""

from __future__ import annotations

import lxml.html
import msgpack
import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import include, path

from hypergen_vdom import NO_PERM_REQUIRED, liveview
from hypergen_vdom.store import page_store
from hypergen_vdom.testing.communicator import HypergenCommunicator, client_script_data
from hypergen_vdom.tokens import read_token
from hypergen_vdom.wire import Close, Op, decode_frame

from . import support_views

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.support_root_urls"),
]


# The diff page, also declaring ``diff_nothing``: a websocket may only invoke handlers its page
# bound, and no page of support_views binds that one.
@liveview(
    perm=NO_PERM_REQUIRED,
    base_template=support_views.base_template,
    diff=True,
    consumers=[support_views.diff_nothing],
)
def diff_page_with_nothing(request):
    support_views.diff_counter_template(1)


urlpatterns = [
    path("diff_page_with_nothing/", diff_page_with_nothing),
    path("", include("tests.support_urls")),
]


async def open_page(client=None, path="/diff_page/"):
    """The diff page, GET and websocket connected, hello said (its answer not read)."""
    page = await HypergenCommunicator.open(client or Client(), path, hello=False)
    await page.send_frame(["hello", page.token, 0, path, page.tab])
    return page


def store_key(page, client):
    """Where the page store keeps the page's state: the key inside its token."""
    return read_token(page.token, client.cookies["sessionid"].value, AnonymousUser()).key


async def event(page, seq, handler, *args):
    """Send event ``seq``; the raw bytes of the frame that answers it."""
    await page.event(handler, *args, seq=seq)
    return await page.receive_from(timeout=3)


async def test_the_page_says_diff_mode_and_the_hydration_counter():
    client = Client()
    page = await HypergenCommunicator.open(client, "/diff_page/", hello=False)
    data = dict(lxml.html.fromstring(page.page_html).get_element_by_id("hypergen-client").attrib)
    assert data["data-diff"] == "1"
    assert data["data-target"] == "content"
    # the patcher's bundle, not the morphing one; that one is fetched on demand
    assert data["src"].endswith("hypergen_vdom/hypergen-diff.min.js")
    assert data["data-morph"].endswith("hypergen_vdom/hypergen-morph.min.js")
    # target div 0: input 1, button 2, its text 3, p 4, its text 5 → counter 6
    assert data["data-next-id"] == "6"
    assert page_store().get(store_key(page, client)).session.tree.tag == "div"
    await page.disconnect()


async def test_connecting_a_fresh_page_sends_nothing_and_an_event_sends_one_small_frame():
    page = await open_page()
    assert await page.barrier() == []
    raw = await event(page, 1, support_views.diff_increment, {"$v": "1", "as": "int"})
    frame = decode_frame(raw)
    assert frame.seq == 1 and frame.acked_event_seq == 1 and frame.next_id == 6
    assert frame.ops == [(Op.SET_PROP, 1, "value", "2"), (Op.SET_TEXT, 5, "clicked 1 times")]
    assert raw == msgpack.packb([1, 1, 6, Op.SET_PROP, 1, "value", "2", Op.SET_TEXT, 5, "clicked 1 times"])
    await page.disconnect()


async def test_commands_follow_the_patch_in_their_own_frame():
    page = await open_page()
    decode_frame(await event(page, 1, support_views.diff_increment, {"$v": "9", "as": "int"}))
    assert await page.receive_frame() == ["c", 1, [["console.log", "ten"]]]
    await page.disconnect()


@pytest.mark.urls(__name__)
async def test_a_handler_that_renders_nothing_still_acknowledges():
    page = await open_page(path="/diff_page_with_nothing/")
    frame = decode_frame(await event(page, 4, support_views.diff_nothing))
    assert (frame.acked_event_seq, frame.ops) == (4, [])
    await page.disconnect()


async def test_reconnect_resumes_without_payload_or_replaces_when_frames_were_missed():
    first = await open_page()
    await event(first, 1, support_views.diff_increment, {"$v": "1", "as": "int"})
    await first.disconnect()
    # applied frame 1: resume where it was, nothing to send; the next event diffs from there
    resumed = await first.reconnect(last_seq=1)
    assert await resumed.barrier() == []
    frame = decode_frame(await event(resumed, 2, support_views.diff_increment, {"$v": "2", "as": "int"}))
    assert frame.seq == 2 and frame.ops[0] == (Op.SET_PROP, 1, "value", "3")
    await resumed.disconnect()
    # missed frame 2: one REPLACE of the target, ids from 0 again
    behind = await resumed.reconnect(last_seq=1)
    frame = decode_frame(await behind.receive_from(timeout=3))
    assert frame.seq == 3 and frame.next_id == 6
    ((op, target, node),) = frame.ops
    assert (op, target) == (Op.REPLACE, 0)
    assert node[0] == "div" and node[2] == ["input", ["id", "dcount", "value", "3", "disabled", True]]
    await behind.disconnect()


async def test_resync_answers_one_replace_of_the_target():
    page = await open_page()
    await page.send_frame(["resync"])
    frame = decode_frame(await page.receive_from(timeout=3))
    assert [op[:2] for op in frame.ops] == [(Op.REPLACE, 0)] and frame.next_id == 6
    await page.disconnect()


async def test_an_unknown_or_forged_token_is_refused_with_4001():
    response = await sync_to_async(Client().get)("/diff_page/")
    signed = client_script_data(response.content.decode())["token"]
    forged = signed[:-1] + ("A" if signed[-1] != "A" else "B")  # the signature no longer matches
    for token in ("unknown-token", forged):
        page = await HypergenCommunicator.open(Client(), "/diff_page/", hello=False)
        await page.send_frame(["hello", token, 0, "/diff_page/", page.tab])
        frame = await page.receive_frame()
        assert frame[0] == "e" and "page token invalid" in frame[2], frame
        assert await page.receive_output(timeout=3) == {"type": "websocket.close", "code": Close.RELOAD}


async def test_a_valid_token_whose_state_was_discarded_renders_once_and_replaces_the_target():
    client = Client()
    page = await HypergenCommunicator.open(client, "/diff_page/", hello=False)
    page_store().discard(store_key(page, client))  # a restart of the in-process store, an eviction
    await page.send_frame(["hello", page.token, 0, "/diff_page/", page.tab])
    frame = decode_frame(await page.receive_from(timeout=3))
    ((op, target, node),) = frame.ops
    assert (op, target, node[1]) == (Op.REPLACE, 0, ["id", "content"])
    assert frame.next_id == 6
    # the client fires hypergen:reset: the page's scripts start afresh too
    assert await page.receive_frame() == ["c", 0, [["hypergen.reset"]]]
    assert await page.barrier() == []
    # and the page works from there
    frame = decode_frame(await event(page, 1, support_views.diff_increment, {"$v": "1", "as": "int"}))
    assert frame.ops[0] == (Op.SET_PROP, 1, "value", "2")
    await page.disconnect()
