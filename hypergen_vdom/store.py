"""Server-side page state, kept under the store key of a page's signed token (``tokens.py``).

A page that uses websockets gets a token in its client script; the websocket's hello names it, so
the connection finds the page's groups, its bound handlers, (diff mode) the tree the browser shows
and (after a reconnect) the consumer's app state, without rendering the page a second time.

Stored state is a snapshot: a connection works on its own copy and writes a new snapshot back
after every event, so nothing in the store is mutated in place (two tabs on one token can't
corrupt each other). Trees are never relabelled after they are stored (``nodeids.fresh`` copies
first), so a snapshot may share them.

``MemoryPageStore`` is per process and bounded in pages and bytes; it keeps a page that no
connection is using packed (``packing.py``: one ``bytes`` the garbage collector doesn't walk).
``CachePageStore`` uses a Django cache (e.g. Redis) shared by several processes and surviving a
restart. A page's *claim* marks the
one live connection that owns its token; a second connection (a duplicated tab) gets a fork.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from functools import cache

from django.utils.module_loading import import_string

from .conf import setting
from .diffmode import DiffSession
from .packing import pack_state, unpack_state

__all__ = ["CachePageStore", "MemoryPageStore", "PageState", "PageStore", "page_store"]

# Rough bytes one node of a kept tree costs in memory (Element with slots, its id, its text);
# measured on the 1000-row benchmark table: ~1.2 MB for ~11 000 nodes.
_BYTES_PER_NODE = 120
_BYTES_PER_PAGE = 600
# One @memo cache entry: its key, the entry and its dict slot (its nodes are the kept tree's).
_BYTES_PER_MEMO_ENTRY = 250


@dataclass
class PageState:
    groups: list[str] = field(default_factory=list)
    target_id: str | None = None
    # Handler ids this page may invoke: those its renders bound, and those its liveview declared.
    handlers: frozenset[str] = frozenset()
    # Diff mode: the target as the browser shows it, its id counter and the last frame's seq (a
    # reconnect that has applied that frame resumes with no payload), and the @memo outputs of the
    # render that made it (left out of pickled snapshots); None for a classic page.
    session: DiffSession | None = None
    # The consumer's app state (attributes user code set on it), pickled; ``app_state_complete``
    # is False when some attribute could not be kept, and then a reconnect starts afresh.
    app_state: bytes | None = None
    app_state_complete: bool = True
    # Exactly-once events: the highest event seq applied, and the frames that answered it (sent
    # again when the client re-sends that event because it never saw them).
    last_event_seq: int = 0
    last_answer: tuple[bytes, ...] = ()

    def copy(self) -> PageState:
        """A snapshot that shares nothing mutable with this one (trees are never changed in place)."""
        return replace(self, groups=list(self.groups), session=self.session.copy() if self.session else None)

    def approx_bytes(self) -> int:
        """What keeping this state costs, roughly: what the byte-bounded store counts."""
        return (
            _BYTES_PER_PAGE
            + (self.session.next_id * _BYTES_PER_NODE if self.session is not None else 0)
            + (len(self.session.memo) * _BYTES_PER_MEMO_ENTRY if self.session is not None else 0)
            + len(self.app_state or b"")
            + sum(len(frame) for frame in self.last_answer)
        )


class PageStore:
    def put(self, key: str, state: PageState, connected: bool = True) -> None:
        """Keep ``state`` under ``key``. ``connected=False``: a page just served over HTTP whose
        websocket has not said hello yet (anyone can make us hold those: they get a budget of
        their own, ``HYPERGEN_UNCONNECTED_MAX_BYTES``)."""
        raise NotImplementedError

    def get(self, key: str) -> PageState | None:
        raise NotImplementedError

    def discard(self, key: str) -> None:
        raise NotImplementedError

    def claim(self, key: str, tab: str, connection: str) -> bool:
        """Make ``connection`` of ``tab`` the one live connection of page ``key``. The same tab
        takes its claim over (a reconnect, even while a half-open old connection lingers); False
        when another tab holds it (a duplicated tab: it gets a fork)."""
        raise NotImplementedError

    def owns(self, key: str, tab: str, connection: str) -> bool:
        """Whether ``connection`` still holds the claim (else a newer connection of its tab took
        over, and this one must not write the page's state any more)."""
        raise NotImplementedError

    def release(self, key: str, tab: str, connection: str) -> None:
        """Drop the claim if this very connection holds it."""
        raise NotImplementedError

    # Exactly-once across a reconnect: the seq of the event a connection is running right now, so
    # a reconnect of the same tab waits for it to finish (and be saved) instead of running it again.
    def begin_event(self, key: str, seq: int) -> None:
        raise NotImplementedError

    def end_event(self, key: str) -> None:
        raise NotImplementedError

    def event_in_flight(self, key: str) -> int:
        """The seq of the event being run for page ``key``, 0 when none."""
        raise NotImplementedError


class MemoryPageStore(PageStore):
    """In-process LRU bounded in pages and bytes, with a time limit: fine for one process, lost
    on restart (a page whose state is gone is rebuilt from its signed token when it reconnects).

    Pages no websocket has claimed yet count against a smaller budget of their own and go first:
    a flood of anonymous GETs churns only those, never the pages of connected users (a page
    evicted before its hello is rendered afresh then, with one REPLACE).

    A page no connection has used for ``HYPERGEN_PACK_AFTER`` seconds — served and its hello not
    come, or released by its connection — is packed (``packing.pack_state``) and counted at its
    packed size: the collector walks none of it. Packing is done by later ``put`` and ``release``
    calls, a few pages each (``PACK_PER_CALL``), so that a page whose hello comes right after its
    GET (the usual case) is neither packed nor unpacked: that would cost the GET ~7 ms and the
    hello ~4 ms on the 1000-row table, and give the connection a tree of its own strings instead of
    the ones its render shared. ``get`` unpacks a new copy, and keeps it instead of the bytes once
    a connection has claimed the page (its copy then shares the tree). A page a connection uses is
    kept as the objects of its last snapshot, which share the connection's tree (packing after
    every event would cost more than the event)."""

    # Expired entries are swept at most this often, whether or not anyone looks them up.
    SWEEP_EVERY = 30.0
    # Idle pages packed by one put or release at most (each costs ~1 ms per 100 rows): two per put
    # keep up with any rate of new pages, and no request pays for a backlog.
    PACK_PER_CALL = 2

    def __init__(self) -> None:
        # key → (expires, counted bytes, the state or its packed bytes)
        self._pages: OrderedDict[str, tuple[float, int, PageState | bytes]] = OrderedDict()
        self._claims: dict[str, tuple[str, str]] = {}  # key → (tab, connection)
        self._running: dict[str, int] = {}
        self._bytes = 0
        self._unconnected: OrderedDict[str, int] = OrderedDict()  # key → its counted bytes
        self._unconnected_bytes = 0
        # Unpacked pages no connection uses, oldest first: key → since when (monotonic).
        self._idle: OrderedDict[str, float] = OrderedDict()
        self._swept = time.monotonic()
        self._lock = threading.Lock()

    @property
    def total_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._pages)

    @property
    def unconnected_bytes(self) -> int:
        return self._unconnected_bytes

    @property
    def packed_pages(self) -> int:
        """How many pages are kept packed (what ``gc_pause`` and the tests check)."""
        with self._lock:
            return sum(type(entry[2]) is bytes for entry in self._pages.values())

    def put(self, key: str, state: PageState, connected: bool = True) -> None:
        size = state.approx_bytes()
        now = time.monotonic()
        with self._lock:
            if key in self._pages:
                self._drop(key)
            self._pages[key] = (now + setting("HYPERGEN_PAGE_TTL"), size, state)
            self._bytes += size
            if not connected:
                self._idle[key] = now
                self._unconnected[key] = size
                self._unconnected_bytes += size
                budget = setting("HYPERGEN_UNCONNECTED_MAX_BYTES")
                while len(self._unconnected) > 1 and self._unconnected_bytes > budget:
                    self._drop(next(iter(self._unconnected)))
            if now - self._swept > self.SWEEP_EVERY:
                self._sweep(now)
            max_pages = setting("HYPERGEN_MEMORY_STORE_MAX_PAGES")
            max_bytes = setting("HYPERGEN_MEMORY_STORE_MAX_BYTES")
            while len(self._pages) > 1 and (len(self._pages) > max_pages or self._bytes > max_bytes):
                self._drop(next(iter(self._pages)))
        self.pack_idle(self.PACK_PER_CALL)

    def pack_idle(self, limit: int | None = None) -> int:
        """Pack up to ``limit`` (None: all) of the pages idle for ``HYPERGEN_PACK_AFTER`` seconds,
        oldest first; how many were packed. A page that can't be pickled stays as it is."""
        if not self._idle:
            return 0  # the usual case, checked without the lock or a setting: every save calls this
        due: list[tuple[str, tuple[float, int, PageState | bytes]]] = []
        with self._lock:
            deadline = time.monotonic() - setting("HYPERGEN_PACK_AFTER")
            while self._idle and (limit is None or len(due) < limit):
                key, since = next(iter(self._idle.items()))
                if since > deadline:
                    break
                del self._idle[key]
                due.append((key, self._pages[key]))
        packed_pages = 0
        for key, entry in due:
            state = entry[2]
            packed = _packed(state) if not isinstance(state, bytes) else state
            if packed is state:
                continue  # can't be pickled: kept as it is
            with self._lock:
                if self._pages.get(key) is not entry or key in self._claims:
                    continue  # replaced, dropped or claimed meanwhile
                size = _size(packed)
                self._pages[key] = (entry[0], size, packed)
                self._bytes += size - entry[1]
                if key in self._unconnected:
                    self._unconnected[key] = size
                    self._unconnected_bytes += size - entry[1]
                packed_pages += 1
        return packed_pages

    def get(self, key: str) -> PageState | None:
        with self._lock:
            entry = self._pages.get(key)
            if entry is None:
                return None
            if entry[0] < time.monotonic():
                self._drop(key)
                return None
            self._pages.move_to_end(key)
            kept = entry[2]
        if not isinstance(kept, bytes):
            return kept
        state: PageState = unpack_state(kept)  # outside the lock: ~0.5 ms for 100 todos
        with self._lock:
            if key in self._claims and self._pages.get(key) is entry:
                # A connection uses it now: keep the objects its copy shares, not a second tree.
                size = state.approx_bytes()
                self._pages[key] = (entry[0], size, state)
                self._bytes += size - entry[1]
        return state

    def discard(self, key: str) -> None:
        with self._lock:
            if key in self._pages:
                self._drop(key)

    def claim(self, key: str, tab: str, connection: str) -> bool:
        with self._lock:
            held = self._claims.get(key)
            if held is not None and held[0] != tab:
                return False
            self._claims[key] = (tab, connection)
            self._idle.pop(key, None)
            size = self._unconnected.pop(key, None)  # connected now: the main budget counts it
            if size is not None:
                self._unconnected_bytes -= size
            return True

    def owns(self, key: str, tab: str, connection: str) -> bool:
        with self._lock:
            return self._claims.get(key) == (tab, connection)

    def release(self, key: str, tab: str, connection: str) -> None:
        with self._lock:
            if self._claims.get(key) != (tab, connection):
                return
            del self._claims[key]
            entry = self._pages.get(key)
            if entry is not None and not isinstance(entry[2], bytes):
                self._idle[key] = time.monotonic()  # nobody uses it now: packed when it is due
        self.pack_idle(self.PACK_PER_CALL)

    def begin_event(self, key: str, seq: int) -> None:
        with self._lock:
            self._running[key] = seq

    def end_event(self, key: str) -> None:
        with self._lock:
            self._running.pop(key, None)

    def event_in_flight(self, key: str) -> int:
        with self._lock:
            return self._running.get(key, 0)

    def _drop(self, key: str) -> None:
        _, size, _ = self._pages.pop(key)
        self._idle.pop(key, None)
        self._bytes -= size
        if self._unconnected.pop(key, None) is not None:
            self._unconnected_bytes -= size

    def _sweep(self, now: float) -> None:
        self._swept = now
        for key in [key for key, (expires, _, _) in self._pages.items() if expires < now]:
            self._drop(key)


def _packed(state: PageState) -> PageState | bytes:
    packed = pack_state(state)
    return packed if packed is not None else state  # unpicklable: kept as it is (packing.py)


def _size(kept: PageState | bytes) -> int:
    return _BYTES_PER_PAGE + len(kept) if isinstance(kept, bytes) else kept.approx_bytes()


class CachePageStore(PageStore):
    """Pages in the Django cache named by ``HYPERGEN_PAGE_CACHE`` (default "default"); the cache
    bounds and expires them (set Redis' ``maxmemory`` with an LRU policy)."""

    def __init__(self) -> None:
        from django.core.cache import caches

        self._cache = caches[setting("HYPERGEN_PAGE_CACHE")]

    def put(self, key: str, state: PageState, connected: bool = True) -> None:
        # The cache bounds everything it holds (Redis maxmemory with an LRU policy): unconnected
        # pages expire with the TTL like the rest.
        self._cache.set(f"hypergen-page:{key}", state, setting("HYPERGEN_PAGE_TTL"))

    def get(self, key: str) -> PageState | None:
        state = self._cache.get(f"hypergen-page:{key}")
        return state if isinstance(state, PageState) else None

    def discard(self, key: str) -> None:
        self._cache.delete(f"hypergen-page:{key}")

    def claim(self, key: str, tab: str, connection: str) -> bool:
        # ``add`` is atomic in every Django cache backend: exactly one of two racing tabs wins.
        ttl = setting("HYPERGEN_PAGE_TTL")
        if self._cache.add(f"hypergen-claim:{key}", (tab, connection), ttl):
            return True
        held = self._cache.get(f"hypergen-claim:{key}")
        if held is not None and next(iter(held)) != tab:
            return False
        self._cache.set(f"hypergen-claim:{key}", (tab, connection), ttl)
        return True

    def owns(self, key: str, tab: str, connection: str) -> bool:
        held = self._cache.get(f"hypergen-claim:{key}")
        return held is not None and tuple(held) == (tab, connection)

    def release(self, key: str, tab: str, connection: str) -> None:
        if self.owns(key, tab, connection):
            self._cache.delete(f"hypergen-claim:{key}")

    def begin_event(self, key: str, seq: int) -> None:
        # Expires by itself: a process that died mid-event must not hold its page up for ever.
        self._cache.set(f"hypergen-running:{key}", seq, 120)

    def end_event(self, key: str) -> None:
        self._cache.delete(f"hypergen-running:{key}")

    def event_in_flight(self, key: str) -> int:
        seq = self._cache.get(f"hypergen-running:{key}")
        return seq if isinstance(seq, int) else 0


@cache
def _store_for(path: str) -> PageStore:
    store: PageStore = import_string(path)()
    return store


def page_store() -> PageStore:
    return _store_for(setting("HYPERGEN_PAGE_STORE"))
