"""The RSS of one daphne process holding many idle websocket connections.

Measured from ``/proc``: after start (warmed by one page and connection), after ``connections``
S1 pages were served (each in a session of its own, as many browsers would: each stores its state
under its signed token, and its session in the database), and after each of those pages'
websockets connected with its session cookie and said hello, then sat idle (a fresh page's hello
is answered with nothing, so there is nothing to acknowledge). Loopback only; the server stops at
the end.
"""

from __future__ import annotations

import asyncio
from typing import Any

from .daphne import Daphne
from .load import get_token, open_socket, raise_fd_limit

__all__ = ["idle_rss"]

PATH = "/bench/s1/"


async def _measure(server: Daphne, connections: int) -> dict[str, Any]:
    warm = await open_socket(server.port, PATH)
    await warm.close()
    await asyncio.sleep(0.5)
    started = server.rss_bytes()
    gate = asyncio.Semaphore(50)  # the listen backlog is finite

    async def served_page() -> tuple[str, str]:
        async with gate:
            return await get_token(server.port, PATH)

    async def opened(page: tuple[str, str]) -> Any:
        async with gate:
            return await open_socket(server.port, PATH, page)

    pages = await asyncio.gather(*(served_page() for _ in range(connections)))
    await asyncio.sleep(0.5)
    served = server.rss_bytes()
    sockets = await asyncio.gather(*(opened(page) for page in pages))
    await asyncio.sleep(2.0)  # idle
    connected = server.rss_bytes()
    still_open = sum(ws.close_code is None for ws in sockets)  # a refused hello closes the socket
    for ws in sockets:
        await ws.close()
    return {
        "connections": len(sockets),
        "connections_open": still_open,
        "rss_started_bytes": started,
        "rss_pages_served_bytes": served,
        "rss_connected_bytes": connected,
        "per_connection_bytes": (connected - started) // connections,
        "per_socket_bytes": (connected - served) // connections,
    }


def idle_rss(connections: int = 1000) -> dict[str, Any]:
    raise_fd_limit(connections * 2 + 256)
    with Daphne() as server:
        return asyncio.run(_measure(server, connections))
