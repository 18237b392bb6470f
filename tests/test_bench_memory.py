"""``bench/memory.py``'s GC pause and the benchmark server's ``/bench-gc/`` (``bench/gc_view.py``):
stored pages are packed and the store itself holds next to nothing the collector walks; a freeze
is undone and what it kept is counted."""

from __future__ import annotations

import gc

import pytest
from django.test import Client

from bench.memory import gc_pause
from hypergen_vdom.store import MemoryPageStore


class FreshStore(MemoryPageStore):
    """A store of this test's own: earlier tests' pages (some still claimed) are not in it."""


class FreshGcViewStore(MemoryPageStore):
    """The same for the GC view's test."""

pytestmark = [
    pytest.mark.urls("bench.site_urls"),
    pytest.mark.django_db(transaction=True),
]


def test_stored_pages_are_packed_and_the_store_holds_almost_no_tracked_objects(settings):
    settings.HYPERGEN_PACK_AFTER = 0.01
    settings.HYPERGEN_PAGE_STORE = "tests.test_bench_memory.FreshStore"
    pause = gc_pause(pages=12)
    # every stored page is packed
    assert pause["pages"] == 12 and pause["packed_pages"] == pause["stored_pages"] >= 12
    assert pause["stored_objects"] <= 12  # one entry tuple per page at most, no tree
    assert pause["full_gc_ms"] > 0 and pause["full_gc_ms_without"] > 0
    assert pause["added_objects"] == pause["tracked_objects"] - pause["tracked_objects_without"]


def test_the_gc_view_packs_freezes_and_counts_what_a_freeze_kept(settings):
    settings.HYPERGEN_PACK_AFTER = 0
    settings.HYPERGEN_PAGE_STORE = "tests.test_bench_memory.FreshGcViewStore"
    client = Client()
    assert client.get("/bench/s2/").status_code == 200
    measured = client.get("/bench-gc/?pack=1").json()
    assert measured["packed_pages"] == measured["stored_pages"] >= 1
    assert measured["frozen_objects"] == 0 and measured["freed_after_unfreeze"] is None
    try:
        frozen = client.get("/bench-gc/?freeze=1").json()
        assert frozen["frozen_objects"] > 10 * frozen["tracked_objects"]
    finally:
        unfrozen = client.get("/bench-gc/?unfreeze=1").json()
    assert gc.get_freeze_count() == 0 and unfrozen["frozen_objects"] == 0
    assert isinstance(unfrozen["freed_after_unfreeze"], int)
