"""``hypergen.websocket``: Hypergen's websocket API (owned by the client-side compat work).

A placeholder so ``hypergen.imports`` has its full layout; it exports nothing yet.
"""

from __future__ import annotations

__all__: list[str] = []
