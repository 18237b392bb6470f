"""``@consumer``: a callback invoked over the page's websocket.

``func(consumer, request, *args)``: the Channels consumer instance of the page's one connection
(state set on it lasts for the connection and is shared by every handler of the page), a Django
``ASGIRequest`` for the page, then the callback's arguments. The decorated function stays a plain
function; decorating registers it under a handler id, the only way a client can reach it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .callbacks import CallbackOptions
from .groups import note_groups
from .registry import register
from .tree import current_state

__all__ = ["consumer"]


def consumer(
    perm: Any = None,
    any_perm: bool = False,
    base_template: Callable[..., Any] | None = None,
    target_id: str | None = None,
    base_view: Any = None,
    groups: Any = None,
    **extra: Any,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Same keyword arguments as ``@action``, plus ``groups=``: channel groups (a list, or a
    callable of the request returning one) that a page binding this consumer joins."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        options = CallbackOptions.build(
            func, "consumer", perm, any_perm, base_template, target_id, base_view, groups=groups, **extra
        )
        func.hypergen = options  # type: ignore[attr-defined]
        if groups is not None:
            note_groups(func)
        func.hypergen_qualified_name = f"{func.__module__}.{func.__qualname__}"  # type: ignore[attr-defined]
        ident = register(func.hypergen_qualified_name, func)  # type: ignore[attr-defined]
        func.hypergen_handler_id = ident  # type: ignore[attr-defined]

        def callback_target() -> str:
            # Rendering a binding to a consumer is what tells the page to open its websocket.
            state = current_state()
            if state is not None:
                state.consumers[ident] = options
            return ident

        func.hypergen_callback_target = callback_target  # type: ignore[attr-defined]
        return func

    return decorate

