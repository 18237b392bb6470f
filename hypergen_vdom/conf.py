"""Settings, with their defaults (all optional)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

__all__ = ["setting"]

DEFAULTS: dict[str, Any] = {
    # Largest client frame accepted; a larger one gets an error frame, the connection stays.
    "HYPERGEN_MAX_MESSAGE_BYTES": 1_000_000,
    # Where pages' server-side state lives (dotted path of a PageStore class).
    "HYPERGEN_PAGE_STORE": "hypergen_vdom.store.MemoryPageStore",
    # How long a served page can still connect and find its state (seconds).
    "HYPERGEN_PAGE_TTL": 3600,
    # Pages kept by the in-process store at most (oldest dropped first).
    "HYPERGEN_MEMORY_STORE_MAX_PAGES": 10_000,
    "HYPERGEN_WEBSOCKET_PATH": "/ws/hypergen/",
}


def setting(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])
