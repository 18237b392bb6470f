"""Settings of the benchmark's daphne processes (``bench/daphne.py``): ``bench.settings``, with
SQLite waiting for its write lock instead of failing.

Every page a load client GETs saves a session (page tokens are bound to it), and Django under ASGI
runs concurrent requests' views in different threads: on a busy machine hundreds of concurrent
session saves wait on SQLite's one write lock for longer than its default 5 s and fail with
"database is locked" (a 500 for the GET). The benchmark measures the pages and their websockets,
not SQLite, so its servers wait up to 60 s, and take the write lock when a transaction begins
(``IMMEDIATE``: a read transaction that later writes can't deadlock another writer).
"""

from __future__ import annotations

from . import settings as _base
from .settings import *  # noqa: F403

DATABASES = {
    "default": {
        **_base.DATABASES["default"],
        "OPTIONS": {"timeout": 60, "transaction_mode": "IMMEDIATE"},
    }
}

# Every load client connects from 127.0.0.1: the per-address cap would refuse all but the first
# 1 000 of them. (Each client has a session of its own, so the per-session cap stays.)
HYPERGEN_MAX_CONNECTIONS_PER_ADDRESS = None
