"""S2: 100 todos; S2b toggles todo 50 (``phx-click="toggle" phx-value-id=…``)."""

from __future__ import annotations

import copy
from typing import Any, TypedDict

from pyview import LiveView, LiveViewSocket

from .data import DATA


class TodoContext(TypedDict):
    todos: list[dict[str, Any]]
    left: int


class TodoLiveView(LiveView[TodoContext]):
    async def mount(self, socket: LiveViewSocket[TodoContext], session: dict[str, Any]) -> None:
        todos = copy.deepcopy(DATA["todos"])
        socket.context = TodoContext(todos=todos, left=sum(not t["done"] for t in todos))

    async def handle_event(self, event: str, payload: dict[str, Any], socket: Any) -> None:
        todos = socket.context["todos"]
        if event == "toggle":
            todo_id = int(payload["id"])
            for todo in todos:
                if todo["id"] == todo_id:
                    todo["done"] = not todo["done"]
        elif event == "delete":
            todo_id = int(payload["id"])
            socket.context["todos"] = todos = [t for t in todos if t["id"] != todo_id]
        socket.context["left"] = sum(not t["done"] for t in todos)
