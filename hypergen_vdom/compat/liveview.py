"""``hypergen.liveview``: callbacks, commands, ``THIS``/``EVENT``, ``dumps``/``loads``, and the
``@liveview``/``@action`` decorators (see ``callbacks.py``, ``decorators.py``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from django.urls import Resolver404, resolve

from .callbacks import THIS, call_js, callback, command
from .context import context
from .decorators import NO_PERM_REQUIRED, action, liveview, page_match
from .elements import COERCE, JS_COERCE_FUNCS, JS_VALUE_FUNCS
from .plugins import ActionPlugin, LiveviewPlugin
from .serialization import EVENT, dumps, loads

__all__ = [
    "EVENT",
    "NO_PERM_REQUIRED",
    "THIS",
    "action",
    "call_js",
    "callback",
    "command",
    "dumps",
    "liveview",
    "loads",
]

# Importable from here, as in Hypergen (not star-exported there either).
_ALSO = (COERCE, JS_COERCE_FUNCS, JS_VALUE_FUNCS, ActionPlugin, LiveviewPlugin)


def url_is_active(url: str) -> bool:
    """Whether ``url`` routes to the view of the page being rendered."""
    request = context.get("request")
    match = page_match(request) if request is not None else None
    if match is None:
        return False
    try:
        return resolve(urlparse(str(url)).path).func is match.func
    except Resolver404:
        return False


def liveview_resolver_match(for_action: bool = False) -> Any:
    request = context.request
    return page_match(request) if for_action else request.resolver_match
