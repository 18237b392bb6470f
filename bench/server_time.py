"""Server time per event, through the real consumer code (``HypergenConsumer`` in-process).

For each scenario a ``HypergenConsumer`` instance is connected to a freshly served page (its
hello finds the tree the HTTP render stored) and then, repeatedly from state A:

- ``core``: what the consumer does for an event between decoding the frame and sending the
  answer — ``decode_args`` + ``_run`` (permission and argument checks, the real handler, and in
  diff mode render + diff + encode through its ``DiffSession``); classic mode adds
  ``result_commands`` (the target's HTML) and ``encode_msgpack``. Synchronous, on this thread.
  In diff mode ``DiffSession.update`` (diff + encode) is also timed alone, so the render is the rest.
- ``receive``: ``await consumer.receive(bytes_data=event)``, the whole protocol handler: msgpack
  decode, the hop to the worker thread (``database_sync_to_async``) and the send.

Between runs the connection goes back to state A (a new ``DiffSession`` on the page's baseline
tree, the handler's per-connection data dropped); every run's frame is checked to be the same.
Also: the time to render each page over HTTP (``django.test.Client`` GET, middleware included).
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable, Sequence
from typing import Any

from .harness import get_page, open_consumer, summary

__all__ = ["http_times", "server_times"]


def _repeat(run: Callable[[], Any], budget: float, min_runs: int, max_runs: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        run()
    gc.collect()
    samples: list[float] = []
    deadline = time.perf_counter() + budget
    while len(samples) < max_runs and (len(samples) < min_runs or time.perf_counter() < deadline):
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    return samples


async def _arepeat(
    run: Callable[[], Any], budget: float, min_runs: int, max_runs: int, warmup: int
) -> list[float]:
    for _ in range(warmup):
        await run()
    gc.collect()
    samples: list[float] = []
    deadline = time.perf_counter() + budget
    while len(samples) < max_runs and (len(samples) < min_runs or time.perf_counter() < deadline):
        start = time.perf_counter()
        await run()
        samples.append(time.perf_counter() - start)
    return samples


def _ms(samples: list[float]) -> dict[str, float]:
    return {key: value * 1000 if key != "n" else value for key, value in summary(samples).items()}


async def _scenario(
    name: str, diff: bool, budget: float, min_runs: int, max_runs: int, warmup: int
) -> dict[str, Any]:
    import msgpack
    from asgiref.sync import sync_to_async

    from hypergen_vdom.action import result_commands
    from hypergen_vdom.coerce import decode_args
    from hypergen_vdom.diffmode import DiffSession

    from .pages import EVENTS

    event = EVENTS[name]
    path = event.path if diff else event.classic_path
    _, token = await sync_to_async(get_page)(path)
    consumer = await open_consumer(path, token)
    handler, raw_args = event.handler, event.args
    page = consumer.page
    if diff:
        tree, next_id = page.tree, page.next_id

    update_samples: list[float] = []

    class TimedSession(DiffSession):  # the real DiffSession; records how long update() took
        __slots__ = ()

        def update(self, content: Any, acked_event_seq: int) -> bytes:
            start = time.perf_counter()
            frame = super().update(content, acked_event_seq)
            update_samples.append(time.perf_counter() - start)
            return frame

    def reset() -> None:
        consumer.__dict__.pop("bench", None)
        if diff:
            consumer.diff = TimedSession(tree, next_id, 0)

    frames: set[bytes] = set()

    def core() -> None:
        reset()
        start = time.perf_counter()
        result, frame = consumer._run(handler, decode_args(raw_args), 1)
        if frame is None:
            frame = consumer.encode_msgpack(["c", 1, result_commands(result)])
        elapsed = time.perf_counter() - start
        frames.add(frame)
        core_samples.append(elapsed)

    core_samples: list[float] = []
    _repeat(core, budget, min_runs, max_runs, warmup)  # the run times itself: reset() is not timed
    core_samples = core_samples[warmup:]
    diff_samples = update_samples[warmup:]

    event_bytes = msgpack.packb([1, handler.hypergen_handler_id, raw_args])
    receive_samples: list[float] = []

    async def receive() -> None:
        reset()
        consumer.sent.clear()
        start = time.perf_counter()
        await consumer.receive(bytes_data=event_bytes)
        receive_samples.append(time.perf_counter() - start)
        frames.add(consumer.sent[-1]["bytes"])

    await _arepeat(receive, budget / 2, max(3, min_runs // 2), max_runs, warmup)
    receive_samples = receive_samples[warmup:]
    if len(frames) != 1:
        raise RuntimeError(f"{name}: runs answered with {len(frames)} different frames")
    return {
        "core_ms": _ms(core_samples),
        # diff mode: DiffSession.update (diff + encode) within core; the rest is the handler's render
        "diff_encode_ms": _ms(diff_samples) if diff else None,
        "receive_ms": _ms(receive_samples),
        "frame_bytes": len(frames.pop()),
    }


def server_times(
    names: Sequence[str], budget: float = 1.0, min_runs: int = 20, max_runs: int = 3000, warmup: int = 3
) -> dict[str, dict[str, Any]]:
    """Per scenario: ``{"diff": {...}, "classic": {...}}``, each with ``core_ms`` and ``receive_ms``
    summaries (median, p10, p90, min, n) and the answer's size."""

    async def main() -> dict[str, dict[str, Any]]:
        result = {}
        for name in names:
            result[name] = {
                "diff": await _scenario(name, True, budget, min_runs, max_runs, warmup),
                "classic": await _scenario(name, False, budget, min_runs, max_runs, warmup),
            }
        return result

    return asyncio.run(main())


def http_times(
    paths: Sequence[str], budget: float = 1.0, min_runs: int = 10, max_runs: int = 500, warmup: int = 2
) -> dict[str, dict[str, Any]]:
    """Per page path: the time of one GET through Django's test client (render, HTML, middleware,
    storing the page's state) and the page's size."""
    from django.test import Client

    from hypergen_vdom.store import page_store

    from .harness import HOST, TOKEN

    client = Client(HTTP_HOST=HOST)
    result = {}
    for path in paths:
        bodies: list[bytes] = []

        def get() -> None:
            bodies.append(client.get(path).content)  # noqa: B023 — called within this iteration

        samples = _repeat(get, budget, min_runs, max_runs, warmup)
        for body in bodies:  # don't let hundreds of 1000-row trees pile up in the page store
            match = TOKEN.search(body.decode())
            if match:
                page_store().discard(match.group(1))
        result[path] = {"ms": _ms(samples), "bytes": len(bodies[-1])}
    return result
