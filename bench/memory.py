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
``rss.py``). The pages connect right after their GET, as a browser's do (``HYPERGEN_PACK_AFTER``
held off, however slowly this machine serves them); ``idle_page_bytes`` is a page left idle, so
packed.

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

from django.test import override_settings

from .harness import bench_limits, close_consumer, get_page, open_consumer, store_key

__all__ = ["gc_pause", "gc_pause_daphne", "memory_per_connection"]


async def _current() -> int:
    await asyncio.sleep(0.01)  # let the loop run the callbacks still holding a finished future
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


async def _scenario(name: str, diff: bool, k: int, memo: bool = False) -> dict[str, int | None]:
    import msgpack
    from asgiref.sync import sync_to_async

    from .pages import EVENTS

    event = EVENTS[name]
    path = event.memo_path if memo else event.path if diff else event.classic_path
    frame = msgpack.packb([1, event.handler.hypergen.handler_id, event.args])

    async def one() -> Any:  # warm-up: imports, caches, the handler's first run
        consumer = await open_consumer(await sync_to_async(get_page)(path))
        await consumer.receive(bytes_data=frame)
        await close_consumer(consumer)

    await one()
    tracemalloc.start()
    # A browser connects right after the GET: its page is still unpacked (HYPERGEN_PACK_AFTER),
    # whatever this loaded machine's serving time.
    fresh = override_settings(HYPERGEN_PACK_AFTER=3600)
    fresh.enable()
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
        fresh.disable()
        tracemalloc.stop()
    for consumer in consumers:
        await close_consumer(consumer)
    return {
        "page_bytes": (served - before) // k,
        "idle_page_bytes": await _idle_page_bytes(path, k) if diff else None,
        "connected_bytes": (connected - before) // k,
        "after_event_bytes": (after_event - before) // k,
    }


async def _idle_page_bytes(path: str, k: int) -> int | None:
    """Bytes per page served and then idle ``HYPERGEN_PACK_AFTER`` (packed), its websocket not come."""
    from asgiref.sync import sync_to_async

    from hypergen_vdom.store import MemoryPageStore, page_store

    store = page_store()
    if not isinstance(store, MemoryPageStore):
        return None
    with override_settings(HYPERGEN_PACK_AFTER=0):
        store.pack_idle()  # the pages of earlier steps, released: not these pages' bytes
    tracemalloc.start()
    try:
        before = await _current()
        with override_settings(HYPERGEN_PACK_AFTER=3600):
            pages = [(await sync_to_async(get_page)(path))._replace(html="") for _ in range(k)]
        with override_settings(HYPERGEN_PACK_AFTER=0):
            store.pack_idle()
        idle = await _current()
    finally:
        tracemalloc.stop()
    for page in pages:
        if page.token:
            store.discard(store_key(page.token, page.cookies))
    return (idle - before) // k


def memory_per_connection(names: Sequence[str], k: int = 4) -> dict[str, dict[str, dict[str, int | None]]]:
    """Per scenario, diff and classic (and ``memo``, S2–S5: the diff page with ``@memo`` rows): bytes
    per page once served (``page_bytes``), once its websocket connected (``connected_bytes``) and
    after the scenario's event (``after_event_bytes``); diff mode also per page served and left
    idle, so packed (``idle_page_bytes``)."""

    from .pages import MEMO_SCENARIOS

    async def main() -> dict[str, dict[str, dict[str, int | None]]]:
        result: dict[str, dict[str, dict[str, int | None]]] = {}
        for name in names:
            entry = result[name] = {"diff": await _scenario(name, True, k)}
            if name in MEMO_SCENARIOS:  # the same page with @memo rows (sealed once numbered)
                entry["memo"] = await _scenario(name, True, k, memo=True)
            entry["classic"] = await _scenario(name, False, k)
        return result

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
    (here the benchmark harness: Django, the test client, every module imported).

    The store packs a page once no connection has used it for ``HYPERGEN_PACK_AFTER`` seconds, a
    few per later request: ``fresh_*`` is right after serving (the pages of the last seconds still
    unpacked), the rest once every page is that old (what the following requests would pack)."""
    from django.test import Client

    from hypergen_vdom.conf import setting
    from hypergen_vdom.store import MemoryPageStore, page_store

    from .harness import HOST

    client = Client(HTTP_HOST=HOST)
    for page in [get_page(path, client)]:  # warm-up: the session, imports, caches
        page_store().discard(store_key(page.token, page.cookies))
    without = _full_collection_ms()
    tracked_without = len(gc.get_objects())
    started = time.monotonic()
    served = [get_page(path, client) for _ in range(pages)]
    store = page_store()
    memory_store = store if isinstance(store, MemoryPageStore) else None
    fresh = {
        "fresh_packed_pages": memory_store.packed_pages if memory_store else None,
        "fresh_full_gc_ms": _full_collection_ms(),
        "fresh_tracked_objects": len(gc.get_objects()),
        "serving_s": time.monotonic() - started,
    }
    if memory_store:
        time.sleep(setting("HYPERGEN_PACK_AFTER"))
        memory_store.pack_idle()
    with_pages = _full_collection_ms()
    tracked = len(gc.get_objects())
    packed = memory_store.packed_pages if memory_store else None
    stored = len(memory_store) if memory_store else None
    for page in served:
        if page.token:
            store.discard(store_key(page.token, page.cookies))
    return {
        "path": path,
        "pages": pages,
        "stored_pages": stored,
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
        **fresh,
    }


def gc_pause_daphne(path: str = "/bench/s2/", pages: int = 1000) -> dict[str, Any]:
    """The same in a real daphne process (DEBUG off, in-memory store; ``/bench-gc/`` times its
    collections): before serving, right after serving ``pages`` pages of ``path`` (each in a
    session of its own, as many browsers would), and once they are idle ``HYPERGEN_PACK_AFTER``
    and packed (``?pack=1``: what the next requests would pack, a few each). Then, the process's
    objects frozen (``gc.freeze()``, after a collection), ``pages`` more pages served, packed, and
    measured on top of that frozen baseline; last, unfrozen: ``freed_after_unfreeze`` counts the
    cyclic garbage the freeze kept. ``defaults_packed``: another daphne as deployed, whose first
    websocket connection set its collector up (``gcsetup.py``, default settings), then ``pages``
    pages served and packed."""
    import json

    from hypergen_vdom.conf import setting

    from .daphne import HOST, Daphne
    from .load import get_token

    async def read(port: int, query: str = "") -> dict[str, Any]:
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            request = f"GET /bench-gc/{query} HTTP/1.1\r\nHost: {HOST}:{port}\r\nConnection: close\r\n\r\n"
            writer.write(request.encode())
            await writer.drain()
            response = await asyncio.wait_for(reader.read(), 120)
        finally:
            writer.close()
        result: dict[str, Any] = json.loads(response.partition(b"\r\n\r\n")[2])
        return result

    async def measure(port: int) -> dict[str, Any]:
        await get_token(port, path)  # warm-up: imports, caches
        before = await read(port)
        gate = asyncio.Semaphore(20)

        async def served() -> None:
            async with gate:
                await get_token(port, path)

        await asyncio.gather(*(served() for _ in range(pages)))
        fresh = await read(port)
        await asyncio.sleep(setting("HYPERGEN_PACK_AFTER"))
        packed = await read(port, "?pack=1")
        # The same with the process's start-up objects frozen first (``gc.freeze()``), and then
        # unfrozen: what a collection frees then is garbage the freeze had kept.
        frozen = await read(port, "?freeze=1")
        await asyncio.gather(*(served() for _ in range(pages)))
        await asyncio.sleep(setting("HYPERGEN_PACK_AFTER"))
        frozen_packed = await read(port, "?pack=1")
        unfrozen = await read(port, "?unfreeze=1")
        return {
            "path": path,
            "pages": pages,
            "before": before,
            "fresh": fresh,
            "packed": packed,
            "added_ms": packed["full_gc_ms"] - before["full_gc_ms"],
            "added_objects": packed["tracked_objects"] - before["tracked_objects"],
            "frozen": frozen,
            "frozen_packed": frozen_packed,
            "unfrozen": unfrozen,
        }

    async def with_defaults(port: int) -> dict[str, Any]:
        # As deployed: the first websocket connection sets the collector up (gcsetup.py,
        # HYPERGEN_GC_FREEZE and HYPERGEN_GC_THRESHOLD at their defaults), then pages are served.
        from .load import open_socket

        ws = await open_socket(port, path)
        await ws.close()
        gate = asyncio.Semaphore(20)

        async def served() -> None:
            async with gate:
                await get_token(port, path)

        await asyncio.gather(*(served() for _ in range(pages)))
        await asyncio.sleep(setting("HYPERGEN_PACK_AFTER"))
        return await read(port, "?pack=1")

    with Daphne() as server:
        result = asyncio.run(measure(server.port))
    with Daphne() as server:  # a process of its own: nothing frozen by hand before
        result["defaults_packed"] = asyncio.run(with_defaults(server.port))
    return result
