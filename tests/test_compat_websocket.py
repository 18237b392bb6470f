"""hypergen_vdom/compat/websocket.py: Hypergen's HypergenWebsocketConsumer through Channels'
WebsocketCommunicator — callbacks, group commands, perm=, the logout check, and the bounds."""

from __future__ import annotations

import json
from typing import Any, ClassVar

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth import login
from django.contrib.auth.models import AnonymousUser, Permission, User
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory, override_settings

from hypergen_vdom import NO_PERM_REQUIRED
from hypergen_vdom.compat.websocket import HypergenWebsocketConsumer, ws_url
from hypergen_vdom.perms import MissingPermError

pytestmark = pytest.mark.django_db(transaction=True)


class Echo(HypergenWebsocketConsumer):
    groups: ClassVar[list[str]] = ["compat-test"]

    def receive_hypergen_callback(self, *args: Any) -> None:
        if args and args[0] == "all":
            self.group_send_hypergen_commands("compat-test", [["hypergen.append", "log", repr(args[1:])]])
        else:
            self.channel_send_hypergen_commands([["console.log", repr(list(args)), self.request.method]])


def app(perm: Any = NO_PERM_REQUIRED, user: Any = None, session: Any = None) -> Any:
    inner = Echo.as_asgi(perm=perm)

    async def with_user(scope: dict[str, Any], receive: Any, send: Any) -> Any:
        return await inner({**scope, "user": user or AnonymousUser(), "session": session}, receive, send)

    return with_user


def logged_in(username: str) -> tuple[Any, Any]:
    """A user and a saved session that logs them in (what AuthMiddlewareStack puts in the scope)."""
    user = User.objects.create_user(username, password="pw")
    request = RequestFactory().get("/")
    request.session = SessionStore()
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session.save()
    return user, request.session


async def connect(application: Any) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, "/ws/echo/")
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def test_a_callback_reaches_receive_hypergen_callback_with_coerced_values():
    ws = await connect(app())
    await ws.send_json_to({"args": [{"$v": "7", "as": "int"}, "x", None], "meta": {}})
    assert await ws.receive_json_from() == [["console.log", "[7, 'x', None]", "WS"]]
    await ws.disconnect()


async def test_group_commands_reach_every_connection_of_the_group():
    one, two = await connect(app()), await connect(app())
    await one.send_json_to({"args": ["all", "hi"], "meta": {}})
    expected = [["hypergen.append", "log", "('hi',)"]]
    assert await one.receive_json_from() == expected
    assert await two.receive_json_from() == expected
    await one.disconnect()
    await two.disconnect()


async def test_perm_is_checked_on_every_frame():
    user, session = await sync_to_async(logged_in)("u")
    ws = await connect(app(perm="auth.view_user", user=user, session=session))
    await ws.send_json_to({"args": [1], "meta": {}})
    assert await ws.receive_json_from() == [["console.error", "Permission denied"]]
    await ws.disconnect()

    def grant() -> Any:
        user.user_permissions.add(Permission.objects.get(codename="view_user"))
        return User.objects.get(pk=user.pk)  # a fresh user: permissions are cached per instance

    fresh = await sync_to_async(grant)()
    ws = await connect(app(perm="auth.view_user", user=fresh, session=session))
    await ws.send_json_to({"args": [1], "meta": {}})
    assert await ws.receive_json_from() == [["console.log", "[1]", "WS"]]
    await ws.disconnect()


async def test_a_logged_out_session_can_do_nothing_more():
    user, session = await sync_to_async(logged_in)("v")
    ws = await connect(app(perm="auth.view_user", user=user, session=session))
    await ws.send_json_to({"args": [1], "meta": {}})
    assert await ws.receive_json_from() == [["console.error", "Permission denied"]]  # no perm yet
    ws2 = await connect(app(perm=NO_PERM_REQUIRED, user=user, session=session))
    await ws2.send_json_to({"args": [1], "meta": {}})
    assert (await ws2.receive_json_from())[0][0] == "console.log"
    await sync_to_async(session.flush)()  # the logout
    await ws2.send_json_to({"args": [1], "meta": {}})
    assert await ws2.receive_json_from() == [["console.error", "Permission denied"]]
    await ws.disconnect()
    await ws2.disconnect()


async def test_bad_frames_get_a_clear_error_and_the_connection_stays():
    ws = await connect(app())
    await ws.send_to(text_data="{not json")
    [[path, message]] = await ws.receive_json_from()
    assert path == "console.error" and message.startswith("hypergen: malformed frame: ")
    await ws.send_json_to(["no", "dict"])
    shape = 'hypergen: a frame is {"args": [...], "meta": {...}}'
    assert await ws.receive_json_from() == [["console.error", shape]]
    await ws.send_json_to({"args": [{"$v": "x", "as": "int"}]})
    [[path, message]] = await ws.receive_json_from()
    assert message.startswith("hypergen: bad arguments: argument 1")
    deep: Any = 1
    for _ in range(100):
        deep = [deep]
    await ws.send_json_to({"args": [deep]})
    [[path, message]] = await ws.receive_json_from()
    assert "nest more than" in message
    await ws.send_json_to({"args": ["still here"]})
    assert await ws.receive_json_from() == [["console.log", "['still here']", "WS"]]
    await ws.disconnect()


@override_settings(HYPERGEN_MAX_MESSAGE_BYTES=100)
async def test_a_frame_over_the_size_limit_closes_the_socket_4009():
    ws = await connect(app())
    await ws.send_to(text_data=json.dumps({"args": ["x" * 200]}))
    assert await ws.receive_output() == {"type": "websocket.close", "code": 4009}


@override_settings(HYPERGEN_FRAMES_PER_SECOND=2)
async def test_frames_over_the_rate_are_dropped():
    ws = await connect(app())
    for n in range(10):
        await ws.send_json_to({"args": [n]})
    answers = []
    while not await ws.receive_nothing(timeout=0.2):
        answers.append(await ws.receive_json_from())
    assert answers == [[["console.log", f"[{n}]", "WS"]] for n in range(4)]  # the burst: 2 × rate
    await ws.disconnect()


def test_perm_is_required_as_in_liveview():
    with pytest.raises(MissingPermError, match=r"Echo.as_asgi\(\) needs perm="):
        Echo()


def test_ws_url_follows_the_pages_scheme():
    factory = RequestFactory()
    assert ws_url("/ws/chat/", factory.get("/")) == "ws://testserver/ws/chat/"
    assert ws_url("/ws/chat/", factory.get("/", secure=True)) == "wss://testserver/ws/chat/"
