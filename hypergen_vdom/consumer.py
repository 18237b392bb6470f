"""``@consumer``: a callback invoked over the page's websocket.

``func(consumer, request, *args)``: the Channels consumer instance of the page's one connection
(state set on it lasts for the connection and is shared by every handler of the page), a Django
``ASGIRequest`` for the page, then the callback's arguments. The decorated function stays a plain
function; decorating registers it under a handler id, the only way a client can reach it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar, cast

from .callbacks import CallbackOptions
from .groups import note_groups
from .registry import register
from .spec import ConsumerFunction, HypergenSpec
from .tree import current_state

__all__ = ["consumer"]

P = ParamSpec("P")
R = TypeVar("R")


def consumer(
    perm: Any = None,
    any_perm: bool = False,
    base_template: Callable[..., Any] | None = None,
    target_id: str | None = None,
    base_view: Any = None,
    groups: Any = None,
    **extra: Any,
) -> Callable[[Callable[P, R]], ConsumerFunction[P, R]]:
    """Same keyword arguments as ``@action``, plus ``groups=``: channel groups (a list, or a
    callable of the request returning one) that a page binding this consumer joins."""

    def decorate(func: Callable[P, R]) -> ConsumerFunction[P, R]:
        options = CallbackOptions.build(
            func, "consumer", perm, any_perm, base_template, target_id, base_view, groups=groups, **extra
        )
        if groups is not None:
            note_groups(func)
        qualified_name = f"{func.__module__}.{func.__qualname__}"
        ident = register(qualified_name, func)

        def callback_target() -> str:
            # Rendering a binding to a consumer is what tells the page to open its websocket.
            state = current_state()
            if state is not None:
                state.consumers[ident] = options
            return ident

        decorated = cast(ConsumerFunction[P, R], func)
        decorated.hypergen = HypergenSpec("consumer", qualified_name, options, None, ident, callback_target)
        return decorated

    return decorate

