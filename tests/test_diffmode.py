"""Diff mode over the page websocket: baseline from the HTTP render, frames, resume, resync."""

from __future__ import annotations

import uuid

import lxml.html
import msgpack
import pytest
from asgiref.sync import sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from hypergen_vdom.routing import websocket_urlpatterns
from hypergen_vdom.store import page_store
from hypergen_vdom.wire import Op, decode_frame

from . import support_views

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.support_root_urls"),
]

application = URLRouter(websocket_urlpatterns)


async def open_page():
    """GET the diff page; its script tag's data-* attributes."""
    response = await sync_to_async(Client().get)("/diff_page/")
    script = lxml.html.fromstring(response.content).get_element_by_id("hypergen-client")
    return dict(script.attrib)


async def connect(token, last_seq=0, path="/diff_page/"):
    communicator = WebsocketCommunicator(application, "/ws/hypergen/")
    communicator.scope["user"] = AnonymousUser()
    assert (await communicator.connect())[0]
    await communicator.send_to(bytes_data=msgpack.packb(["hello", token, last_seq, path]))
    return communicator


async def event(communicator, seq, handler, *args):
    await communicator.send_to(bytes_data=msgpack.packb([seq, handler.hypergen_handler_id, list(args)]))
    return await communicator.receive_from(timeout=3)


async def test_the_page_says_diff_mode_and_the_hydration_counter():
    data = await open_page()
    assert data["data-diff"] == "1"
    assert data["data-target"] == "content"
    # the patcher's bundle, not the morphing one; that one is fetched on demand
    assert data["src"].endswith("hypergen_vdom/hypergen-diff.min.js")
    assert data["data-morph"].endswith("hypergen_vdom/hypergen-morph.min.js")
    # target div 0: input 1, button 2, its text 3, p 4, its text 5 → counter 6
    assert data["data-next-id"] == "6"
    assert page_store().get(data["data-token"]).tree.tag == "div"


async def test_connecting_a_fresh_page_sends_nothing_and_an_event_sends_one_small_frame():
    data = await open_page()
    communicator = await connect(data["data-token"])
    assert await communicator.receive_nothing(timeout=0.2)
    raw = await event(communicator, 1, support_views.diff_increment, {"$v": "1", "as": "int"})
    frame = decode_frame(raw)
    assert frame.seq == 1 and frame.acked_event_seq == 1 and frame.next_id == 6
    assert frame.ops == [(Op.SET_PROP, 1, "value", "2"), (Op.SET_TEXT, 5, "clicked 1 times")]
    assert raw == msgpack.packb([1, 1, 6, Op.SET_PROP, 1, "value", "2", Op.SET_TEXT, 5, "clicked 1 times"])
    await communicator.disconnect()


async def test_commands_follow_the_patch_in_their_own_frame():
    communicator = await connect((await open_page())["data-token"])
    decode_frame(await event(communicator, 1, support_views.diff_increment, {"$v": "9", "as": "int"}))
    assert msgpack.unpackb(await communicator.receive_from(timeout=3)) == ["c", 1, [["console.log", "ten"]]]
    await communicator.disconnect()


async def test_a_handler_that_renders_nothing_still_acknowledges():
    communicator = await connect((await open_page())["data-token"])
    frame = decode_frame(await event(communicator, 4, support_views.diff_nothing))
    assert (frame.acked_event_seq, frame.ops) == (4, [])
    await communicator.disconnect()


async def test_reconnect_resumes_without_payload_or_replaces_when_frames_were_missed():
    token = (await open_page())["data-token"]
    first = await connect(token)
    await event(first, 1, support_views.diff_increment, {"$v": "1", "as": "int"})
    await first.disconnect()
    # applied frame 1: resume where it was, nothing to send; the next event diffs from there
    resumed = await connect(token, last_seq=1)
    assert await resumed.receive_nothing(timeout=0.2)
    frame = decode_frame(await event(resumed, 2, support_views.diff_increment, {"$v": "2", "as": "int"}))
    assert frame.seq == 2 and frame.ops[0] == (Op.SET_PROP, 1, "value", "3")
    await resumed.disconnect()
    # missed frame 2: one REPLACE of the target, ids from 0 again
    behind = await connect(token, last_seq=1)
    frame = decode_frame(await behind.receive_from(timeout=3))
    assert frame.seq == 3 and frame.next_id == 6
    ((op, target, node),) = frame.ops
    assert (op, target) == (Op.REPLACE, 0)
    assert node[0] == "div" and node[2] == ["input", ["id", "dcount", "value", "3", "disabled", True]]
    await behind.disconnect()


async def test_resync_answers_one_replace_of_the_target():
    communicator = await connect((await open_page())["data-token"])
    await communicator.send_to(bytes_data=msgpack.packb(["resync"]))
    frame = decode_frame(await communicator.receive_from(timeout=3))
    assert [op[:2] for op in frame.ops] == [(Op.REPLACE, 0)] and frame.next_id == 6
    await communicator.disconnect()


async def test_unknown_token_renders_once_and_replaces_the_target():
    communicator = await connect(f"unknown-{uuid.uuid4()}")  # the store outlives a test
    frame = decode_frame(await communicator.receive_from(timeout=3))
    ((op, target, node),) = frame.ops
    assert (op, target, node[1]) == (Op.REPLACE, 0, ["id", "content"])
    assert frame.next_id == 6
    # and the page works from there
    frame = decode_frame(await event(communicator, 1, support_views.diff_increment, {"$v": "1", "as": "int"}))
    assert frame.ops[0] == (Op.SET_PROP, 1, "value", "2")
    await communicator.disconnect()
