"""Load on daphne: N websocket clients, each firing the S2b event once per second.

Levels run on one daphne process (in-memory channel layer and page store), and, for
``redis_levels``, on two daphne processes sharing a Redis (``HYPERGEN_REDIS_URL``: the channel
layer and the page store on Redis; a scratch ``redis-server`` on a free loopback port unless a URL
is given), with the clients split between the two (client i talks to daphne i mod 2 only: its GET
and its websocket, as behind a load balancer with sticky sessions: each daphne has its own
session database).

Every client does what a browser tab of the todo page does: GET ``/bench/s2/`` (or, for the
levels of the memoized page, ``/bench/s2-memo/``: rows as ``@memo`` functions) (its page token
and the session cookie the token is bound to), open the page's websocket with that cookie, say
hello (with a tab id of its own), then send the S2b event (toggle todo 50; the page's state on
the consumer flips each time, so each event changes the page) once a second for ``duration``
seconds, at its own offset within the second, acknowledging what it receives every 64 KiB
(``["ack", bytes]``) as the browser's client does. Each event's answer is the frame whose
acked_event_seq is the event's seq; latency is send → that frame, measured by the client.
After the last send, clients keep waiting for outstanding answers, up to ``drain`` seconds (an
overloaded server works through its backlog meanwhile); an event still unanswered then is counted
as lost. Loopback only; every loop is bounded in count and
time; the servers are stopped at the end of each level.
"""

from __future__ import annotations

import asyncio
import importlib.util
import random
import resource
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import msgpack

from .daphne import HOST, Daphne
from .harness import TOKEN, summary
from .redis_server import RedisServer, redis_available

__all__ = ["ACK_EVERY", "Acker", "get_token", "load_levels", "open_socket", "raise_fd_limit"]

# The browser client acknowledges every 64 KiB received (docs/protocol.md §5, flow control).
ACK_EVERY = 65_536


def raise_fd_limit(needed: int) -> int:
    """Raise this process's open-file limit (children inherit it) to at least ``needed``."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        soft = min(max(needed, soft), hard) if hard != resource.RLIM_INFINITY else needed
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    return soft


async def get_token(port: int, path: str) -> tuple[str, str]:
    """GET ``path``: its page token, and the ``Cookie`` header a browser would send next (the
    session the token is bound to)."""
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        response = await asyncio.wait_for(reader.read(), 60)
    finally:
        writer.close()
    head, _, body = response.partition(b"\r\n\r\n")
    cookies = []
    for line in head.decode("latin-1").split("\r\n")[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "set-cookie":
            cookies.append(value.strip().split(";", 1)[0])
    match = TOKEN.search(body.decode(errors="replace"))
    if match is None:
        raise RuntimeError(f"no page token in GET {path}: {response[:200]!r}")
    return match.group(1), "; ".join(cookies)


async def open_socket(port: int, path: str, page: tuple[str, str] | None = None) -> Any:
    """The page's websocket, after its hello (``page``: its token and cookies; GET the page for
    them first when not given)."""
    from websockets.asyncio.client import connect
    from websockets.typing import Origin

    token, cookies = page if page is not None else await get_token(port, path)
    ws = await connect(
        f"ws://{HOST}:{port}/ws/hypergen/",
        origin=Origin(f"http://{HOST}:{port}"),  # AllowedHostsOriginValidator wants one
        additional_headers={"Cookie": cookies} if cookies else None,  # the session: the token's
        compression=None,
        proxy=None,  # loopback, never through a proxy from the environment
        open_timeout=60,
        ping_interval=None,
        max_size=2**22,
    )
    await ws.send(msgpack.packb(["hello", token, 0, path, secrets.token_hex(16)]))
    return ws


class Acker:
    """Flow control as the browser's client does it: after every ``ACK_EVERY`` bytes received on
    the socket, ``["ack", total bytes received]``."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.received = 0
        self.acked = 0

    async def received_message(self, message: bytes | str) -> None:
        self.received += len(message)
        if self.received - self.acked >= ACK_EVERY:
            self.acked = self.received
            await self.ws.send(msgpack.packb(["ack", self.received]))


@dataclass
class _Stats:
    latencies: list[float] = field(default_factory=list)
    sent: int = 0
    answered: int = 0
    error_frames: int = 0
    failures: int = 0  # connect failures, dropped connections
    unexpected: int = 0  # frames acknowledging no outstanding event
    messages: list[str] = field(default_factory=list)
    first_send: float = float("inf")
    last_answer: float = 0.0


async def _client(
    ws: Any,
    handler_id: str,
    args: list[Any],
    start: float,
    duration: int,
    drain: float,
    offset: float,
    stats: _Stats,
) -> None:
    loop = asyncio.get_running_loop()
    pending: dict[int, float] = {}
    done_sending = asyncio.Event()
    all_answered = asyncio.Event()

    acker = Acker(ws)

    async def read() -> None:
        async for message in ws:
            now = loop.time()
            await acker.received_message(message)
            frame = msgpack.unpackb(message)
            head = frame[0]
            if type(head) is int or head in ("e", "c"):
                sent_at = pending.pop(frame[1], None)
                if sent_at is None:
                    stats.unexpected += 1
                elif head == "e":
                    stats.error_frames += 1
                    stats.messages.append(str(frame[2])[:200])
                else:
                    stats.answered += 1
                    stats.latencies.append(now - sent_at)
                    stats.last_answer = max(stats.last_answer, now)
            if done_sending.is_set() and not pending:
                all_answered.set()

    reader = asyncio.create_task(read())
    try:
        for k in range(duration):
            await asyncio.sleep(max(0.0, start + offset + k - loop.time()))
            if reader.done():
                break
            seq = k + 1
            pending[seq] = now = loop.time()
            try:
                await ws.send(msgpack.packb([seq, handler_id, args]))
            except Exception:  # the connection is gone: its reader ends and reports why
                pending.pop(seq, None)
                break
            stats.first_send = min(stats.first_send, now)
            stats.sent += 1
        done_sending.set()
        if pending and not reader.done():
            waiter = asyncio.ensure_future(all_answered.wait())
            await asyncio.wait([waiter, reader], timeout=drain, return_when=asyncio.FIRST_COMPLETED)
            waiter.cancel()
        if reader.done() and not reader.cancelled():  # the server closed or broke the connection
            stats.failures += 1
            stats.messages.append(repr(reader.exception() or "connection closed by the server")[:200])
    finally:
        reader.cancel()
        await ws.close()


async def _level(
    servers: list[Daphne],
    clients: int,
    duration: int,
    drain: float,
    redis: RedisServer | None = None,
    page: str = "plain",
) -> dict[str, Any]:
    from .pages import EVENTS

    event = EVENTS["S2b"]
    path = event.memo_path if page == "memo" else event.path
    stats = _Stats()
    gate = asyncio.Semaphore(50)  # the listen backlog is finite: connect 50 at a time

    async def opened(index: int) -> Any:
        async with gate:
            try:
                return await open_socket(servers[index % len(servers)].port, path)
            except Exception as error:
                stats.failures += 1
                stats.messages.append(f"connect: {error!r}"[:200])
                return None

    def cpu() -> float:
        return sum(server.cpu_seconds() for server in servers)

    connect_start = time.perf_counter()
    sockets = [ws for ws in await asyncio.gather(*(opened(i) for i in range(clients))) if ws is not None]
    connect_seconds = time.perf_counter() - connect_start
    await asyncio.sleep(1.0)  # let the hellos land
    rss_connected = sum(server.rss_bytes() for server in servers)
    rng = random.Random(42)
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.5
    cpu_start, wall_start, client_start = cpu(), time.perf_counter(), time.process_time()
    redis_start = redis.cpu_seconds() if redis is not None else None
    await asyncio.gather(
        *(
            _client(
                ws, event.handler.hypergen.handler_id, event.args, start, duration, drain, rng.random(), stats
            )
            for ws in sockets
        )
    )
    server_cpu, wall = cpu() - cpu_start, time.perf_counter() - wall_start
    client_cpu = time.process_time() - client_start
    redis_cpu = redis.cpu_seconds() - redis_start if redis is not None and redis_start is not None else None
    lost = stats.sent - stats.answered - stats.error_frames
    if stats.failures or stats.error_frames:
        stats.messages[:0] = _server_errors(servers)  # first: why the server closed connections
    window = max(stats.last_answer - stats.first_send, 1e-9) if stats.answered else 0.0
    return {
        "clients": clients,
        "page": page,
        "servers": len(servers),
        "channel_layer": "redis" if servers[0].env.get("HYPERGEN_REDIS_URL") else "in-memory",
        "connected": len(sockets),
        "connect_seconds": round(connect_seconds, 2),
        "duration_s": duration,
        "sent": stats.sent,
        "answered": stats.answered,
        "events_per_s": round(stats.answered / window, 1) if window else 0.0,
        "offered_per_s": len(sockets),
        "latency_ms": {k: (v * 1000 if k != "n" else v) for k, v in summary(stats.latencies).items()}
        | {"p99": _p99(stats.latencies) * 1000},
        "errors": stats.error_frames + stats.failures,
        "lost": lost,
        "unexpected_frames": stats.unexpected,
        "messages": stats.messages[:5],
        "server_cpu_percent": round(100 * server_cpu / wall, 1),  # all daphnes together
        "server_cpu_ms_per_event": round(1000 * server_cpu / stats.answered, 2) if stats.answered else None,
        "redis_cpu_ms_per_event": (
            round(1000 * redis_cpu / stats.answered, 2) if redis_cpu is not None and stats.answered else None
        ),
        "client_cpu_percent": round(100 * client_cpu / wall, 1),
        "wall_s": round(wall, 1),
        "rss_connected_bytes": rss_connected,
        "drain_s": drain,
    }


def _server_errors(servers: list[Daphne]) -> list[str]:
    """The exception that ended the first traceback in each server's log (why it closed a
    connection), after the exceptions it was chained from."""
    found = []
    for number, server in enumerate(servers, 1):
        lines = server.log().splitlines()
        start = next((i for i, line in enumerate(lines) if line.startswith("Traceback")), None)
        if start is None:
            continue
        final = "?"
        for i in range(start + 1, len(lines)):
            line = lines[i]
            chained = ("Traceback", "During handling", "The above exception")
            if not line.strip() or line[0].isspace() or line.startswith(chained):
                continue
            final = line  # an exception line; does the chain go on?
            following = next((later for later in lines[i + 1 : i + 4] if later.strip()), "")
            if not following.startswith(chained):
                break
        chains = sum(line.startswith(("During handling", "The above exception")) for line in lines)
        count = sum(line.startswith("Traceback") for line in lines) - chains
        found.append(f"daphne {number} ({count} errors logged): {final}"[:200])
    return found


def _p99(samples: list[float]) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def load_levels(
    levels: tuple[int, ...] = (100, 500, 1000, 2000),
    duration: int = 15,
    drain: float = 15.0,
    redis_levels: tuple[int, ...] = (1000,),
    redis_url: str | None = None,
    memo_levels: tuple[int, ...] = (),
) -> list[dict[str, Any]]:
    """The results of each level: ``levels`` on one fresh daphne each, each of ``memo_levels`` too
    on the page with memoized rows (``/bench/s2-memo/``, the same event; ``page``: "memo"), then
    ``redis_levels`` on two fresh daphnes sharing a Redis (``redis_url``, else a scratch
    ``redis-server``). A Redis level that can't run here is reported with ``skipped`` (the reason)
    instead."""
    raise_fd_limit(max((*levels, *memo_levels, *redis_levels), default=0) * 2 + 256)
    results = []
    # side by side: each size on the plain page, then on the memoized one
    runs = sorted([(n, 0, "plain") for n in levels] + [(n, 1, "memo") for n in memo_levels])
    for clients, _, page in runs:
        started = time.perf_counter()
        with Daphne() as server:
            results.append(asyncio.run(_level([server], clients, duration, drain, page=page)))
        seconds = time.perf_counter() - started
        print(f"    {clients} clients, one daphne, {page} page: {seconds:.0f} s", flush=True)
    for clients in redis_levels:
        skipped = None
        if importlib.util.find_spec("channels_redis") is None:
            skipped = "channels-redis is not installed in this venv (scripts/bench.sh installs it)"
        elif redis_url is None and redis_available() is None:
            skipped = "no redis-server on PATH (apt-get install redis-server)"
        if skipped:
            results.append({"clients": clients, "servers": 2, "channel_layer": "redis", "skipped": skipped})
            continue
        started = time.perf_counter()
        results.append(_redis_level(clients, duration, drain, redis_url))
        seconds = time.perf_counter() - started
        print(f"    {clients} clients, two daphnes + Redis: {seconds:.0f} s", flush=True)
    return results


def _redis_level(clients: int, duration: int, drain: float, redis_url: str | None) -> dict[str, Any]:
    if redis_url is None:
        with RedisServer() as redis:
            with Daphne(redis_url=redis.url) as first, Daphne(redis_url=redis.url) as second:
                return asyncio.run(_level([first, second], clients, duration, drain, redis))
    with Daphne(redis_url=redis_url) as first, Daphne(redis_url=redis_url) as second:
        return asyncio.run(_level([first, second], clients, duration, drain))
