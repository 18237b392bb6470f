"""Server time per event, through the real consumer code (``HypergenConsumer`` in-process).

For each scenario a ``HypergenConsumer`` instance is connected to a freshly served page (its
hello, with the page's session, finds the tree the HTTP render stored) and then, repeatedly from
state A:

- ``core``: what the consumer does for an event between decoding the frame and sending the
  answer — ``decode_args`` + ``LivePage.run`` (permission and argument checks, the real handler,
  in diff mode render + diff + encode through the page's ``DiffSession``, in classic mode
  ``result_commands`` (the target's HTML) + msgpack, then saving the page's snapshot — the
  consumer's app state pickled — to the page store). Synchronous, on this thread. In diff mode
  ``DiffSession.update`` (diff + encode) is also timed alone, so the render is the rest; the
  snapshot save is timed alone too (``save_ms``).
- ``receive``: ``await consumer.receive(bytes_data=event)``, the whole protocol handler: msgpack
  decode, the checks (handler bound, seq new), the hop to a worker thread (``in_worker``) and the
  send.

S2–S5 are also measured on their diff page with memoized rows (``/bench/s3-memo/`` …: rows as
``@memo`` functions, see ``bench/pages.py``), reported as ``"memo"``; its frame must be the plain
page's, byte for byte.

Between runs the connection goes back to state A (a new ``DiffSession`` on the page's baseline
tree, with a copy of the baseline's ``@memo`` cache, the handler's per-connection data dropped,
the page's last applied event seq back to 0 so seq 1 is new again); every run's frame is checked
to be the same. The server's abuse limits are
raised meanwhile (``harness.bench_limits``).
Also: the time to render each page over HTTP (``django.test.Client`` GET, middleware included).
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import time
from collections.abc import Callable, Sequence
from typing import Any

from .harness import bench_limits, close_consumer, get_page, open_consumer, summary

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
    name: str, diff: bool, budget: float, min_runs: int, max_runs: int, warmup: int, memo: bool = False
) -> dict[str, Any]:
    import msgpack
    from asgiref.sync import sync_to_async
    from django.conf import settings

    from hypergen_vdom.coerce import decode_args
    from hypergen_vdom.diffmode import DiffSession

    from .pages import EVENTS

    event = EVENTS[name]
    path = event.memo_path if memo else event.path if diff else event.classic_path
    consumer = await open_consumer(await sync_to_async(get_page)(path))
    page = consumer._hv_page  # the LivePage its hello opened
    handler, raw_args = event.handler, event.args
    if diff:
        tree, next_id = page.state.session.tree, page.state.session.next_id
        # the @memo outputs of the page's HTTP render (a memoized page's first event reuses them)
        baseline_memo = page.state.session.memo

    update_samples: list[float] = []
    save_samples: list[float] = []

    class TimedSession(DiffSession):  # the real DiffSession; records how long update() took
        __slots__ = ()

        def update(self, content: Any, acked_event_seq: int) -> bytes:
            start = time.perf_counter()
            frame = super().update(content, acked_event_seq)
            update_samples.append(time.perf_counter() - start)
            return frame

    real_save = page.save

    def timed_save(on: Any) -> None:  # the real LivePage.save; records how long it took
        start = time.perf_counter()
        real_save(on)
        save_samples.append(time.perf_counter() - start)

    page.save = timed_save

    def reset() -> None:
        consumer.__dict__.pop("bench", None)
        page.state.last_event_seq, page.state.last_answer = 0, ()
        if diff:
            page.state.session = TimedSession(tree, next_id, 0, baseline_memo.copy())

    frames: set[bytes] = set()

    def core() -> None:
        reset()
        start = time.perf_counter()
        answer, problem = page.run(handler, consumer, decode_args(raw_args), 1, settings.DEBUG)
        elapsed = time.perf_counter() - start
        if problem or len(answer) != 1:
            raise RuntimeError(f"{name}: {problem or f'{len(answer)} frames'}")
        frames.add(answer[0])
        core_samples.append(elapsed)

    core_samples: list[float] = []
    _repeat(core, budget, min_runs, max_runs, warmup)  # the run times itself: reset() is not timed
    core_samples = core_samples[warmup:]
    diff_samples = update_samples[warmup:]
    core_save_samples = save_samples[warmup:]

    event_bytes = msgpack.packb([1, handler.hypergen.handler_id, raw_args])
    receive_samples: list[float] = []

    async def receive() -> None:
        reset()
        consumer.sent.clear()
        start = time.perf_counter()
        await consumer.receive(bytes_data=event_bytes)
        receive_samples.append(time.perf_counter() - start)
        (sent,) = consumer.sent
        frames.add(sent["bytes"])

    await _arepeat(receive, budget / 2, max(3, min_runs // 2), max_runs, warmup)
    receive_samples = receive_samples[warmup:]
    await close_consumer(consumer)
    if len(frames) != 1:
        raise RuntimeError(f"{name}: runs answered with {len(frames)} different frames")
    frame = frames.pop()
    return {
        "core_ms": _ms(core_samples),
        # core without the snapshot save: handler + render + diff + encode (issue 10's figure)
        "event_ms": (
            _ms([core - save for core, save in zip(core_samples, core_save_samples, strict=True)])
            if len(core_save_samples) == len(core_samples)
            else None
        ),
        # diff mode: DiffSession.update (diff + encode) within core; the rest is the handler's render
        "diff_encode_ms": _ms(diff_samples) if diff else None,
        # LivePage.save within core: the consumer's app state pickled, the snapshot stored
        "save_ms": _ms(core_save_samples),
        "receive_ms": _ms(receive_samples),
        "frame_bytes": len(frame),
        "frame_sha256": hashlib.sha256(frame).hexdigest(),
    }


def server_times(
    names: Sequence[str], budget: float = 1.0, min_runs: int = 20, max_runs: int = 3000, warmup: int = 3
) -> dict[str, dict[str, Any]]:
    """Per scenario: ``{"diff": {...}, "classic": {...}}``, each with ``core_ms`` and ``receive_ms``
    summaries (median, p10, p90, min, n) and the answer's size; S2–S5 also ``"memo"``: the diff
    page whose rows are ``@memo`` functions (its frame must be the plain diff page's, byte for byte)."""
    from .pages import MEMO_SCENARIOS

    async def main() -> dict[str, dict[str, Any]]:
        result = {}
        for name in names:
            result[name] = {
                "diff": await _scenario(name, True, budget, min_runs, max_runs, warmup),
                "classic": await _scenario(name, False, budget, min_runs, max_runs, warmup),
            }
            if name in MEMO_SCENARIOS:
                memoized = await _scenario(name, True, budget, min_runs, max_runs, warmup, memo=True)
                if memoized["frame_sha256"] != result[name]["diff"]["frame_sha256"]:
                    raise RuntimeError(f"{name}: the memoized page answered another frame")
                result[name]["memo"] = memoized
        return result

    with bench_limits():
        result = asyncio.run(main())
    for name, entry in result.items():
        if "memo" in entry:
            plain, memoized = entry["diff"]["core_ms"]["median"], entry["memo"]["core_ms"]["median"]
            print(f"    {name}: diff core {plain:.2f} ms, memoized rows {memoized:.2f} ms", flush=True)
    return result


def http_times(
    paths: Sequence[str], budget: float = 1.0, min_runs: int = 10, max_runs: int = 500, warmup: int = 2
) -> dict[str, dict[str, Any]]:
    """Per page path: the time of one GET through Django's test client (render, HTML, middleware,
    storing the page's state, signing its token) and the page's size. One client, so one session:
    the warm-up's first GET creates it, the timed ones reuse it, as a browser's next visit would."""
    from django.test import Client

    from hypergen_vdom.store import page_store
    from hypergen_vdom.testing.communicator import cookie_header

    from .harness import HOST, TOKEN, store_key

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
                page_store().discard(store_key(match.group(1), cookie_header(client)))
        result[path] = {"ms": _ms(samples), "bytes": len(bodies[-1])}
    return result
