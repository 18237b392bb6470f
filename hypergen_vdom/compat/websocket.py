"""Hypergen 1.5.6's own websocket API, beside our page websocket (the ``@consumer`` model).

``HypergenWebsocketConsumer`` is a Channels ``JsonWebsocketConsumer``: the page opens it with the
command ``hypergen.websocket.open(ws_url("/ws/chat/"))`` and sends to it with
``callback(ws_url(...), *args)`` (``{"args": [...], "meta": {}}``, element values read on the
client); the subclass implements ``receive_hypergen_callback(*args)`` and answers with Hypergen
commands (``channel_send_hypergen_commands``, ``group_send_hypergen_commands``), which the client
runs through its command allowlist (``js/src/compat/commands.js``).

Bounded like our own consumer, with the same settings: a text frame over
``HYPERGEN_MAX_MESSAGE_BYTES`` is refused and the socket closed (4009), frames beyond
``HYPERGEN_FRAMES_PER_SECOND`` are dropped, and a log line per refusal is rate-limited. Every frame
is checked against ``perm`` (``as_asgi(perm=...)``) for the connection's user, and the session must
still log that user in (a logout ends what the socket may do, as it ends our page sockets).
"""

from __future__ import annotations

import io
import json
import logging
from typing import Any, ClassVar

from asgiref.sync import async_to_sync
from channels.generic.websocket import JsonWebsocketConsumer
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest

from ..clip import clip_text
from ..coerce import CoercionError, decode_args
from ..conf import setting
from ..perms import has_perms, normalize_perms
from ..ratelimit import TokenBucket
from ..revocation import session_authenticates
from ..tokens import user_key
from ..wire import Close

__all__ = ["HypergenWebsocketConsumer", "group_send", "ws_url"]

logger = logging.getLogger("hypergen_vdom")


class HypergenWebsocketConsumer(JsonWebsocketConsumer):  # type: ignore[misc]
    """Subclass it and implement ``receive_hypergen_callback``; route it with
    ``MyConsumer.as_asgi(perm=...)`` (``perm`` as in ``@liveview``: required)."""

    groups: ClassVar[list[str] | None] = None

    def __init__(self, *args: Any, perm: Any = None, any_perm: bool = False, **kwargs: Any) -> None:
        self.perms = normalize_perms(perm, f"{type(self).__name__}.as_asgi()")
        self.any_perm = any_perm
        super().__init__(*args, **kwargs)

    def connect(self) -> None:
        per_second = setting("HYPERGEN_FRAMES_PER_SECOND")
        self._hv_frames = TokenBucket(per_second, 2 * per_second)
        self._hv_logs = TokenBucket(2, 10)
        self._hv_user = user_key(self.scope.get("user"))
        super().connect()

    def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        data = text_data if text_data is not None else bytes_data
        limit = setting("HYPERGEN_MAX_MESSAGE_BYTES")
        if data is None or len(data) > limit:
            self._log(f"frame of {len(data or '')} bytes over HYPERGEN_MAX_MESSAGE_BYTES ({limit}); closed")
            self.close(code=int(Close.TOO_BIG))
            return
        if not self._hv_frames.allow():
            self._log("frame rate over HYPERGEN_FRAMES_PER_SECOND; frame dropped")
            return
        try:
            content = self.decode_json(data)
        except ValueError as error:
            self._refuse(f"malformed frame: {clip_text(str(error))}")
            return
        self.receive_json(content)

    def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not self.allowed():
            self.send_permission_denied()
            return
        if not (isinstance(content, dict) and "args" in content):
            self._refuse('a frame is {"args": [...], "meta": {...}}')
            return
        try:
            args = decode_args(content["args"])
        except (CoercionError, RecursionError) as error:
            self._refuse(f"bad arguments: {clip_text(str(error))}")
            return
        self.receive_hypergen_callback(*args)

    def allowed(self) -> bool:
        """``perm`` for the connection's user, whose session still logs them in."""
        session = self.scope.get("session")
        if not session_authenticates(getattr(session, "session_key", None), self._hv_user):
            return False
        return has_perms(self.scope.get("user"), self.perms, self.any_perm)

    def receive_hypergen_callback(self, *args: Any) -> None:
        raise NotImplementedError(f"{type(self).__name__} must implement receive_hypergen_callback(*args)")

    def get_request(self) -> HttpRequest:
        """A Django request built from the websocket's scope (user, session, path, GET)."""
        request = ASGIRequest({**self.scope, "method": "WS"}, io.BytesIO())
        request.user = self.scope.get("user")
        return request

    @property
    def request(self) -> HttpRequest:
        return self.get_request()

    def send_permission_denied(self) -> None:
        self.channel_send_hypergen_commands([["console.error", "Permission denied"]])

    def _refuse(self, message: str) -> None:
        self._log(message)
        self.channel_send_hypergen_commands([["console.error", f"hypergen: {message}"]])

    def _log(self, message: str) -> None:
        if self._hv_logs.allow():
            path = clip_text(self.scope.get("path", ""))
            logger.warning("hypergen websocket %s: %s", path, clip_text(message))

    # --- sending ------------------------------------------------------------------------------

    def channel_send(self, event: dict[str, Any]) -> None:
        async_to_sync(self.channel_layer.send)(self.channel_name, event)

    def group_send(self, group_name: str, event: dict[str, Any]) -> None:
        async_to_sync(self.channel_layer.group_send)(group_name, event)

    def group_send_hypergen_commands(self, group_name: str, commands: list[Any]) -> None:
        """Every connection in ``group_name`` runs ``commands`` (they must be JSON)."""
        self.group_send(group_name, {"type": "hypergen.send_hypergen_commands", "commands": _json(commands)})

    def channel_send_hypergen_commands(self, commands: list[Any]) -> None:
        self.channel_send({"type": "hypergen.send_hypergen_commands", "commands": _json(commands)})

    def hypergen_send_hypergen_commands(self, event: dict[str, Any]) -> None:
        self.send_json(event["commands"])

    # Hypergen's spelling of the handler (its message type "hypergen__send_hypergen_commands")
    hypergen__send_hypergen_commands = hypergen_send_hypergen_commands


def _json(commands: list[Any]) -> Any:
    # checked (and copied) now: a value JSON can't carry fails in the sender, not in every receiver
    return json.loads(json.dumps(commands))


def ws_url(url: str, request: HttpRequest) -> str:
    """The absolute ``ws://`` / ``wss://`` URL of ``url`` for the page served to ``request``
    (``wss`` when the page came over HTTPS). Hypergen reads the request from its global context;
    here it is passed."""
    absolute = request.build_absolute_uri(url)
    return "wss://" + absolute[8:] if absolute.startswith("https://") else "ws://" + absolute[7:]


def group_send(group_name: str, event: dict[str, Any]) -> None:
    """Send a Channels event to a group from anywhere (a view, a task)."""
    from channels.layers import get_channel_layer

    async_to_sync(get_channel_layer().group_send)(group_name, event)
