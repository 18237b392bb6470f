"""S3: a 1000×5 table; S3a sorts by score (``phx-click="sort"``), S3b changes one cell (``set_score``)."""

from __future__ import annotations

from typing import Any, TypedDict

from pyview import LiveView, LiveViewSocket

from .data import DATA


class TableContext(TypedDict):
    rows: list[dict[str, Any]]


class TableLiveView(LiveView[TableContext]):
    async def mount(self, socket: LiveViewSocket[TableContext], session: dict[str, Any]) -> None:
        socket.context = TableContext(rows=list(DATA["rows"]))

    async def handle_event(self, event: str, payload: dict[str, Any], socket: Any) -> None:
        rows = socket.context["rows"]
        if event == "sort":
            if payload["column"] == "score":
                rows = sorted(rows, key=lambda row: -row["score"])
            elif payload["column"] == "id":
                rows = sorted(rows, key=lambda row: row["id"])
        elif event == "set_score":
            row_id, score = int(payload["row_id"]), int(payload["score"])
            rows = [{**row, "score": score} if row["id"] == row_id else row for row in rows]
        socket.context["rows"] = rows
