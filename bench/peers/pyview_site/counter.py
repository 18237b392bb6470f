"""S1: a counter (pyview's idiom: context on the socket, ``phx-click``, template ``counter.html``)."""

from __future__ import annotations

from typing import Any, TypedDict

from pyview import LiveView, LiveViewSocket


class CounterContext(TypedDict):
    count: int


class CounterLiveView(LiveView[CounterContext]):
    async def mount(self, socket: LiveViewSocket[CounterContext], session: dict[str, Any]) -> None:
        socket.context = CounterContext(count=1)

    async def handle_event(self, event: str, payload: dict[str, Any], socket: Any) -> None:
        if event == "increment":
            socket.context["count"] += 1
