"""The client side of Hypergen compatibility: the compat bundle on a page, and ``when`` filters.

A page rendered for Hypergen code loads ``hypergen-compat.min.js`` after the client (both
deferred, so in that order). It listens for the rest of the DOM events Hypergen templates bind
(``onmousedown``, ``onkeypress``, ``onscroll``…: ``EXTRA_EVENTS``), adds Hypergen's client
commands and JS API (``hypergen.visible``, ``setClientState``, ``intervalSet``, ``ready``…), partial
loading with history (``hypergen_vdom.partial``) and Hypergen's websockets
(``hypergen.websocket.open/close``). Sources: ``js/src/compat/``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from django.templatetags.static import static

from ..bindings import THIS, Binding, NotCallableError, _ensure_id, callback
from ..liveview import liveview
from ..partial import base_key
from ..spec import spec_of
from ..tree import Element, RenderState, current_state, find_element

__all__ = [
    "COMPAT_SCRIPT",
    "EXTRA_EVENTS",
    "UploadBinding",
    "add_compat_script",
    "compat_liveview",
    "compat_when",
    "upload_callback",
]

COMPAT_SCRIPT = "hypergen_vdom/hypergen-compat.min.js"

# What the compat bundle listens for beyond the client's own types (js/src/compat/events.js; a
# test checks the two agree).
EXTRA_EVENTS = (
    "mousedown", "mouseup", "mouseover", "mouseout", "mousemove", "keypress", "contextmenu",
    "auxclick", "wheel", "pointerdown", "pointerup", "pointerover", "pointerout", "pointermove",
    "touchstart", "touchend", "touchmove", "dragstart", "drag", "dragend", "dragenter", "dragleave",
    "dragover", "drop", "copy", "cut", "paste", "select", "reset", "scroll", "load", "error",
    "play", "pause", "ended", "toggle",
)


def add_compat_script(state: RenderState, request: Any, spec: Any) -> None:
    """End ``<body>`` with the compat bundle's ``<script>``, after the client's. ``data-partial``
    is the page's base key (partial loading; absent: every link is a full load). Commands the
    page queued (``command("hypergen.websocket.open", …)``) go before it as JSON data, which the
    bundle runs at load, as Hypergen does (a ``type="application/json"`` script is data: CSP
    allows it)."""
    root = state.root
    body = find_element(root, lambda e: e.tag == "body")
    parent = body if body is not None else root
    if state.commands:
        # "<" as \u003c: the text can't end the script element or open a comment
        text = json.dumps(state.commands, separators=(",", ":")).replace("<", "\\u003c")
        data: dict[str, str | bool] = {"type": "application/json", "id": "hypergen-commands"}
        parent.children.append(Element("script", data, [text]))
    attrs: dict[str, str | bool] = {"src": static(COMPAT_SCRIPT), "defer": True, "id": "hypergen-compat"}
    key = base_key(spec)
    if key is not None:
        attrs["data-partial"] = key
    parent.children.append(Element("script", attrs))


def compat_liveview(*args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Any]:
    """``@liveview`` whose page loads the compat bundle (the compat package's ``@liveview``)."""
    scripts = (*kwargs.pop("page_scripts", ()), add_compat_script)
    return functools.partial(liveview, page_scripts=scripts)(*args, **kwargs)


def compat_when(when: Any) -> list[Any]:
    """A Hypergen ``when=[js_path, *args]`` as our binding option: Hypergen calls
    ``f(*args, event)``, our client ``f(event, *args)``; ``hypergen.compat.when`` (compat bundle)
    turns one into the other."""
    items = [when] if isinstance(when, str) else list(when) if isinstance(when, (list, tuple)) else []
    if not items or not isinstance(items[0], str):
        raise TypeError(f"when= takes [js_path, *args], got {when!r}")
    return ["hypergen.compat.when", *items]


class UploadBinding(Binding):
    """``callback(func, *args, upload_files=True)``: the files of every file input among the args
    (``THIS`` too) go up with the event, with progress. To an ``@action`` (``url`` its path) the
    compat bundle's ``hypergen.compat.upload`` posts them as multipart and the action finds them in
    ``request.FILES`` under each input's id; to a ``@consumer`` (``url`` its handler id)
    ``hypergen.compat.wsupload`` sends them over the page's websocket in chunks (uploads.py) and
    the handler gets a list of ``UploadedFile`` where each input was passed."""

    __slots__ = ("url",)

    def __init__(self, url: str, args: tuple[Any, ...], options: dict[str, Any]) -> None:
        over_http = url.startswith("/")
        super().__init__("js:hypergen.compat." + ("upload" if over_http else "wsupload"), args, options)
        self.url = url

    def render(self, element: Element) -> str:
        return self.encode(element)  # file inputs get ids now: never cached

    def encode(self, element: Element) -> str:
        file_ids = [_file_input_id(element, arg) for arg in self.args]
        if self.url.startswith("/"):
            files = [file_id for file_id in file_ids if file_id is not None]
            return Binding(self.target, (self.url, list(self.args), files), self.options).encode(element)
        # Over the websocket each file input is a marker the client swaps for its upload ids.
        pairs = zip(self.args, file_ids, strict=True)
        args = [arg if file_id is None else {"$upload": file_id} for arg, file_id in pairs]
        return Binding(self.target, (self.url, args), self.options).encode(element)


def _file_input_id(element: Element, arg: Any) -> str | None:
    """The id of ``arg`` when it is a file input (``THIS``: the bound element), else None."""
    target = element if arg is THIS else arg
    if not (isinstance(target, Element) and target.tag == "input" and target.attrs.get("type") == "file"):
        return None
    return _bound_id(target) if target is element else _ensure_id(target)


def _bound_id(element: Element) -> str:
    """The id of the element whose binding is being rendered (THIS). In place: the element
    function writes the rendered binding into this same attribute dict next."""
    if element.id is not None:
        return element.id
    state = current_state()
    if state is None:
        raise ValueError("upload_files=True on a file input without an id: give it one with id_=")
    element_id = state.auto_id()
    state.register_id(element_id)
    element.attrs["id"] = element_id
    return element_id


def upload_callback(func: Callable[..., Any], *args: Any, **options: Any) -> Binding:
    """An ``@action`` or ``@consumer`` callback that uploads the files of the file inputs among
    ``args`` (over HTTP, or over the page's websocket); the other options as ``callback()``'s."""
    spec = spec_of(func)
    if spec is None or spec.kind not in ("action", "consumer"):
        raise NotCallableError(f"upload_files=True needs an @action or a @consumer, got {func!r}")
    binding = callback(func, *args, **options)
    return UploadBinding(binding.target, args, binding.options)
