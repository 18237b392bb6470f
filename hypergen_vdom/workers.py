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


def _call(func: Callable[..., T], *args: Any) -> T:
    return func(*args)


@cache
def _hop() -> DatabaseSyncToAsync:
    # One wrapper for every call: building a DatabaseSyncToAsync per call (update_wrapper, two
    # coroutine-function checks) cost a few µs of every event. The hop itself is asgiref's, kept:
    # it carries the context and its asgiref Locals (Django's database connections) to the
    # thread and back, and lets ``async_to_sync`` in user code (``group_send``) reach this loop.
    return DatabaseSyncToAsync(_call, thread_sensitive=False, executor=_executor())


async def in_worker(func: Callable[..., T], *args: Any) -> T:
    """``func(*args)`` in a worker thread, awaited."""
    result: T = await _hop()(func, *args)
    return result
