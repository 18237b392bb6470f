"""The process's garbage collector, set up once, at the first websocket connection (after
start-up, when the project's modules are imported, before anything is served on a websocket).

Freeze (``HYPERGEN_GC_FREEZE``): a server process starts with hundreds of thousands of long-lived
objects (Django, its apps, the URL resolvers, compiled templates); every full collection walks
them all, ~50 ms on a slow VM, while the event loop — every connection's events — waits.
``gc.collect(); gc.freeze()`` moves them to the collector's permanent generation, which no
collection walks (~0.05 ms then). Collecting first keeps garbage out of it; a start-up object
that becomes cyclic garbage later is never freed, a bounded, one-time cost.

Threshold (``HYPERGEN_GC_THRESHOLD``, ``gc.set_threshold``): Python collects its youngest
generation every 700 net new container objects. A render makes thousands, so a collection runs
in the middle of almost every event and promotes the half-built tree; the older generations fill
up and full collections walk every connection's kept state over and over. Measured on the
benchmark's daphne (``bench/load.py``, 300 clients on the 100-todo page): collections took 43 %
of its CPU (9.6 s of 22.5 s), 5.0 ms of CPU per event; with a youngest threshold of 50 000 they
took ~0, 3.5 ms per event. Reference counting frees everything else at once; only cyclic garbage
waits for a collection, so the threshold bounds it (~50 000 objects, a few MB).
"""

from __future__ import annotations

import gc

from .conf import setting

__all__ = ["GcSetup", "setup_gc"]


class GcSetup:
    """Callable: the first call sets the collector up as the settings say, later calls do
    nothing; whether this call did it."""

    __slots__ = ("done",)

    def __init__(self) -> None:
        self.done = False

    def __call__(self) -> bool:
        if self.done:
            return False
        self.done = True
        threshold = setting("HYPERGEN_GC_THRESHOLD")
        if threshold is not None:
            gc.set_threshold(*threshold)
        if setting("HYPERGEN_GC_FREEZE"):
            gc.collect()
            gc.freeze()
        return True


# The process's one: the consumer calls it on every connect (after the first, one attribute test).
setup_gc = GcSetup()
