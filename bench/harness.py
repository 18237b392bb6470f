"""Django in-process for the benchmark: serve a page, open its websocket on the real consumer.

Everything here goes through the project's real code: ``django.test.Client`` renders a page (and
stores its server state under the page token), ``channels.testing.WebsocketCommunicator`` talks
msgpack to ``HypergenConsumer`` exactly as a browser would, or a ``HypergenConsumer`` instance is
driven directly (``open_consumer``) when the benchmark times its methods.
"""

from __future__ import annotations

import os
import re
import statistics
from collections.abc import Sequence
from typing import Any, NamedTuple

__all__ = [
    "HOST",
    "TOKEN",
    "ScenarioFrames",
    "event_frame",
    "get_page",
    "open_consumer",
    "scenario_frames",
    "setup_django",
    "summary",
]

HOST = "127.0.0.1"
TOKEN = re.compile(r'data-token="([^"]+)"')


def setup_django() -> None:
    """Configure Django with ``bench.settings`` (the sample site's, serving the bench pages too)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def get_page(path: str) -> tuple[str, str | None]:
    """GET ``path`` with Django's test client; the HTML and its page token (None: no websocket)."""
    from django.test import Client

    response = Client(HTTP_HOST=HOST).get(path)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path}: {response.status_code}")
    html = response.content.decode()
    match = TOKEN.search(html)
    return html, match.group(1) if match else None


def _application() -> Any:
    from channels.routing import URLRouter

    from hypergen_vdom.routing import websocket_urlpatterns

    return URLRouter(websocket_urlpatterns)


async def event_frame(path: str, handler_id: str, args: list[Any], token: str | None) -> tuple[bytes, bool]:
    """Connect to the page's websocket, say hello, send one event (seq 1); the one frame that
    answers it, and whether connecting sent nothing (it must, for a page just served)."""
    import msgpack
    from channels.testing import WebsocketCommunicator
    from django.contrib.auth.models import AnonymousUser

    communicator = WebsocketCommunicator(_application(), "/ws/hypergen/")
    communicator.scope["user"] = AnonymousUser()
    connected, _ = await communicator.connect()
    if not connected:
        raise RuntimeError("websocket refused")
    try:
        await communicator.send_to(bytes_data=msgpack.packb(["hello", token, 0, path]))
        quiet = await communicator.receive_nothing(timeout=0.05)
        await communicator.send_to(bytes_data=msgpack.packb([1, handler_id, args]))
        frame: bytes = await communicator.receive_from(timeout=10)
        return frame, quiet
    finally:
        await communicator.disconnect()


class ScenarioFrames(NamedTuple):
    name: str
    diff: bytes  # the diff-mode frame answering the event
    classic: bytes  # the classic frame (["c", seq, [["hypergen.morph", target, html]]])
    html: str  # the target's new HTML, as the classic frame carries it
    quiet: bool  # connecting the fresh diff page sent nothing


async def scenario_frames(names: Sequence[str]) -> dict[str, ScenarioFrames]:
    """Each scenario's event on a fresh diff page and on a fresh classic page, through the consumer."""
    import msgpack
    from asgiref.sync import sync_to_async

    from .pages import EVENTS

    result = {}
    for name in names:
        event = EVENTS[name]
        ident = event.handler.hypergen_handler_id
        _, token = await sync_to_async(get_page)(event.path)
        diff, quiet = await event_frame(event.path, ident, event.args, token)
        _, classic_token = await sync_to_async(get_page)(event.classic_path)
        classic, _ = await event_frame(event.classic_path, ident, event.args, classic_token)
        decoded = msgpack.unpackb(classic)
        if decoded[0] != "c" or decoded[2][0][0] != "hypergen.morph":
            raise RuntimeError(f"{name}: unexpected classic frame {decoded!r:.200}")
        result[name] = ScenarioFrames(name, diff, classic, decoded[2][0][2], quiet)
    return result


async def open_consumer(path: str, token: str | None) -> Any:
    """A ``HypergenConsumer`` instance, connected and past its hello, with no transport: what
    it sends is kept in ``consumer.sent`` (its ``base_send``)."""
    from django.contrib.auth.models import AnonymousUser

    from hypergen_vdom.websocket import HypergenConsumer

    consumer = HypergenConsumer()
    consumer.scope = {"type": "websocket", "path": "/ws/hypergen/", "headers": [], "user": AnonymousUser()}
    consumer.channel_layer = None
    consumer.sent = []

    async def base_send(message: dict[str, Any]) -> None:
        consumer.sent.append(message)

    consumer.base_send = base_send
    await consumer.connect()
    await consumer.receive_hello(["hello", token, 0, path])
    return consumer


def summary(samples: Sequence[float]) -> dict[str, float]:
    """Median, p10, p90, min and count of ``samples``."""
    ordered = sorted(samples)
    if not ordered:
        return {"n": 0}

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]

    return {
        "n": len(ordered),
        "median": statistics.median(ordered),
        "p10": pct(0.10),
        "p90": pct(0.90),
        "min": ordered[0],
    }
