"""The Channels consumer behind every page's one websocket (docs/protocol.md §5).

Protocol handlers (hello, event, ping, group message) call the user's ``@consumer`` functions;
encoding is an override point (``encode_msgpack``/``decode_msgpack``, like Channels'
``JsonWebsocketConsumer.encode_json``). Bad input never kills the connection or its state: it
gets an error frame and a log line.
"""

from __future__ import annotations

import io
import logging
from dataclasses import replace
from typing import Any

import msgpack
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.core.handlers.asgi import ASGIRequest

from .action import result_commands
from .callbacks import CallbackResult, PermissionDeniedError, run_callback
from .coerce import CoercionError, decode_args
from .conf import setting
from .diffmode import DiffSession
from .pagestate import recover_page, user_key
from .registry import lookup
from .signature import BadArgumentsError
from .store import PageState, page_store

__all__ = ["HypergenConsumer", "build_request"]

logger = logging.getLogger("hypergen_vdom")


def build_request(scope: dict[str, Any], path: str) -> ASGIRequest:
    """A Django request for the page at ``path``, with the websocket's user, session and headers."""
    page_path, _, query = path.partition("?")
    http_scope = {**scope, "type": "http", "method": "GET", "path": page_path, "query_string": query.encode()}
    http_scope.setdefault("root_path", "")
    request = ASGIRequest(http_scope, io.BytesIO())
    if "user" in scope:
        request.user = scope["user"]
    if "session" in scope:
        request.session = scope["session"]
    return request


class FrameError(ValueError):
    """A client frame we can't act on; the message goes back to the client."""


class HypergenConsumer(AsyncWebsocketConsumer):  # type: ignore[misc]
    page: PageState | None
    request: ASGIRequest | None

    @classmethod
    def encode_msgpack(cls, content: Any) -> bytes:
        return msgpack.packb(content, use_bin_type=True)  # type: ignore[no-any-return]

    @classmethod
    def decode_msgpack(cls, data: bytes) -> Any:
        # unpackb bounds every container and string by the frame's own size, so a small frame
        # can't announce a huge array; strict_map_key refuses non-str/bytes map keys.
        return msgpack.unpackb(data, raw=False, strict_map_key=True)

    async def connect(self) -> None:
        self.page = None
        self.page_token: str | None = None
        self.request = None
        self.diff: DiffSession | None = None
        self.joined_groups: set[str] = set()
        await self.accept()

    async def disconnect(self, code: int) -> None:
        for group in self.joined_groups:
            await self.channel_layer.group_discard(group, self.channel_name)
        if self.diff is not None and self.page_token is not None and not page_store().shares_objects:
            # A shared store (Redis) gets the tree the browser shows, so a reconnect to any process
            # resumes without a payload; the in-process store already holds this very object.
            await database_sync_to_async(page_store().put)(self.page_token, self.page)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        frame: list[Any] = []
        try:
            frame = self._decode(text_data, bytes_data)
            head = frame[0]
            if type(head) is int:
                await self.receive_event(frame)
            elif head == "hello":
                await self.receive_hello(frame)
            elif head == "ping":
                await self.send_frame(["pong"])
            elif head == "resync":
                await self.receive_resync()
            else:
                raise FrameError(f"unknown frame type {head!r}")
        except FrameError as error:
            seq = frame[0] if frame and type(frame[0]) is int else 0  # the event the error answers
            await self.send_error(seq, str(error))

    def _decode(self, text_data: str | None, bytes_data: bytes | None) -> list[Any]:
        if bytes_data is None:
            raise FrameError("hypergen_vdom speaks binary msgpack frames only")
        limit = setting("HYPERGEN_MAX_MESSAGE_BYTES")
        if len(bytes_data) > limit:
            raise FrameError(f"frame of {len(bytes_data)} bytes is over the limit of {limit}")
        try:
            frame = self.decode_msgpack(bytes_data)
        except Exception as error:  # msgpack raises several unrelated types for garbage
            raise FrameError(f"malformed frame: {error}") from None
        if not isinstance(frame, list) or not frame:
            raise FrameError("a frame must be a non-empty msgpack array")
        return frame

    async def send_frame(self, content: Any) -> None:
        await self.send(bytes_data=self.encode_msgpack(content))

    async def send_error(self, seq: int, message: str) -> None:
        logger.warning("hypergen websocket %s: %s", self.scope.get("path"), message)
        await self.send_frame(["e", seq, message])

    # --- hello: which page this connection serves ------------------------------------------

    async def receive_hello(self, frame: list[Any]) -> None:
        """``["hello", token, last_applied_server_seq, page_path]``: which page this is.

        Diff mode: a client that applied the page's last frame resumes with no payload; any other
        gets one REPLACE of the target (it missed frames, or the server rebuilt the page)."""
        token = frame[1] if len(frame) > 1 and isinstance(frame[1], str) else None
        last_seq = frame[2] if len(frame) > 2 and type(frame[2]) is int else -1
        path = frame[3] if len(frame) > 3 and isinstance(frame[3], str) else None
        self.page_token = token
        self.page, rebuilt = await database_sync_to_async(self._find_page)(token, path)
        if self.page is None:
            return
        await self.join_groups(self.page.groups)
        if self.page.diff and self.page.tree is not None:
            self.diff = DiffSession(self.page.tree, self.page.next_id, self.page.seq)
            if rebuilt or last_seq != self.page.seq:
                await self.send_diff_frame(self.diff.replace_all())

    def _find_page(self, token: str | None, path: str | None) -> tuple[PageState | None, bool]:
        """The page's stored state, or else its state rebuilt from its path; and whether rebuilt."""
        page = page_store().get(token) if token is not None else None
        if page is not None and page.user_key != user_key(self.scope.get("user")):
            logger.warning("hypergen: page token used by another user; ignored")
            page = None
        if page is not None:
            self.request = build_request(self.scope, page.path)
            return page, False
        self.request = build_request(self.scope, path or "/")
        if path is None:
            return None, False
        page = recover_page(self.request)
        if page is not None and token is not None:
            page_store().put(token, page)  # the next reconnect of this page finds it again
        return page, page is not None

    async def join_groups(self, groups: list[str]) -> None:
        if groups and self.channel_layer is None:
            logger.error("hypergen: groups %s need CHANNEL_LAYERS configured", groups)
            return
        for group in groups:
            if group not in self.joined_groups:
                await self.channel_layer.group_add(group, self.channel_name)
                self.joined_groups.add(group)

    async def receive_resync(self) -> None:
        """The client's DOM drifted from the tree: send the whole target again."""
        if self.diff is None:
            raise FrameError("resync needs a diff-mode page")
        logger.warning("hypergen: resync of %s", self.page.path if self.page else "?")
        await self.send_diff_frame(await database_sync_to_async(self.diff.replace_all)())

    # --- events ----------------------------------------------------------------------------

    async def receive_event(self, frame: list[Any]) -> None:
        if len(frame) != 3:
            raise FrameError("an event frame is [seq, handler_id, args]")
        seq, ident, raw_args = frame
        handler = lookup(ident)
        if handler is None:
            raise FrameError(f"unknown handler {ident!r}")
        try:
            args = decode_args(raw_args)
        except CoercionError as error:
            raise FrameError(f"{handler.__name__}: {error}") from None
        await self.invoke(handler, seq, args)

    async def hypergen_group(self, message: dict[str, Any]) -> None:
        """A ``group_send`` reached this connection: run the handler for this page."""
        handler = lookup(message.get("handler"))
        if handler is None:
            logger.error("hypergen group message for unknown handler %r", message.get("handler"))
            return
        await self.invoke(handler, 0, list(message.get("args", [])), quiet_denial=True)

    async def invoke(self, handler: Any, seq: int, args: list[Any], quiet_denial: bool = False) -> None:
        try:
            result, frame = await database_sync_to_async(self._run)(handler, args, seq)
        except PermissionDeniedError as error:
            if quiet_denial:  # a broadcast simply skips connections that may not see it
                return
            await self.send_error(seq, str(error))
            return
        except BadArgumentsError as error:
            await self.send_error(seq, str(error))
            return
        except Exception as error:
            logger.exception("hypergen consumer %s failed", handler.hypergen_qualified_name)
            detail = f": {error!r}" if settings.DEBUG else ""
            await self.send_frame(["e", seq, f"error in {handler.__name__}{detail}"])
            return
        if frame is not None:
            await self.send_diff_frame(frame)
            if result.commands or result.redirect is not None:
                await self.send_frame(["c", seq, result_commands(replace(result, content=None))])
        else:
            await self.send_frame(["c", seq, result_commands(result)])

    def _run(self, handler: Any, args: list[Any], seq: int) -> tuple[CallbackResult, bytes | None]:
        """Run user code, and in diff mode render + diff + encode too: all off the event loop."""
        if self.request is None:  # an event before hello: serve it with the websocket's own path
            self.request = build_request(self.scope, self.scope.get("path", "/"))
        result = run_callback(handler.hypergen, self.request, (self, self.request), args)
        if self.diff is None or (result.content is not None and result.target_id != self.page_target()):
            return result, None  # classic page, or a consumer rendering into another element
        frame = self.diff.update(result.content if result.redirect is None else None, seq)
        if self.page is not None:
            page = self.page
            page.tree, page.next_id, page.seq = self.diff.tree, self.diff.next_id, self.diff.seq
        return result, frame

    def page_target(self) -> str | None:
        return self.page.target_id if self.page is not None else None

    async def send_diff_frame(self, frame: bytes) -> None:
        await self.send(bytes_data=frame)
