"""``/compat/chat/``: a chat on Hypergen's own websocket API (``HypergenWebsocketConsumer``,
``ws_url``, ``hypergen.websocket.open``), beside the page websocket. Every tab on the page gets
every message; ``/compat/chat/`` opens the socket with a command queued at render time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from html import escape
from typing import Any, ClassVar

from django.urls import URLPattern, path

from hypergen_vdom import (
    NO_PERM_REQUIRED,
    body,
    button,
    call_js,
    command,
    div,
    doctype,
    head,
    html,
    input_,
    meta,
    title,
    ul,
)
from hypergen_vdom.compat.client import compat_liveview
from hypergen_vdom.compat.websocket import HypergenWebsocketConsumer, ws_url

GROUP = "compat_chat"
CHAT_WS = "/ws/compat/chat/"
MAX_MESSAGE = 500


@contextmanager
def chat_template() -> Iterator[None]:
    doctype()
    with html(lang="en"):
        with head():
            meta(charset="utf-8")
            title("compat chat")
        with body(), div(id="content"):
            yield


chat_template.target_id = "content"  # type: ignore[attr-defined]


@compat_liveview(perm=NO_PERM_REQUIRED, base_template=chat_template, path="compat/chat/")
def compat_chat(request: Any) -> None:
    url = ws_url(CHAT_WS, request)
    command("hypergen.websocket.open", url)
    ul(id="messages")
    message = input_(id="message", placeholder="message")
    button("Send", id="send", onclick=call_js("hypergen.callback", url, [message]))


class ChatConsumer(HypergenWebsocketConsumer):
    groups: ClassVar[list[str] | None] = [GROUP]

    def receive_hypergen_callback(self, text: Any = None, *rest: Any) -> None:
        text = str(text or "").strip()[:MAX_MESSAGE]
        if text:
            item = f"<li>{escape(text)}</li>"
            self.group_send_hypergen_commands(GROUP, [["hypergen.append", "messages", item]])


websocket_urlpatterns: list[URLPattern] = [
    path(CHAT_WS.lstrip("/"), ChatConsumer.as_asgi(perm=NO_PERM_REQUIRED)),
]
