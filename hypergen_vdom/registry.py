"""Websocket handler ids: the only names a client can invoke.

An id is a short hash of the function's module and qualified name: the same in every process
(several servers behind Redis agree without coordination) and short, because every binding in
every page carries it. Collisions are detected when the second function registers.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from typing import Any

from .exceptions import HypergenError

__all__ = ["HandlerIdCollisionError", "handler_id", "lookup", "register"]

_handlers: dict[str, tuple[str, Any]] = {}  # id → (qualified name, function)


class HandlerIdCollisionError(HypergenError, RuntimeError):
    """Two consumer functions hash to the same id; rename one or pass ``name=``."""


def handler_id(qualified_name: str) -> str:
    digest = hashlib.blake2b(qualified_name.encode(), digest_size=6).digest()
    return base64.urlsafe_b64encode(digest).decode()[:6]


def register(qualified_name: str, handler: Any) -> str:
    """Register ``handler`` under the id of ``qualified_name``; re-registering the same name
    (a module reloaded by the autoreloader or a test) replaces it."""
    ident = handler_id(qualified_name)
    existing = _handlers.get(ident)
    if existing is not None and existing[0] != qualified_name:
        raise HandlerIdCollisionError(f"{qualified_name} and {existing[0]} share handler id {ident!r}")
    _handlers[ident] = (qualified_name, handler)
    return ident


def lookup(ident: Any) -> Callable[..., Any] | None:
    entry = _handlers.get(ident) if isinstance(ident, str) else None
    return entry[1] if entry is not None else None
