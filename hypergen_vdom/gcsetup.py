"""Once per process, before the first websocket is served: collect, then freeze what is left.

A server process starts with hundreds of thousands of long-lived objects (Django, its apps, the
URL resolvers, compiled templates): every full collection walks them all, ~50 ms on a slow VM,
while the event loop — every connection's events — waits. ``gc.freeze()`` moves them to the
collector's permanent generation, which no collection walks (~0.05 ms then). Collecting first
keeps garbage out of it; a start-up object that becomes cyclic garbage later is never freed, a
bounded, one-time cost. Done at the first websocket connection (after start-up, when the
process's modules are imported), in the consumer layer, so no project has to wire it up;
``HYPERGEN_GC_FREEZE = False`` turns it off (a project that freezes itself, e.g. gunicorn's
``preload_app`` with ``gc.freeze()`` before forking).
"""

from __future__ import annotations

import gc

from .conf import setting

__all__ = ["FreezeOnce", "freeze_after_startup"]


class FreezeOnce:
    """Callable: collects and freezes the first time it is called with ``HYPERGEN_GC_FREEZE`` on,
    never again; whether this call froze."""

    __slots__ = ("done",)

    def __init__(self) -> None:
        self.done = False

    def __call__(self) -> bool:
        if self.done or not setting("HYPERGEN_GC_FREEZE"):
            return False
        self.done = True
        gc.collect()
        gc.freeze()
        return True


# The process's one: the consumer calls it on every connect (after the first, one attribute test).
freeze_after_startup = FreezeOnce()
