"""``HypergenCommunicator``: a page's websocket in tests, the way a browser opens it.

It GETs the page through a Django test ``Client`` (so middleware, view decorators and ``perm=``
decide, and the page registers its state and signed token), then connects to the websocket with
that client's cookies (its session, hence its user) through Channels' ``AuthMiddlewareStack``,
says hello with the page's token and speaks msgpack frames::

    page = await HypergenCommunicator.open(client, "/counter/")
    frame = await page.call(increment, 1)        # event with the next seq, then its answer
    await page.disconnect()
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import msgpack
from asgiref.sync import sync_to_async
from channels.auth import AuthMiddlewareStack
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from ..conf import setting
from ..spec import handler_id_of
from ..wire import Tag, encode_message

__all__ = ["HypergenCommunicator", "client_script_data"]


class _ClientScript(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and values.get("id") == "hypergen-client":
            self.data = {k[5:]: v or "" for k, v in values.items() if k.startswith("data-")}


def client_script_data(html: str) -> dict[str, str]:
    """The ``data-*`` attributes of the page's client script (``token``, ``ws``, ``diff`` …)."""
    parser = _ClientScript()
    parser.feed(html)
    return parser.data


def _application() -> Any:
    from ..routing import websocket_urlpatterns

    return AuthMiddlewareStack(URLRouter(websocket_urlpatterns))


class HypergenCommunicator(WebsocketCommunicator):  # type: ignore[misc]
    def __init__(self, cookies: str = "", application: Any = None, path: str | None = None) -> None:
        headers = [(b"cookie", cookies.encode())] if cookies else []
        path = path or setting("HYPERGEN_WEBSOCKET_PATH")
        super().__init__(application or _application(), path, headers=headers)
        self.cookies = cookies
        self.token: str | None = None
        self.page_html = ""
        self.seq = 0  # the last event seq sent
        self.tab = secrets.token_hex(8)  # like a browser's page load: the same in every reconnect

    @classmethod
    async def open(
        cls, client: Any, path: str, application: Any = None, hello: bool = True
    ) -> HypergenCommunicator:
        """GET ``path`` with ``client``, connect with its cookies and (by default) say hello."""
        response = await sync_to_async(client.get)(path)
        if response.status_code != 200:
            raise AssertionError(f"GET {path} answered {response.status_code}")
        html = response.content.decode()
        page = cls(cookie_header(client), application)
        page.page_html = html
        page.token = client_script_data(html).get("token")
        connected, _ = await page.connect()
        if not connected:
            raise AssertionError("the websocket refused the connection")
        if hello:
            await page.hello()
        return page

    async def reconnect(self, last_seq: int = 0) -> HypergenCommunicator:
        """A new connection of the same tab (same cookies, token and event seq), hello said."""
        again = type(self)(self.cookies, self.application)
        again.token, again.seq, again.page_html, again.tab = self.token, self.seq, self.page_html, self.tab
        connected, _ = await again.connect()
        if not connected:
            raise AssertionError("the websocket refused the connection")
        await again.send_frame([Tag.HELLO, again.token, last_seq, "/", again.tab])
        return again

    async def send_frame(self, frame: list[Any]) -> None:
        await self.send_to(bytes_data=encode_message(frame))

    async def receive_frame(self, timeout: float = 3) -> Any:
        return msgpack.unpackb(await self.receive_from(timeout=timeout), raw=False)

    async def hello(self, token: str | None = None, last_seq: int = 0, path: str = "/") -> None:
        """Say hello and wait until the server handled it (frames are handled in order)."""
        token = token if token is not None else self.token
        await self.send_frame([Tag.HELLO, token, last_seq, path, self.tab])
        await self.barrier()

    async def barrier(self) -> list[Any]:
        """Ping, and return every frame that arrived before the pong."""
        await self.send_frame([Tag.PING])
        frames = []
        while (frame := await self.receive_frame()) != [Tag.PONG]:
            frames.append(frame)
        return frames

    async def event(self, handler: Callable[..., Any] | str, *args: Any, seq: int | None = None) -> int:
        """Send an event for ``handler`` (a @consumer function or a handler id); its seq."""
        ident = handler if isinstance(handler, str) else handler_id_of(handler)
        self.seq = seq if seq is not None else self.seq + 1
        await self.send_frame([self.seq, ident, list(args)])
        return self.seq

    async def call(self, handler: Callable[..., Any] | str, *args: Any) -> Any:
        """Send an event and return the first frame that answers it."""
        await self.event(handler, *args)
        return await self.receive_frame()


def cookie_header(client: Any) -> str:
    return "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
