"""The peers' columns and notes in the report's bytes and server-time tables (``bench/sections.py``).

Only when the run had the peers section: then every peer has a column, marked "measured this run",
whether or not it could be measured; a peer that could not is "–" in its column and explained
below the table (not installed, or failed, with the reason).
"""

from __future__ import annotations

from typing import Any

from ..fmt import num, spread

__all__ = ["peer_bytes_cells", "peer_headers", "peer_notes", "peer_server_cells"]


def _peers(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    peers: dict[str, dict[str, Any]] = results.get("peers") or {}
    return peers


def peer_headers(results: dict[str, Any]) -> list[str]:
    headers = []
    for peer in _peers(results).values():
        version = f" {peer['version']}" if peer.get("version") else ""
        headers.append(f"{peer['title']}{version}, measured this run")
    return headers


def _scenario(peer: dict[str, Any], name: str) -> dict[str, Any] | None:
    entry: dict[str, Any] | None = (peer.get("scenarios") or {}).get(name)
    return entry


def peer_bytes_cells(results: dict[str, Any], name: str) -> list[str]:
    cells = []
    for peer in _peers(results).values():
        entry = _scenario(peer, name)
        cells.append(f"**{num(entry['bytes'])}**" if entry else "–")
    return cells


def peer_server_cells(results: dict[str, Any], name: str) -> list[str]:
    cells = []
    for peer in _peers(results).values():
        entry = _scenario(peer, name)
        cells.append(f"**{spread(entry['core_ms'])}** ×{entry['core_ms']['n']}" if entry else "–")
    return cells


def peer_notes(results: dict[str, Any], what: str) -> list[str]:
    """Below a table: how each peer was measured, or why it was not. ``what``: "bytes" or "server"."""
    lines = []
    for peer in _peers(results).values():
        title = f"{peer['title']} {peer.get('version', '')}".strip()
        if peer.get("status") != "measured":
            lines.append(f"- **{title}: {peer.get('status', 'not measured')}** — {peer.get('reason', '?')}")
        elif what == "bytes":
            extra = ""
            first = _scenario(peer, "S1") or {}
            if "header_bytes" in first:
                extra = f" (its HTTP headers, not counted: {num(first['header_bytes'])} B more)"
            lines.append(
                f"- {title}: {peer['transport']}{extra}, for one event on a freshly served page of its "
                "own server (uvicorn, 127.0.0.1), sent as its browser client sends it."
            )
        else:
            lines.append(f"- {title}: {_SERVER_NOTES.get(peer['title'], '')}")
    return ["", "Peers measured this run (S1, S2b, S3a, S3b; `bench/peers/`):", "", *lines] if lines else []


_SERVER_NOTES = {
    "Hypergen": "the `@action` view in-process with the POST its client sends (permission check, "
    "arguments, the handler rendering the target, every event handler's callback and the target's "
    "HTML as JSON commands); no middleware, no HTTP. Median (p10–p90) ×runs.",
    "pyview": "what its websocket handler does for an `event` (`call_handle_event`, `_render`, "
    "`socket.diff`, the `phx_reply` as JSON) on a mounted view; no transport. Median (p10–p90) ×runs.",
}
