"""Memory kept per connection, measured with ``tracemalloc`` in-process.

For each scenario, ``k`` pages are served, each in a session of its own (each stores its server
state under the store key of its signed token: in diff mode the numbered tree of the target; the
benchmark keeps only each token and session cookie), then ``k`` ``HypergenConsumer`` instances
connect to them (a scope with the cookie's session and user, as ``AuthMiddlewareStack`` builds
it; hello: each gets its own copy of its page's state, a ``DiffSession`` on its tree, and joins
its session's channel group), then each takes the scenario's event (state B replaces state A,
the handler keeps its per-connection data, and the page's snapshot — that data pickled, the
answer kept for a re-sent event — is saved to the store). After each step, ``gc.collect()`` and
the bytes tracemalloc still sees allocated, minus the bytes before, divided by ``k``. Python
objects only: the socket, daphne's protocol objects, the session rows in SQLite and the
allocator's slack are not in it (the RSS of a daphne holding 1 000 connections is measured in
``rss.py``).

Kept trees also cost time: Python's cyclic garbage collector walks every tracked object on a full
collection. ``gc_pause`` times a full ``gc.collect()`` with 1 000 todo pages stored, and before
serving them (the stored pages are kept packed: ``hypergen_vdom/packing.py``).
"""

from __future__ import annotations

import asyncio
import gc
import time
import tracemalloc
from collections.abc import Sequence
from typing import Any

from .harness import bench_limits, close_consumer, get_page, open_consumer, store_key

__all__ = ["gc_pause", "memory_per_connection"]


async def _current() -> int:
    await asyncio.sleep(0.01)  # let the loop run the callbacks still holding a finished future
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


async def _scenario(name: str, diff: bool, k: int) -> dict[str, int]:
    import msgpack
    from asgiref.sync import sync_to_async

    from .pages import EVENTS

    event = EVENTS[name]
    path = event.path if diff else event.classic_path
    frame = msgpack.packb([1, event.handler.hypergen.handler_id, event.args])

    async def one() -> Any:  # warm-up: imports, caches, the handler's first run
        consumer = await open_consumer(await sync_to_async(get_page)(path))
        await consumer.receive(bytes_data=frame)
        await close_consumer(consumer)

    await one()
    tracemalloc.start()
    try:
        before = await _current()
        # what a browser keeps of each page: its token and session cookie (the HTML is its own)
        pages = [(await sync_to_async(get_page)(path))._replace(html="") for _ in range(k)]
        served = await _current()
        consumers = [await open_consumer(page) for page in pages]
        connected = await _current()
        for consumer in consumers:
            await consumer.receive(bytes_data=frame)
            consumer.sent.clear()  # the frame is sent and gone, not kept
        after_event = await _current()
    finally:
        tracemalloc.stop()
    for consumer in consumers:
        await close_consumer(consumer)
    return {
        "page_bytes": (served - before) // k,
        "connected_bytes": (connected - before) // k,
        "after_event_bytes": (after_event - before) // k,
    }


def memory_per_connection(names: Sequence[str], k: int = 4) -> dict[str, dict[str, dict[str, int]]]:
    """Per scenario, diff and classic: bytes per page once served (``page_bytes``), once its
    websocket connected (``connected_bytes``) and after the scenario's event (``after_event_bytes``)."""

    async def main() -> dict[str, dict[str, dict[str, int]]]:
        return {
            name: {"diff": await _scenario(name, True, k), "classic": await _scenario(name, False, k)}
            for name in names
        }

    with bench_limits():
        return asyncio.run(main())


def _full_collection_ms(repeat: int = 3) -> float:
    """The median of ``repeat`` full collections (after one that frees whatever is garbage now)."""
    gc.collect()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        gc.collect()
        samples.append((time.perf_counter() - start) * 1000)
    return sorted(samples)[len(samples) // 2]


def gc_pause(path: str = "/bench/s2/", pages: int = 1000) -> dict[str, Any]:
    """A full ``gc.collect()`` (median of 3) with ``pages`` diff pages of ``path`` stored (served in
    one session, never connected: what is measured is the stored pages), and before serving them:
    ``added_ms`` / ``added_objects`` are what the stored pages add over the process's own baseline
    (here the benchmark harness: Django, the test client, every module imported)."""
    from django.test import Client

    from hypergen_vdom.store import MemoryPageStore, page_store

    from .harness import HOST

    client = Client(HTTP_HOST=HOST)
    for page in [get_page(path, client)]:  # warm-up: the session, imports, caches
        page_store().discard(store_key(page.token, page.cookies))
    without = _full_collection_ms()
    tracked_without = len(gc.get_objects())
    served = [get_page(path, client) for _ in range(pages)]
    with_pages = _full_collection_ms()
    tracked = len(gc.get_objects())
    store = page_store()
    packed = store.packed_pages if isinstance(store, MemoryPageStore) else None
    for page in served:
        if page.token:
            store.discard(store_key(page.token, page.cookies))
    return {
        "path": path,
        "pages": pages,
        "packed_pages": packed,
        "tracked_objects": tracked,
        "full_gc_ms": with_pages,
        "full_gc_ms_without": without,
        "tracked_objects_without": tracked_without,
        "added_ms": with_pages - without,
        "added_objects": tracked - tracked_without,
        "full_gc_ms_after_dropping": _full_collection_ms(),
        # what the store itself held: the harness's own per-request leftovers (Django's test
        # client connects signal receivers per request) stay after the pages are dropped
        "stored_objects": tracked - len(gc.get_objects()),
    }
