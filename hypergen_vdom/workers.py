"""Where users' synchronous ``@consumer`` code runs: a pool of worker threads.

Channels' ``database_sync_to_async`` runs everything in ONE shared thread by default
(``thread_sensitive=True``), so one connection's slow handler held up every other connection's
events. Here each call runs in a bounded pool (``HYPERGEN_WORKER_THREADS``); one connection's
calls still run one at a time and in order (the consumer awaits each), and every call closes
stale database connections before and after, as Channels does, so the ORM works as in a view.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import Any, TypeVar

from channels.db import DatabaseSyncToAsync

from .conf import setting

__all__ = ["in_worker"]

T = TypeVar("T")


@cache
def _executor() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=setting("HYPERGEN_WORKER_THREADS"), thread_name_prefix="hypergen")


async def in_worker(func: Callable[..., T], *args: Any) -> T:
    """``func(*args)`` in a worker thread, awaited."""
    result: T = await DatabaseSyncToAsync(func, thread_sensitive=False, executor=_executor())(*args)
    return result
