"""``group_send``: call a ``@consumer`` function on every connection of a channel group."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.exceptions import ImproperlyConfigured

__all__ = ["GROUPS_DECLARED_BY", "agroup_send", "group_send", "note_groups", "resolve_groups"]

# The decorated functions that declare groups= (the system checks want a channel layer then).
GROUPS_DECLARED_BY: list[str] = []


def note_groups(func: Callable[..., Any]) -> None:
    GROUPS_DECLARED_BY.append(f"{func.__module__}.{func.__qualname__}")


# Channels' own rule for group names; checked here so the error names our call.
_GROUP_NAME = re.compile(r"^[a-zA-Z0-9_\-.]{1,99}$")


def _message(group: str, handler: Callable[..., Any], args: tuple[Any, ...]) -> dict[str, Any]:
    if not _GROUP_NAME.fullmatch(group):  # not match(): "$" also matches before a final newline
        raise ValueError(f"Invalid group name {group!r}: ASCII letters, digits, '-', '_', '.' only")
    ident = getattr(getattr(handler, "hypergen", None), "handler_id", None)
    if ident is None:
        raise TypeError(f"group_send() needs a @consumer function, got {handler!r}")
    return {"type": "hypergen.group", "handler": ident, "args": list(args)}


async def agroup_send(group: str, handler: Callable[..., Any], *args: Any) -> None:
    """``group_send`` for async code."""
    layer = get_channel_layer()
    if layer is None:
        raise ImproperlyConfigured("group_send() needs CHANNEL_LAYERS in settings")
    await layer.group_send(group, _message(group, handler, args))


def group_send(group: str, handler: Callable[..., Any], *args: Any) -> None:
    """From a view, a consumer, a management command or a task: ``handler(consumer, request,
    *args)`` runs on every connection in ``group``, each sending its own update. Arguments
    travel through the channel layer, so keep them to msgpack-able values."""
    async_to_sync(agroup_send)(group, handler, *args)


def resolve_groups(groups: Any, request: Any) -> list[str]:
    """``groups=`` as given (None, a name, a list, or a callable of the request) → names."""
    if groups is None:
        return []
    if callable(groups):
        groups = groups(request)
    if isinstance(groups, str):
        return [groups]
    return [str(g) for g in groups]
