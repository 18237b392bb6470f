"""The Channels consumer behind every page's one websocket (docs/protocol.md §5).

Protocol handlers (hello, event, resync, ping, ack, group message) call the user's ``@consumer``
functions; encoding is an override point (``encode_msgpack``/``decode_msgpack``, like Channels'
``JsonWebsocketConsumer.encode_json``).

What a connection may do is decided by Django's HTTP stack (README "Security model"): it serves
only the page its signed token names (``tokens.py``), for the same session and user, and invokes
only the handlers that page bound. Bad input never kills the connection or its state: it gets an
error frame and a clipped log line. Every resource a client can make it hold is bounded by a
setting (``conf.py``).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import msgpack
from channels.consumer import get_handler_name
from channels.db import aclose_old_connections
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.core.handlers.asgi import ASGIRequest

from .callbacks import is_async
from .clip import clip, clip_text
from .coerce import CoercionError, decode_args
from .conf import setting
from .connlimit import open_connections
from .exceptions import HypergenError
from .gcsetup import setup_gc
from .livepage import LivePage, open_page
from .ratelimit import TokenBucket
from .registry import lookup
from .revocation import session_authenticates, session_group, user_group
from .store import MemoryPageStore, page_store
from .tokens import TokenError, read_token
from .uploads import UploadError, Uploads
from .wire import Close, Tag, encode_message, event_seq
from .workers import in_worker

__all__ = ["BadFrameError", "HypergenConsumer"]

logger = logging.getLogger("hypergen_vdom")


class BadFrameError(HypergenError):
    """A client frame we can't act on; the message goes back to the client."""


class HypergenConsumer(AsyncWebsocketConsumer):  # type: ignore[misc]
    # Attributes of our own; everything else user code sets on the instance is app state.
    _hv_page: LivePage | None

    @classmethod
    def encode_msgpack(cls, content: Any) -> bytes:
        return encode_message(content)

    @classmethod
    def decode_msgpack(cls, data: bytes) -> Any:
        # unpackb bounds every container and string by the frame's own size, so a small frame
        # can't announce a huge array; strict_map_key refuses non-str/bytes map keys.
        return msgpack.unpackb(data, raw=False, strict_map_key=True)

    # Channels' dispatch closes stale database connections before every message, in a thread hop
    # of its own (~0.2 ms of CPU per frame, acks included, on the event loop's critical path).
    # Nothing of ours touches the database on the loop: every call that may (open_page, a sync
    # handler, recheck) runs in ``in_worker``, which closes them before and after, in the thread
    # that uses them; an ``async def`` handler gets the close right before it (``invoke``). The
    # connect and disconnect messages keep Channels' close (a subclass may use the ORM there).
    _HV_NO_DB_CLOSE = frozenset(
        {"websocket.receive", "hypergen.group", "hypergen.deauth", "hypergen.recheck"}
    )

    async def dispatch(self, message: dict[str, Any]) -> None:
        if message.get("type") not in self._HV_NO_DB_CLOSE:
            await super().dispatch(message)
            return
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self) -> None:
        setup_gc()  # once per process, before the first connection is served
        self._hv_page = None
        self._hv_counted: list[tuple[str, str]] = []
        self._hv_joined: set[str] = set()
        self._hv_closing = False
        self._hv_sent = 0  # bytes sent on this socket …
        self._hv_acked = 0  # … and acknowledged by the client (["ack", n])
        per_second = setting("HYPERGEN_FRAMES_PER_SECOND")
        self._hv_frames = TokenBucket(per_second, 2 * per_second)
        self._hv_resyncs = TokenBucket(setting("HYPERGEN_RESYNCS_PER_MINUTE") / 60, 5)
        self._hv_logs = TokenBucket(2, 10)  # log lines: a flood of bad frames can't flood the log
        self._hv_uploads = Uploads()  # files coming over this socket (uploads.py)
        self._hv_hello_timer = asyncio.get_running_loop().call_later(
            setting("HYPERGEN_HELLO_TIMEOUT"), lambda: asyncio.ensure_future(self._no_hello())
        )
        await self.accept()
        self._hv_own = frozenset(vars(self)) | {"_hv_own"}
        limits = self._connection_limits()
        if not open_connections.acquire(limits):
            self._log("too many open connections for this session or address; closed")
            await self.send_frame(
                [Tag.ERROR, 0, "too many open connections: close other tabs of this site"], log=False
            )
            await self._close(Close.TOO_MANY)
            return
        self._hv_counted = [key for key, _cap in limits]

    def _connection_limits(self) -> list[tuple[tuple[str, str], int | None]]:
        """The keys this connection counts under, with their caps (README "Settings")."""
        limits: list[tuple[tuple[str, str], int | None]] = []
        session_key = getattr(self.scope.get("session"), "session_key", None)
        if session_key:
            limits.append((("session", session_key), setting("HYPERGEN_MAX_CONNECTIONS_PER_SESSION")))
        client = self.scope.get("client")
        if client:
            limits.append((("address", str(client[0])), setting("HYPERGEN_MAX_CONNECTIONS_PER_ADDRESS")))
        return limits

    @property
    def request(self) -> ASGIRequest | None:
        """The page's request (None before the hello)."""
        return self._hv_page.request if self._hv_page is not None else None

    async def disconnect(self, code: int) -> None:
        self._hv_closing = True
        self._hv_hello_timer.cancel()
        open_connections.release(self._hv_counted)
        self._hv_counted = []
        try:
            if code in (Close.TOO_BIG, 1011):
                self._log(f"closed with code {code}")
            for group in self._hv_joined:
                await self.channel_layer.group_discard(group, self.channel_name)
        finally:
            self._hv_uploads.discard()
            if self._hv_page is not None:
                await in_worker(self._hv_page.release)

    async def _no_hello(self) -> None:
        if self._hv_page is None and not self._hv_closing:
            self._log("no hello in time; closed")
            await self._close(Close.NO_HELLO)

    async def _close(self, code: int) -> None:
        if not self._hv_closing:
            self._hv_closing = True
            # int(): the server's websocket library refuses an IntEnum member as a close code.
            await self.close(code=int(code))

    # --- frames in ------------------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        frame: Any = None
        try:
            if self._hv_closing:
                return
            if bytes_data is None:
                raise BadFrameError("hypergen_vdom speaks binary msgpack frames only")
            limit = setting("HYPERGEN_MAX_MESSAGE_BYTES")
            if len(bytes_data) > limit:
                self._log(f"frame of {len(bytes_data)} bytes over HYPERGEN_MAX_MESSAGE_BYTES ({limit})")
                seq = event_seq(bytes_data)
                if seq:  # an event (a huge paste, say): refused visibly, the connection stays
                    message = f"event of {len(bytes_data)} bytes is over the limit"
                    await self.send_frame([Tag.ERROR, seq, message])
                else:
                    await self._close(Close.TOO_BIG)
                return
            frame = self._decode(bytes_data)
            if not self._hv_frames.allow():
                if type(frame[0]) is int:  # an event is always answered, so the client's pending clears
                    await self.send_frame([Tag.ERROR, frame[0], "too many frames: slow down"], log=False)
                self._log("frame rate over HYPERGEN_FRAMES_PER_SECOND; frame dropped")
                return
            await self._dispatch(frame)
        except BadFrameError as error:
            seq = frame[0] if isinstance(frame, list) and frame and type(frame[0]) is int else 0
            await self.send_frame([Tag.ERROR, seq, str(error)])
        except Exception:  # never let one frame crash the connection (Channels would close 1011
            # and skip disconnect(), leaving the socket in its groups)
            if self._hv_logs.allow():  # a traceback per frame, rate-limited like every log line
                logger.exception("hypergen websocket: internal error on a frame")
            await self.send_frame([Tag.ERROR, 0, "internal error"], log=False)

    def _decode(self, data: bytes) -> list[Any]:
        try:
            frame = self.decode_msgpack(data)
        except Exception as error:  # msgpack raises several unrelated types for garbage
            raise BadFrameError(f"malformed frame: {clip_text(str(error))}") from None
        if not isinstance(frame, list) or not frame:
            raise BadFrameError("a frame must be a non-empty msgpack array")
        return frame

    async def _dispatch(self, frame: list[Any]) -> None:
        head = frame[0]
        if type(head) is int:
            await self.receive_event(frame)
        elif head == Tag.HELLO:
            await self.receive_hello(frame)
        elif head == Tag.PING:
            await self.send_frame([Tag.PONG])
        elif head == Tag.ACK:
            if len(frame) == 2 and type(frame[1]) is int:
                self._hv_acked = max(self._hv_acked, min(frame[1], self._hv_sent))
        elif head == Tag.RESYNC:
            await self.receive_resync()
        elif head == Tag.UPLOAD or head == Tag.CHUNK:
            page = self._hv_page
            bound = page.state.handlers if page is not None else None
            await self.send_frame(self._hv_uploads.receive(frame, bound, self._log))
        else:
            raise BadFrameError(f"unknown frame type {clip(head)}")

    async def receive_hello(self, frame: list[Any]) -> None:
        """``["hello", token, last_applied_server_seq, page_path]``: which page this is."""
        if self._hv_page is not None:
            raise BadFrameError("hello was already said on this connection")
        if not self._hv_resyncs.allow():
            raise BadFrameError("too many hellos and resyncs: slow down")
        self._hv_hello_timer.cancel()
        last_seq = frame[2] if len(frame) > 2 and type(frame[2]) is int else -1
        session = self.scope.get("session")
        try:
            token = frame[1] if len(frame) > 1 else None
            claims = read_token(token, getattr(session, "session_key", None), self.scope.get("user"))
        except TokenError as error:
            await self.send_frame([Tag.ERROR, 0, f"{error}: reload the page"])
            await self._close(Close.RELOAD)
            return
        # The tab's own id (the same in every hello of one page load) owns the page's claim, so a
        # reconnect of this tab takes its state over even while a half-open old connection lingers;
        # a duplicated tab (a new page load) gets a fork. Without one, the connection is the tab.
        tab = frame[4] if len(frame) > 4 and isinstance(frame[4], str) and 8 <= len(frame[4]) <= 64 else None
        owner = f"tab:{tab}" if tab else self.channel_name
        opened = await in_worker(
            open_page, claims, self.scope, owner, self.channel_name, last_seq, self._hv_own
        )
        if opened is None:  # the page no longer exists for this user: let HTTP decide
            await self.send_frame([Tag.ERROR, 0, "this page can't be served any more: reload the page"])
            await self._close(Close.RELOAD)
            return
        page, frames = opened
        self._hv_page = page
        for name, value in page.restored_attributes().items():
            setattr(self, name, value)
        groups = [*page.state.groups, session_group(claims.session) if claims.session else None]
        groups.append(user_group(claims.user) if claims.user is not None else None)
        await self.join_groups([g for g in groups if g])
        for data in frames:
            await self.send_bytes(data)

    async def join_groups(self, groups: list[str]) -> None:
        if groups and self.channel_layer is None:
            logger.error("hypergen: groups %s need CHANNEL_LAYERS configured", clip(groups))
            return
        for group in groups:
            if group not in self._hv_joined:
                await self.channel_layer.group_add(group, self.channel_name)
                self._hv_joined.add(group)

    async def receive_resync(self) -> None:
        """The client's DOM drifted from the tree: send the whole target again."""
        page = self._hv_page
        if page is None or page.state.session is None:
            raise BadFrameError("resync needs a diff-mode page (after hello)")
        if not self._hv_resyncs.allow():
            raise BadFrameError("too many hellos and resyncs: slow down")
        self._log("resync")
        await self.send_bytes(await in_worker(page.resync))

    # --- events ----------------------------------------------------------------------------

    async def receive_event(self, frame: list[Any]) -> None:
        page = self._hv_page
        if page is None:
            raise BadFrameError("say hello first: no page is open on this connection")
        if len(frame) != 3 or frame[0] <= 0:
            raise BadFrameError("an event frame is [seq > 0, handler_id, args]")
        seq, ident, raw_args = frame
        if seq <= page.state.last_event_seq:  # re-sent after a reconnect: applied already
            for data in page.answer_again(seq):
                await self.send_bytes(data)
            return
        if not isinstance(ident, str) or ident not in page.state.handlers:
            raise BadFrameError(f"handler {clip(ident)} is not bound on this page")
        handler = lookup(ident)
        if handler is None:
            raise BadFrameError(f"unknown handler {clip(ident)}")
        try:
            args = self._hv_uploads.claim(ident, decode_args(raw_args))
        except (CoercionError, UploadError) as error:
            raise BadFrameError(f"{handler.__name__}: {error}") from None
        try:
            await self.invoke(handler, seq, args)
        finally:  # the files it got are closed (temporary ones deleted), as after a request
            self._hv_uploads.close_claimed()

    async def hypergen_group(self, message: dict[str, Any]) -> None:
        """A ``group_send`` reached this connection: run the handler for this page (server code
        chose it, so it needs no binding; its permission is still checked)."""
        handler = lookup(message.get("handler"))
        if handler is None:
            logger.error("hypergen group message for unknown handler %s", clip(message.get("handler")))
            return
        if self._hv_page is not None and not self._hv_closing:
            await self.invoke(handler, 0, list(message.get("args", [])))

    async def invoke(self, handler: Any, seq: int, args: list[Any]) -> None:
        page = self._hv_page
        assert page is not None
        if not is_async(handler.hypergen.options):
            # In one worker-thread hop: the run and, around it, the store's in-flight mark (a
            # reconnect of this tab meanwhile waits for the event instead of running it again).
            # A shared store's marks are network round trips: in their own hops they cost two
            # more thread switches per event.
            frames, problem = await in_worker(page.run_event, handler, self, args, seq, settings.DEBUG)
        else:
            await aclose_old_connections()  # what Channels' dispatch did (see ``dispatch``)
            store = page_store()
            if seq:
                await self._store_call(store.begin_event, page.claims.key, seq)
            try:  # async def: on this loop, no thread hop
                frames, problem = await page.arun(handler, self, args, seq, settings.DEBUG, in_worker)
            finally:
                if seq:
                    await self._store_call(store.end_event, page.claims.key)
        if problem:
            self._log(problem)
        for data in frames:
            await self.send_bytes(data)
        if page.superseded:  # a leftover whose tab reconnected: it would only keep running handlers
            self._log("a newer connection of this tab took the page over; closed")
            await self._close(Close.SUPERSEDED)

    async def _store_call(self, method: Any, *args: Any) -> Any:
        # The in-process store answers at once; a shared one (Redis) is a network round trip.
        if isinstance(page_store(), MemoryPageStore):
            return method(*args)
        return await in_worker(method, *args)

    # --- revocation (revocation.py) --------------------------------------------------------

    async def hypergen_deauth(self, message: dict[str, Any]) -> None:
        await self._close(Close.DEAUTHORISED)

    async def hypergen_recheck(self, message: dict[str, Any]) -> None:
        page = self._hv_page
        if page is None:
            return
        session_key = getattr(self.scope.get("session"), "session_key", None)
        if not await in_worker(session_authenticates, session_key, page.claims.user):
            await self._close(Close.DEAUTHORISED)

    # --- frames out ------------------------------------------------------------------------

    async def send_frame(self, content: list[Any], log: bool = True) -> None:
        if log and content[0] == Tag.ERROR:
            self._log(content[2])
        await self.send_bytes(self.encode_msgpack(content))

    async def send_bytes(self, data: bytes) -> None:
        """Every frame goes out here: a client that stops reading is closed, not buffered for."""
        if self._hv_closing:
            return
        if self._hv_sent - self._hv_acked > setting("HYPERGEN_MAX_UNACKED_BYTES"):
            self._log("client is not reading (HYPERGEN_MAX_UNACKED_BYTES); closed")
            await self._close(Close.NOT_READING)
            return
        self._hv_sent += len(data)
        await self.send(bytes_data=data)

    def _log(self, message: str) -> None:
        if self._hv_logs.allow():
            page = self._hv_page
            where = clip_text(page.claims.path, 100) if page is not None else "(no page yet)"
            logger.warning("hypergen websocket %s: %s", where, clip_text(message))
