"""Django in-process for the benchmark: serve a page, open its websocket on the real consumer.

Everything here goes through the project's real code: ``django.test.Client`` renders a page (it
stores the page's server state and signs its token for the GET's session),
``HypergenCommunicator`` talks msgpack to ``HypergenConsumer`` exactly as a browser would (the
session cookie through Channels' ``AuthMiddlewareStack``, hello, events), or a
``HypergenConsumer`` instance is driven directly (``open_consumer``) when the benchmark times its
methods: its scope is built by the same ``AuthMiddlewareStack`` from the GET's cookie, and it
opens the page through its real ``receive_hello``.

The server's abuse limits (frame and resync rates, the hello deadline, unacknowledged output) are
raised while the benchmark measures (``BENCH_LIMITS``, ``bench_limits()``; ``bench/settings.py``
sets them for the daphne the load test runs): the in-process loops send thousands of events on one
connection without acknowledging, which is what the limits exist to stop.
"""

from __future__ import annotations

import atexit
import os
import re
import secrets
import shutil
import statistics
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple

__all__ = [
    "BENCH_LIMITS",
    "HOST",
    "TOKEN",
    "ScenarioFrames",
    "ServedPage",
    "bench_limits",
    "close_consumer",
    "event_frame",
    "get_page",
    "open_consumer",
    "scenario_frames",
    "setup_django",
    "store_key",
    "summary",
]

HOST = "127.0.0.1"
TOKEN = re.compile(r'data-token="([^"]+)"')

# Limits high enough never to act during a measurement (hypergen_vdom/conf.py has the defaults).
BENCH_LIMITS: dict[str, Any] = {
    "HYPERGEN_FRAMES_PER_SECOND": 1_000_000,
    "HYPERGEN_RESYNCS_PER_MINUTE": 1_000_000,
    "HYPERGEN_HELLO_TIMEOUT": 3600.0,  # an overloaded load-test server may read a hello late
    "HYPERGEN_MAX_UNACKED_BYTES": 2**40,
}


def setup_django() -> None:
    """Configure Django with ``bench.settings`` (the sample site's, serving the bench pages too).

    Serving a page saves its session (tokens are bound to it, anonymous users' too), so unless
    Django is configured already (the test suite) the database is a migrated SQLite file: the one
    ``HYPERGEN_SAMPLE_DB`` names, else a temporary one removed at exit."""
    import django
    from django.conf import settings

    if settings.configured:
        django.setup()
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    if not os.environ.get("HYPERGEN_SAMPLE_DB"):
        directory = tempfile.mkdtemp(prefix="hypergen-bench-db-")
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
        os.environ["HYPERGEN_SAMPLE_DB"] = os.path.join(directory, "db.sqlite3")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


@contextmanager
def bench_limits() -> Iterator[None]:
    """``BENCH_LIMITS`` in force (Django's ``override_settings``) for an in-process measurement."""
    from django.test import override_settings

    # The in-process measurements leave this process's collector as Python set it up: the memory
    # section measures its pause as it is (the benchmark's daphnes set theirs up, gcsetup.py).
    with override_settings(**BENCH_LIMITS, HYPERGEN_GC_FREEZE=False, HYPERGEN_GC_THRESHOLD=None):
        yield


class ServedPage(NamedTuple):
    path: str
    html: str
    token: str | None  # the page token (None: the page uses no websocket)
    cookies: str  # the Cookie header a browser sends next: the session the token is bound to


def get_page(path: str, client: Any = None) -> ServedPage:
    """GET ``path`` with Django's test client (a new one, so a new session, unless given)."""
    from django.test import Client

    from hypergen_vdom.testing.communicator import cookie_header

    client = client or Client(HTTP_HOST=HOST)
    response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path}: {response.status_code}")
    html = response.content.decode()
    match = TOKEN.search(html)
    return ServedPage(path, html, match.group(1) if match else None, cookie_header(client))


def store_key(token: str, cookies: str) -> str:
    """Where the page store keeps the state of an anonymous page served with these cookies."""
    from http.cookies import SimpleCookie

    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser

    from hypergen_vdom.tokens import read_token

    morsel = SimpleCookie(cookies).get(settings.SESSION_COOKIE_NAME)
    return read_token(token, morsel.value if morsel else None, AnonymousUser()).key


async def event_frame(page: ServedPage, handler_id: str, args: list[Any]) -> tuple[bytes, bool]:
    """Connect to the page's websocket with its session cookie (``HypergenCommunicator``), say
    hello, send one event (seq 1); the one frame that answers it, and whether the hello was
    answered with nothing (it must be, for a page just served)."""
    from hypergen_vdom.testing.communicator import HypergenCommunicator

    communicator = HypergenCommunicator(page.cookies)
    communicator.token = page.token
    connected, _ = await communicator.connect()
    if not connected:
        raise RuntimeError("websocket refused")
    try:
        await communicator.send_frame(["hello", page.token, 0, page.path, communicator.tab])
        quiet = await communicator.barrier() == []  # every frame the hello caused came before the pong
        await communicator.send_frame([1, handler_id, args])
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
    with bench_limits():
        for name in names:
            event = EVENTS[name]
            ident = event.handler.hypergen.handler_id
            diff, quiet = await event_frame(await sync_to_async(get_page)(event.path), ident, event.args)
            served = await sync_to_async(get_page)(event.classic_path)
            classic, _ = await event_frame(served, ident, event.args)
            decoded = msgpack.unpackb(classic)
            if decoded[0] != "c" or decoded[2][0][0] != "hypergen.morph":
                raise RuntimeError(f"{name}: unexpected classic frame {decoded!r:.200}")
            result[name] = ScenarioFrames(name, diff, classic, decoded[2][0][2], quiet)
    return result


async def _auth_scope(cookies: str) -> dict[str, Any]:
    """A websocket scope as Channels' ``AuthMiddlewareStack`` hands it to the consumer: the
    cookies parsed, ``session`` the cookie's session, ``user`` its user (or ``AnonymousUser``)."""
    from channels.auth import AuthMiddlewareStack

    from hypergen_vdom.conf import setting

    captured: dict[str, Any] = {}

    async def inner(scope: dict[str, Any], receive: Any, send: Any) -> None:
        captured.update(scope)

    async def receive() -> dict[str, Any]:
        raise RuntimeError("not connected")

    async def send(message: dict[str, Any]) -> None:
        raise RuntimeError("not connected")

    path = setting("HYPERGEN_WEBSOCKET_PATH")
    headers = [(b"cookie", cookies.encode())] if cookies else []
    scope = {"type": "websocket", "path": path, "raw_path": path.encode(), "headers": headers}
    await AuthMiddlewareStack(inner)(scope, receive, send)
    return captured


async def open_consumer(page: ServedPage) -> Any:
    """A ``HypergenConsumer`` instance, connected and past its hello (the real ``receive_hello``,
    with the scope ``AuthMiddlewareStack`` builds from the page's session cookie and a tab id of
    its own), on the real channel layer but with no transport: what it sends is kept in
    ``consumer.sent`` (its ``base_send``). Its page is ``consumer._hv_page``."""
    from channels.layers import get_channel_layer

    from hypergen_vdom.websocket import HypergenConsumer

    consumer = HypergenConsumer()
    consumer.scope = await _auth_scope(page.cookies)
    consumer.channel_layer = get_channel_layer()
    consumer.channel_name = await consumer.channel_layer.new_channel()
    consumer.sent = []

    async def base_send(message: dict[str, Any]) -> None:
        consumer.sent.append(message)

    consumer.base_send = base_send
    await consumer.connect()  # the attributes set so far are the consumer's own, not app state
    await consumer.receive_hello(["hello", page.token, 0, page.path, secrets.token_hex(16)])
    if consumer._hv_page is None:
        raise RuntimeError(f"hello refused for {page.path}: {consumer.sent[-2:]!r:.300}")
    return consumer


async def close_consumer(consumer: Any) -> None:
    """Disconnect it as Channels would: it leaves its groups and releases its page's claim."""
    await consumer.disconnect(1000)


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
