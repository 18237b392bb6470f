"""The page stores: LRU and byte bounds, expiry without look-ups, claims, snapshots."""

from __future__ import annotations

import time

import pytest

from hypergen_vdom.diffmode import DiffSession
from hypergen_vdom.store import CachePageStore, MemoryPageStore, PageState
from hypergen_vdom.tree import Element


def page(nodes: int = 0, app_state: bytes | None = None) -> PageState:
    session = DiffSession(Element("div"), nodes) if nodes else None
    return PageState(session=session, app_state=app_state)


def test_the_least_recently_used_page_goes_first(settings):
    settings.HYPERGEN_MEMORY_STORE_MAX_PAGES = 2
    store = MemoryPageStore()
    store.put("a", page())
    store.put("b", page())
    assert store.get("a") is not None  # a is now the most recently used
    store.put("c", page())
    assert store.get("b") is None and store.get("a") is not None and store.get("c") is not None
    assert len(store) == 2


def test_the_store_is_bounded_in_bytes(settings):
    settings.HYPERGEN_MEMORY_STORE_MAX_BYTES = 100_000
    store = MemoryPageStore()
    for index in range(50):
        store.put(f"p{index}", page(nodes=200))  # ~24 KB each as counted
    assert store.total_bytes <= 100_000
    assert 1 <= len(store) <= 4
    assert store.get("p49") is not None and store.get("p0") is None


def test_replacing_a_page_counts_its_bytes_once():
    store = MemoryPageStore()
    store.put("a", page(nodes=100))
    store.put("a", page(nodes=10))
    assert store.total_bytes == page(nodes=10).approx_bytes()


def test_a_page_expires_after_the_ttl(settings):
    settings.HYPERGEN_PAGE_TTL = 0.05
    store = MemoryPageStore()
    store.put("a", page())
    assert store.get("a") is not None
    time.sleep(0.1)
    assert store.get("a") is None
    assert store.total_bytes == 0


def test_expired_pages_are_swept_without_being_looked_up(settings):
    settings.HYPERGEN_PAGE_TTL = 0.05
    store = MemoryPageStore()
    store.SWEEP_EVERY = 0.0
    for index in range(10):
        store.put(f"old{index}", page(nodes=50))
    time.sleep(0.1)
    settings.HYPERGEN_PAGE_TTL = 3600
    store.put("new", page())
    assert len(store) == 1 and store.total_bytes == page().approx_bytes()


def test_one_tab_claims_a_page_at_a_time():
    store = MemoryPageStore()
    assert store.claim("a", "tab1", "conn1")
    assert store.owns("a", "tab1", "conn1")
    assert store.claim("a", "tab1", "conn2")  # the same tab reconnecting takes it over …
    assert not store.owns("a", "tab1", "conn1")  # … and its old connection no longer owns it
    assert not store.claim("a", "tab2", "conn3")  # another tab (a duplicate) doesn't get it
    store.release("a", "tab1", "conn1")  # the old connection closing late changes nothing
    assert store.owns("a", "tab1", "conn2")
    store.release("a", "tab1", "conn2")
    assert store.claim("a", "tab2", "conn3")


def test_the_event_in_flight_is_known_until_it_ends():
    store = MemoryPageStore()
    assert store.event_in_flight("a") == 0
    store.begin_event("a", 7)
    assert store.event_in_flight("a") == 7
    store.end_event("a")
    assert store.event_in_flight("a") == 0


def test_a_snapshot_shares_nothing_mutable():
    state = PageState(groups=["g"], session=DiffSession(Element("div"), 3, 1))
    copy = state.copy()
    copy.groups.append("h")
    copy.session.seq = 9
    assert state.groups == ["g"] and state.session.seq == 1
    assert copy.session.tree is state.session.tree  # trees are never changed in place


def test_approximate_size_counts_nodes_and_app_state():
    assert page(nodes=1000).approx_bytes() > page(nodes=10).approx_bytes()
    assert page(app_state=b"x" * 5000).approx_bytes() >= 5000


@pytest.fixture
def locmem(settings):
    settings.CACHES = {"hg": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}}
    settings.HYPERGEN_PAGE_CACHE = "hg"
    from django.core.cache import caches

    caches["hg"].clear()
    return CachePageStore()


def test_the_cache_store_round_trips_pages_and_claims(locmem):
    locmem.put("a", PageState(groups=["g"], session=DiffSession(Element("div"), 2, 5)))
    got = locmem.get("a")
    assert got.groups == ["g"] and got.session.seq == 5
    assert locmem.claim("a", "t1", "c1") and locmem.claim("a", "t1", "c2")
    assert not locmem.claim("a", "t2", "c3") and not locmem.owns("a", "t1", "c1")
    locmem.release("a", "t1", "c1")
    assert locmem.owns("a", "t1", "c2")
    locmem.release("a", "t1", "c2")
    assert locmem.claim("a", "t2", "c3")
    locmem.begin_event("a", 3)
    assert locmem.event_in_flight("a") == 3
    locmem.end_event("a")
    assert locmem.event_in_flight("a") == 0
    locmem.discard("a")
    assert locmem.get("a") is None


def test_pages_no_websocket_claimed_have_a_budget_of_their_own(settings):
    settings.HYPERGEN_UNCONNECTED_MAX_BYTES = 50_000
    store = MemoryPageStore()
    store.put("user", page(nodes=200), connected=False)
    assert store.claim("user", "tab", "conn")  # said hello: counted in the main budget now
    for index in range(100):  # a flood of GETs whose websockets never come
        store.put(f"flood{index}", page(nodes=200), connected=False)
    assert store.unconnected_bytes <= 50_000
    assert store.get("user") is not None  # the connected user's page is untouched
    assert store.get("flood0") is None and store.get("flood99") is not None
