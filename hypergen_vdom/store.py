"""Server-side page state, kept under the page token from the HTTP render to the websocket.

A page that uses websockets gets a token in its client script; the websocket's hello names it,
so the connection knows the page's path, user, groups and (diff mode) the tree the browser shows,
without rendering the page a second time. ``MemoryPageStore`` is per process; ``CachePageStore``
uses a Django cache (e.g. ``django.core.cache.backends.redis.RedisCache``) shared by several
processes and surviving a restart.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.utils.module_loading import import_string

from .conf import setting

__all__ = ["CachePageStore", "MemoryPageStore", "PageState", "PageStore", "new_token", "page_store"]


@dataclass
class PageState:
    path: str
    user_key: Any
    groups: list[str] = field(default_factory=list)
    diff: bool = False
    target_id: str | None = None
    # Diff mode: the target as the browser shows it (ids assigned), the id counter after it, and the
    # seq of the last frame that brought it there — a reconnect that has applied that frame resumes
    # with no payload.
    tree: Any = None
    next_id: int = 0
    seq: int = 0


def new_token() -> str:
    return secrets.token_urlsafe(16)


class PageStore:
    # True when ``get`` hands out the stored object itself, so updating it in place is storing it.
    shares_objects = False

    def put(self, token: str, state: PageState) -> None:
        raise NotImplementedError

    def get(self, token: str) -> PageState | None:
        raise NotImplementedError

    def discard(self, token: str) -> None:
        raise NotImplementedError


class MemoryPageStore(PageStore):
    """In-process LRU with a time limit: fine for one process, lost on restart."""

    shares_objects = True

    def __init__(self) -> None:
        self._pages: OrderedDict[str, tuple[float, PageState]] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, token: str, state: PageState) -> None:
        limit = setting("HYPERGEN_MEMORY_STORE_MAX_PAGES")
        with self._lock:
            self._pages[token] = (time.monotonic() + setting("HYPERGEN_PAGE_TTL"), state)
            self._pages.move_to_end(token)
            while len(self._pages) > limit:
                self._pages.popitem(last=False)

    def get(self, token: str) -> PageState | None:
        with self._lock:
            entry = self._pages.get(token)
            if entry is None:
                return None
            if entry[0] < time.monotonic():
                del self._pages[token]
                return None
            self._pages.move_to_end(token)
            return entry[1]

    def discard(self, token: str) -> None:
        with self._lock:
            self._pages.pop(token, None)


class CachePageStore(PageStore):
    """Pages in the Django cache named by ``HYPERGEN_PAGE_CACHE`` (default "default")."""

    def __init__(self) -> None:
        from django.conf import settings
        from django.core.cache import caches

        self._cache = caches[getattr(settings, "HYPERGEN_PAGE_CACHE", "default")]

    def put(self, token: str, state: PageState) -> None:
        self._cache.set(f"hypergen-page:{token}", state, setting("HYPERGEN_PAGE_TTL"))

    def get(self, token: str) -> PageState | None:
        state = self._cache.get(f"hypergen-page:{token}")
        return state if isinstance(state, PageState) else None

    def discard(self, token: str) -> None:
        self._cache.delete(f"hypergen-page:{token}")


@cache
def _store_for(path: str) -> PageStore:
    store: PageStore = import_string(path)()
    return store


def page_store() -> PageStore:
    return _store_for(setting("HYPERGEN_PAGE_STORE"))
