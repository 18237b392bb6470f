"""``/bench-gc/``: the benchmark server's own full-collection pause (``bench/memory.py``'s
``gc_pause_daphne`` reads it). Only the benchmark's urlconf (``bench.site_urls``) routes it, on a
daphne bound to loopback; the sample site never does."""

from __future__ import annotations

import gc
import time

from django.http import HttpRequest, JsonResponse

from hypergen_vdom.store import MemoryPageStore, page_store

__all__ = ["gc_pause_view"]


def gc_pause_view(request: HttpRequest) -> JsonResponse:
    """``?pack=1`` first packs every page idle for ``HYPERGEN_PACK_AFTER`` (what the next requests
    would do, a few each); ``?freeze=1`` collects, then moves every object left to the collector's
    permanent generation (``gc.freeze()``: what a deployment may do once after start-up);
    ``?unfreeze=1`` moves them back and counts what a collection then frees: cyclic garbage that
    the freeze kept (a leak). Then the median of 3 full collections and the objects tracked."""
    store = page_store()
    if request.GET.get("pack") and isinstance(store, MemoryPageStore):
        store.pack_idle()
    freed_after_unfreeze = None
    if request.GET.get("freeze"):
        gc.collect()
        gc.freeze()
    if request.GET.get("unfreeze"):
        gc.collect()  # the garbage of now, which was never frozen
        gc.unfreeze()
        freed_after_unfreeze = gc.collect()
    gc.collect()
    samples = []
    for _ in range(3):
        start = time.perf_counter()
        gc.collect()
        samples.append((time.perf_counter() - start) * 1000)
    return JsonResponse(
        {
            "full_gc_ms": sorted(samples)[1],
            "frozen_objects": gc.get_freeze_count(),
            "freed_after_unfreeze": freed_after_unfreeze,
            "tracked_objects": len(gc.get_objects()),
            "stored_pages": len(store) if isinstance(store, MemoryPageStore) else None,
            "packed_pages": store.packed_pages if isinstance(store, MemoryPageStore) else None,
        }
    )
