"""How many websockets one session and one client address may hold open in this process.

Every open socket costs the server memory and a slot in the event loop, and a client can open
them without a page (the hello deadline only bounds how long). So connections are counted per
session key and per client address when they open, and one over either cap is accepted only to be
closed with ``Close.TOO_MANY`` (the client backs off and retries; a slot frees when another tab
closes). Counts are per process: with N server processes a client can hold N times the cap.
Pure Python, no Django: the consumer passes the keys and the caps.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

__all__ = ["ConnectionCounter", "open_connections"]


class ConnectionCounter:
    """Open connections per key (``("session", key)``, ``("address", ip)``)."""

    __slots__ = ("_open",)

    def __init__(self) -> None:
        self._open: Counter[tuple[str, str]] = Counter()

    def acquire(self, limits: Iterable[tuple[tuple[str, str], int | None]]) -> bool:
        """Count one connection under every key, unless a key is at its cap (``None``: no cap);
        then count nothing and return False."""
        limits = list(limits)
        if any(cap is not None and self._open[key] >= cap for key, cap in limits):
            return False
        for key, _cap in limits:
            self._open[key] += 1
        return True

    def release(self, keys: Iterable[tuple[str, str]]) -> None:
        for key in keys:
            self._open[key] -= 1
            if self._open[key] <= 0:
                del self._open[key]  # an idle key costs nothing

    def count(self, key: tuple[str, str]) -> int:
        return self._open[key]

    def __len__(self) -> int:
        """Keys with an open connection."""
        return len(self._open)


# The process's one counter: every consumer of this process shares it (they all run on one
# event loop, so no lock is needed).
open_connections = ConnectionCounter()
