"""Server time per event for pyview 0.9, in-process (run in ``.bench-venvs/pyview``):

    cd bench/peers
    ../../.bench-venvs/pyview/bin/python -m pyview_site.timing [budget] [min] [max] [warmup]

Per scenario, from state A over and over (a fresh LiveView mounted on a ``ConnectedLiveViewSocket``
and rendered once, untimed, as its join does): what pyview's websocket handler does for an
``event`` message — ``call_handle_event`` (binding the payload, the handler), ``_render`` (the
template's tree), ``socket.diff`` (against the previous tree) and the reply encoded as JSON
(``[join_ref, ref, topic, "phx_reply", {"response": {"diff": …}, "status": "ok"}]``). The socket
and its transport are not in it (like ``core`` on our side). Prints JSON.
"""

from __future__ import annotations

import asyncio
import json
import sys
import uuid
from typing import Any


async def main(argv: list[str]) -> None:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler
    from peer_common import SCENARIOS, events, repeat, summary_ms
    from pyview.binding import call_handle_event, call_mount, create_view
    from pyview.instrumentation import NoOpInstrumentation
    from pyview.live_socket import ConnectedLiveViewSocket
    from pyview.ws_handler import _render

    from .app import app

    budget, min_runs, max_runs, warmup = (float(argv[0]) if argv else 1.0), 20, 3000, 3
    if len(argv) > 1:
        min_runs, max_runs, warmup = int(argv[1]), int(argv[2]), int(argv[3])
    scheduler = AsyncIOScheduler()
    topic = f"lv:phx-{uuid.uuid4()}"  # as long as a served page's: the same frame as on the wire
    result: dict[str, Any] = {}
    for name in SCENARIOS:
        event = events("pyview")[name]
        view_class, _ = app.view_lookup.get(event.page)

        async def mount(view_class: Any = view_class) -> Any:
            view = create_view(view_class, {})
            socket = ConnectedLiveViewSocket(None, topic, view, scheduler, NoOpInstrumentation(), None)
            await call_mount(view, socket, {})
            socket.prev_rendered = await _render(socket)
            return socket

        async def answer(socket: Any, event: Any = event) -> bytes:
            await call_handle_event(socket.liveview, event.name, dict(event.args), socket)
            rendered = await _render(socket)
            hook_events = {} if not socket.pending_events else {"e": socket.pending_events}
            diff = socket.diff(rendered)
            socket.pending_events = []
            reply = ["4", "5", topic, "phx_reply", {"response": {"diff": diff | hook_events}, "status": "ok"}]
            return json.dumps(reply).encode()

        # The loop is running: prepare/run step it by hand (run_until_complete can't nest), so each
        # run is the coroutine alone, driven to completion synchronously (it never waits on I/O).
        def drive(coroutine: Any) -> Any:
            try:
                coroutine.send(None)
            except StopIteration as done:
                return done.value
            coroutine.close()
            raise RuntimeError("the handler waited on I/O")

        def prepare(mount: Any = mount) -> Any:
            return drive(mount())

        def run(socket: Any, answer: Any = answer) -> bytes:
            data: bytes = drive(answer(socket))
            return data

        samples, answers = repeat(prepare, run, budget, min_runs, max_runs, warmup)
        if len(answers) != 1:
            raise RuntimeError(f"{name}: runs answered with {len(answers)} different frames")
        result[name] = {"core_ms": summary_ms(samples), "frame_bytes": len(answers.pop())}
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
