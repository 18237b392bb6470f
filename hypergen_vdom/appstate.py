"""The consumer's app state: the attributes user code set on the consumer instance.

Hypergen keeps app state on the consumer (``consumer.todos = [...]``); it must outlive the
connection, or a reconnect shows the old page over fresh state (it showed 20, the next +1 showed
1). It is kept pickled with the page's state: pickling gives every connection its own copy (a
forked tab never shares a list with the original) and is what a shared store (Redis) needs anyway.
"""

from __future__ import annotations

import logging
import pickle
from typing import Any

from .clip import clip_text

__all__ = ["dump_app_state", "load_app_state", "user_attributes"]

logger = logging.getLogger("hypergen_vdom")


def user_attributes(instance: Any, own: frozenset[str]) -> dict[str, Any]:
    """The attributes of ``instance`` that are not among its own ``own`` ones."""
    return {name: value for name, value in vars(instance).items() if name not in own}


def dump_app_state(
    state: dict[str, Any], limit: int, where: str, warn: bool = True
) -> tuple[bytes | None, bool]:
    """``state`` pickled, and whether all of it was kept. An attribute that can't be pickled (a
    socket, a lock, a generator) or state over ``limit`` bytes is left out with a warning naming
    it; the page then starts afresh after a reconnect instead of showing stale content."""
    if not state:
        return None, True
    try:
        data = pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        kept: dict[str, Any] = {}
        for name, value in state.items():
            try:
                pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception as error:
                if warn:
                    logger.warning(
                        "hypergen %s: consumer attribute %r can't be kept across reconnects (%s)",
                        where, name, clip_text(f"{type(error).__name__}: {error}"),
                    )
            else:
                kept[name] = value
        data = pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL)
        return (data if len(data) <= limit else None), False
    if len(data) > limit:
        if warn:
            logger.warning(
                "hypergen %s: consumer app state of %d bytes is over HYPERGEN_MAX_APP_STATE_BYTES (%d);"
                " not kept across reconnects", where, len(data), limit,
            )
        return None, False
    return data, True


def load_app_state(data: bytes | None) -> dict[str, Any]:
    """The attributes to set on a new consumer; only ever our own pickles from the page store."""
    if not data:
        return {}
    state: dict[str, Any] = pickle.loads(data)  # written by dump_app_state, server-side only
    return state
