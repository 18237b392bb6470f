"""The page websocket over Channels' WebsocketCommunicator: events, state, errors, groups."""

from __future__ import annotations

import lxml.html
import msgpack
import pytest
from asgiref.sync import sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from hypergen_vdom.groups import agroup_send
from hypergen_vdom.routing import websocket_urlpatterns
from hypergen_vdom.store import PageState, new_token, page_store

from . import support_views

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.support_root_urls"),
]

application = URLRouter(websocket_urlpatterns)


async def connect(token=None, user=None):
    communicator = WebsocketCommunicator(application, "/ws/hypergen/")
    communicator.scope["user"] = user or AnonymousUser()
    connected, _ = await communicator.connect()
    assert connected
    if token is not None:
        await send(communicator, ["hello", token, 0])
        # frames are handled in order: the pong means the hello (and its group joins) is done
        await send(communicator, ["ping"])
        assert await receive(communicator) == ["pong"]
    return communicator


async def send(communicator, frame):
    await communicator.send_to(bytes_data=msgpack.packb(frame))


async def receive(communicator):
    return msgpack.unpackb(await communicator.receive_from(timeout=3))


async def call(communicator, seq, handler, *args):
    await send(communicator, [seq, handler.hypergen_handler_id, list(args)])
    return await receive(communicator)


async def test_invoking_a_handler_morphs_its_target():
    communicator = await connect()
    assert await call(communicator, 1, support_views.add_item, "a") == [
        "c", 1, [["hypergen.morph", "content", "<p>a</p>"]]
    ]
    await communicator.disconnect()


async def test_state_on_the_consumer_lasts_and_is_shared_by_handlers():
    communicator = await connect()
    await call(communicator, 1, support_views.add_item, "a")
    assert (await call(communicator, 2, support_views.add_item, "b"))[2][0][2] == "<p>a, b</p>"
    assert (await call(communicator, 3, support_views.clear_items))[2][0][2] == "<p>cleared</p>"
    assert (await call(communicator, 4, support_views.add_item, "c"))[2][0][2] == "<p>c</p>"
    other = await connect()  # another connection has its own state
    assert (await call(other, 1, support_views.add_item, "z"))[2][0][2] == "<p>z</p>"
    await communicator.disconnect()
    await other.disconnect()


async def test_request_is_the_pages_request():
    token = new_token()
    page_store().put(token, PageState(path="/page/?q=hello", user_key=None))
    communicator = await connect(token)
    assert (await call(communicator, 1, support_views.where_am_i))[2][0][2] == "<p>/page/ hello</p>"
    await communicator.disconnect()


async def test_ping_pong():
    communicator = await connect()
    await send(communicator, ["ping"])
    assert await receive(communicator) == ["pong"]
    await communicator.disconnect()


async def test_permission_is_checked_on_every_invocation():
    communicator = await connect()
    assert await call(communicator, 5, support_views.secret_handler) == [
        "e", 5, "Permission denied for secret_handler"
    ]
    await communicator.disconnect()


BAD_FRAMES = [
    (b"\xc1\xff garbage", "malformed frame"),
    (msgpack.packb({"a": 1}), "non-empty msgpack array"),
    (msgpack.packb([]), "non-empty msgpack array"),
    (msgpack.packb(["bogus"]), "unknown frame type 'bogus'"),
    (msgpack.packb([3, "nope!!", []]), "unknown handler 'nope!!'"),
    (msgpack.packb([3, support_views.add_item.hypergen_handler_id]), "[seq, handler_id, args]"),
    (msgpack.packb([3, support_views.add_item.hypergen_handler_id, []]), "add_item() got 0 argument"),
    (msgpack.packb([3, support_views.add_item.hypergen_handler_id, [1]]), "'item' must be str, got int"),
    (msgpack.packb([3, support_views.add_item.hypergen_handler_id, "x"]), "arguments must be a list"),
    (
        msgpack.packb([3, support_views.add_item.hypergen_handler_id, [{"$v": "x", "as": "int"}]]),
        "'x' is not a valid int",
    ),
    (msgpack.packb([3, support_views.failing.hypergen_handler_id, []]), "error in failing"),
]


@pytest.mark.parametrize(("data", "message"), BAD_FRAMES)
async def test_bad_input_gets_an_error_frame_and_the_connection_stays_usable(data, message, caplog):
    communicator = await connect()
    await call(communicator, 1, support_views.add_item, "kept")
    await communicator.send_to(bytes_data=data)
    kind, _seq, text = await receive(communicator)
    assert kind == "e" and message in text
    assert message.split("'")[0] in caplog.text or "failing" in caplog.text
    # the connection and the state on the consumer survived
    assert (await call(communicator, 2, support_views.add_item, "more"))[2][0][2] == "<p>kept, more</p>"
    await communicator.disconnect()


async def test_text_frames_and_oversized_frames_are_refused(settings):
    settings.HYPERGEN_MAX_MESSAGE_BYTES = 100
    communicator = await connect()
    await communicator.send_to(text_data="[1]")
    assert (await receive(communicator))[2] == "hypergen_vdom speaks binary msgpack frames only"
    await send(communicator, [1, support_views.add_item.hypergen_handler_id, ["x" * 200]])
    assert "over the limit of 100" in (await receive(communicator))[2]
    assert (await call(communicator, 2, support_views.add_item, "ok"))[0] == "c"
    await communicator.disconnect()


async def test_page_token_joins_the_pages_groups_and_group_send_reaches_every_connection():
    response = await sync_to_async(Client().get)("/room_page/")
    token = lxml.html.fromstring(response.content).get_element_by_id("hypergen-client").get("data-token")
    assert page_store().get(token).groups == ["lobby", "room"]
    first, second = await connect(token), await connect(token)
    outsider = await connect()
    await agroup_send("room", support_views.announce, "hello all")
    for communicator in (first, second):
        assert await receive(communicator) == ["c", 0, [["hypergen.morph", "content", "<p>hello all</p>"]]]
    assert await outsider.receive_nothing(timeout=0.2)
    for communicator in (first, second, outsider):
        await communicator.disconnect()


async def test_a_token_of_another_user_is_not_honoured():
    token = new_token()
    page_store().put(token, PageState(path="/room_page/", user_key=42, groups=["room"]))
    communicator = await connect(token)
    await agroup_send("room", support_views.announce, "private")
    assert await communicator.receive_nothing(timeout=0.2)
    await communicator.disconnect()


async def test_unknown_token_recovers_the_page_from_its_path():
    communicator = WebsocketCommunicator(application, "/ws/hypergen/")
    communicator.scope["user"] = AnonymousUser()
    await communicator.connect()
    await send(communicator, ["hello", "expired-token", 0, "/room_page/?q=1"])
    await send(communicator, ["ping"])
    assert await receive(communicator) == ["pong"]
    await agroup_send("room", support_views.announce, "back again")
    assert (await receive(communicator))[2][0][2] == "<p>back again</p>"
    assert page_store().get("expired-token").path == "/room_page/?q=1"
    await communicator.disconnect()


async def test_unknown_token_for_a_path_that_is_no_liveview_joins_nothing():
    communicator = WebsocketCommunicator(application, "/ws/hypergen/")
    communicator.scope["user"] = AnonymousUser()
    await communicator.connect()
    await send(communicator, ["hello", "other-token", 0, "/no/such/page/"])
    assert (await call(communicator, 1, support_views.where_am_i))[2][0][2] == "<p>/no/such/page/ </p>"
    await communicator.disconnect()
