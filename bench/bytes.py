"""Bytes on the wire per scenario, and what peers send for the same event.

Each scenario's event is sent over ``HypergenCommunicator`` (the page's GET, its session cookie
through ``AuthMiddlewareStack``, hello) to the real consumer, once on a fresh diff-mode page and
once on the same page in classic mode (``harness.scenario_frames``):

- ``diff``: the diff-mode frame (msgpack);
- ``classic``: the classic frame, ``["c", seq, [["hypergen.morph", "content", html]]]`` (msgpack);
- ``json``: the diff frame's content encoded as compact JSON (what the same ops would cost in a
  JSON protocol);
- ``html``: the target's new HTML alone (UTF-8), what any re-render-the-target protocol carries.

``PEERS`` are the published numbers of the design notes' benchmark README (same markup and data;
one websocket message each), copied here so the benchmark never reads outside the repository.
"""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Sequence
from typing import Any

__all__ = ["PEERS", "PEER_NAMES", "bytes_table", "json_size"]

PEER_NAMES = ("LiveView", "Hypergen", "ReactPy", "pyview")

# scenario → peer → (bytes, variant note). LiveView 1.2.10 (best variant where keyed/stream
# differ), Hypergen 1.5.6 (consumer re-rendering the target), ReactPy 1.1.0, pyview 0.9.0.
PEERS: dict[str, dict[str, tuple[int, str]]] = {
    "S1": {"LiveView": (104, ""), "Hypergen": (508, ""), "ReactPy": (371, ""), "pyview": (122, "")},
    "S2a": {"LiveView": (209, ""), "Hypergen": (78_729, ""), "ReactPy": (51_361, ""),
            "pyview": (5_753, "239 streams")},
    "S2b": {"LiveView": (153, ""), "Hypergen": (77_994, ""), "ReactPy": (50_919, ""),
            "pyview": (5_744, "287 streams")},
    "S2c": {"LiveView": (524, "keyed; 144 stream"), "Hypergen": (77_189, ""), "ReactPy": (50_370, ""),
            "pyview": (5_657, "169 streams")},
    "S3a": {"LiveView": (9_897, "keyed"), "Hypergen": (108_561, ""), "ReactPy": (286_461, ""),
            "pyview": (75_762, "")},
    "S3b": {"LiveView": (126, ""), "Hypergen": (108_561, ""), "ReactPy": (286_461, ""),
            "pyview": (75_762, "262 streams")},
    "S3c": {"LiveView": (3_216, "keyed"), "Hypergen": (36_737, ""), "ReactPy": (95_784, ""),
            "pyview": (25_314, "")},
    "S4": {"LiveView": (330, ""), "Hypergen": (39_613, ""), "ReactPy": (69_269, ""),
           "pyview": (29_913, "409 streams")},
    "S5": {"LiveView": (9_897, "keyed; 208 stream"), "Hypergen": (32_942, ""), "ReactPy": (92_950, ""),
           "pyview": (20_912, "216 streams")},
    "S6": {"LiveView": (5_095, ""), "Hypergen": (5_144, ""), "ReactPy": (5_246, ""), "pyview": (5_124, "")},
}  # fmt: skip

TITLES = {
    "S1": "counter", "S2a": "todo add", "S2b": "todo toggle", "S2c": "todo delete", "S3a": "table sort",
    "S3b": "table one cell", "S3c": "table filter", "S4": "chat append", "S5": "move last to front",
    "S6": "one word in 5 KB",
}  # fmt: skip


def json_size(frame: bytes) -> int:
    import msgpack

    content = msgpack.unpackb(frame)
    # a bin (a compact ORDER) would travel as a base64 string in JSON
    text = json.dumps(content, separators=(",", ":"), ensure_ascii=False, default=_base64)
    return len(text.encode())


def _base64(value: Any) -> str:
    if not isinstance(value, bytes):
        raise TypeError(f"{type(value).__name__} in a diff frame")
    return base64.b64encode(value).decode("ascii")


def bytes_table(names: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Per scenario: ``diff``, ``classic``, ``json``, ``html`` byte counts, whether connecting
    sent nothing (``quiet``), and the diff frame as hex (small) for the record."""
    from .harness import scenario_frames

    frames = asyncio.run(scenario_frames(names))
    return {
        name: {
            "title": TITLES[name],
            "diff": len(f.diff),
            "classic": len(f.classic),
            "json": json_size(f.diff),
            "html": len(f.html.encode()),
            "quiet": f.quiet,
            "diff_hex": f.diff.hex() if len(f.diff) <= 256 else None,
        }
        for name, f in frames.items()
    }
