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


# -- pages no connection uses are kept packed (packing.py) -------------------------------------


def table_page(rows: int = 100) -> PageState:
    from hypergen_vdom.diffmode import baseline
    from hypergen_vdom.tags import div, table, td, tr
    from hypergen_vdom.tree import rendering

    with rendering() as state, div(id="content"), table():
        for n in range(rows):
            tr(td(n), td(f"name {n}"), td(f"{n}@example.com"), key=n)
    return PageState(session=baseline(state.root, "content"), groups=["g"])


def test_a_page_before_its_hello_is_packed_and_counted_at_its_packed_size(settings):
    from hypergen_vdom.packing import pack_state

    settings.HYPERGEN_PACK_AFTER = 0
    store = MemoryPageStore()
    state = table_page()
    store.put("a", state, connected=False)
    assert store.packed_pages == 1
    assert store.total_bytes == store.unconnected_bytes == 600 + len(pack_state(state))
    assert store.total_bytes < state.approx_bytes() / 2
    got, again = store.get("a"), store.get("a")  # unclaimed: a new copy each time, still packed
    assert got.session.tree == state.session.tree and got is not again and store.packed_pages == 1


def test_claiming_unpacks_once_and_releasing_packs_again(settings):
    settings.HYPERGEN_PACK_AFTER = 0
    store = MemoryPageStore()
    store.put("a", table_page(), connected=False)
    assert store.claim("a", "tab", "conn")
    connected = store.get("a")
    assert store.packed_pages == 0 and store.get("a") is connected  # the copies share one tree
    assert store.total_bytes == connected.approx_bytes()
    store.put("a", connected.copy())  # the snapshot after an event
    store.release("a", "other-tab", "conn")  # not the claim holder: nothing changes
    assert store.packed_pages == 0
    store.release("a", "tab", "conn")
    assert store.packed_pages == 1 and store.get("a").session.tree == connected.session.tree


def test_pages_are_packed_once_idle_for_pack_after_a_few_per_put(settings):
    settings.HYPERGEN_PACK_AFTER = 0.05
    store = MemoryPageStore()
    for key in "abcde":
        store.put(key, table_page(10), connected=False)
    assert store.packed_pages == 0  # a hello right after the GET finds the objects: no packing
    assert store.claim("c", "tab", "conn")  # in use: never packed
    time.sleep(0.1)
    store.put("f", table_page(10), connected=False)
    assert store.packed_pages == 2  # the two oldest, a and b: no request pays for a backlog
    assert store.pack_idle() == 2 and store.packed_pages == 4  # d, e; not c (claimed), not f (new)
    store.release("c", "tab", "conn")
    assert store.pack_idle() == 0  # released just now
    time.sleep(0.1)
    assert store.pack_idle() == 2 and store.packed_pages == 6
    unconnected = sum(len(pack_state_of(store, key)) + 600 for key in "abdef")
    assert store.unconnected_bytes == unconnected  # counted at their packed size


def pack_state_of(store: MemoryPageStore, key: str) -> bytes:
    from hypergen_vdom.packing import pack_state

    return pack_state(store.get(key))


def test_a_page_that_cannot_be_packed_is_kept_as_it_is(settings):
    settings.HYPERGEN_PACK_AFTER = 0
    from hypergen_vdom.diffmode import baseline
    from hypergen_vdom.memo import memo
    from hypergen_vdom.tags import div, span
    from hypergen_vdom.tree import rendering

    @memo
    def local(text: str) -> None:
        span(text)

    with rendering() as state, div(id="content"):
        local("x")
    page_state = PageState(session=baseline(state.root, "content"))
    store = MemoryPageStore()
    store.put("a", page_state, connected=False)
    assert store.packed_pages == 0 and store.get("a") is page_state
    assert store.total_bytes == page_state.approx_bytes()


def test_stored_pages_add_almost_nothing_for_the_collector_to_walk(settings):
    import gc

    settings.HYPERGEN_PACK_AFTER = 0
    store = MemoryPageStore()
    table_page()  # warm-up: imports, caches
    gc.collect()
    before = len(gc.get_objects())
    for index in range(20):
        store.put(f"p{index}", table_page(), connected=False)
    gc.collect()
    # A 100-row page as objects is ~400 tracked ones (an Element and a children list per node);
    # packed, it is an untracked bytes in an entry tuple (untracked too, once collected).
    assert (len(gc.get_objects()) - before) / 20 <= 1
    assert table_page().session is not None and store.packed_pages == 20
