"""The benchmark scenarios S1–S6 (bench/README in the design notes) as ordinary templates.

Each template is what an app would write; it takes its event handlers as parameters so the
same code serves the sample site (real ``@consumer`` functions), the benchmark and the golden
tests (``StandIn`` handlers, no Django needed to render). A scenario renders the page's target
element (``<div id="content">``, the ``target_id`` of the canonical base template) in state A
and in state B; the differ compares the two.

Data: ``scenario_data.json`` beside this module (deterministic, from ``random.Random(42)``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from hypergen_vdom.bindings import callback
from hypergen_vdom.tags import (
    b,
    button,
    div,
    footer,
    form,
    input_,
    label,
    li,
    p,
    span,
    table,
    tbody,
    td,
    th,
    thead,
    time_,
    tr,
    ul,
)
from hypergen_vdom.tree import Element, rendering

__all__ = [
    "DATA_PATH",
    "SCENARIOS",
    "Handlers",
    "Scenario",
    "StandIn",
    "chat_page",
    "counter_page",
    "items_page",
    "load_data",
    "prose_page",
    "render_target",
    "scenario",
    "table_page",
    "todo_page",
]

DATA_PATH = Path(__file__).with_name("scenario_data.json")


@cache
def load_data() -> dict[str, Any]:
    with DATA_PATH.open(encoding="utf-8") as file:
        data: dict[str, Any] = json.load(file)
    return data


class StandIn:
    """A handler as ``callback()`` sees it: only its target id (5 characters here)."""

    def __init__(self, handler_id: str) -> None:
        self.handler_id = handler_id
        self.hypergen = self  # callback() asks func.hypergen.callback_target()

    def callback_target(self) -> str:
        return self.handler_id

    def __repr__(self) -> str:
        return f"StandIn({self.handler_id!r})"


class Handlers(NamedTuple):
    increment: Any = StandIn("incr1")
    add: Any = StandIn("addt1")
    toggle: Any = StandIn("togl1")
    delete: Any = StandIn("delt1")
    sort: Any = StandIn("sort1")
    send: Any = StandIn("send1")


# -- templates -------------------------------------------------------------------------------


def counter_page(n: int, increment: Any) -> None:
    count = input_(id="count", value=n, disabled=True)
    button("Increment", onclick=callback(increment, count))


def todo_page(todos: list[dict[str, Any]], add: Any, toggle: Any, delete: Any) -> None:
    text = input_(name="text", placeholder="What needs to be done?", id_="new-todo")
    form(text, onsubmit=callback(add, text, clear=True))
    with ul(id="todo-list"):
        for todo in todos:
            li(
                input_(type="checkbox", checked=todo["done"], onchange=callback(toggle, todo["id"])),
                label(todo["text"]),
                button("x", onclick=callback(delete, todo["id"])),
                sep=" ",
                class_="completed" if todo["done"] else None,
                key=todo["id"],
            )
    footer(f"{sum(not todo['done'] for todo in todos)} items left")


def table_page(rows: list[dict[str, Any]], sort: Any) -> None:
    with table():
        with thead():
            with tr():
                th("ID", onclick=callback(sort, "id"))
                th("Name")
                th("Email")
                th("Score", onclick=callback(sort, "score"))
                th("Date")
        with tbody():
            for row in rows:
                with tr(key=row["id"]):
                    td(row["id"])
                    td(row["name"])
                    td(row["email"])
                    td(row["score"])
                    td(row["date"])


def chat_page(messages: list[dict[str, Any]], send: Any) -> None:
    with div(id="messages"):
        for message in messages:
            div(
                b(message["author"]),
                span(message["text"]),
                time_(message["time"]),
                sep=" ",
                class_="msg",
                key=message["id"],
            )
    body = input_(name="body", id_="chat-body")
    form(body, onsubmit=callback(send, body, clear=True))


def items_page(items: list[dict[str, Any]]) -> None:
    with ul(id="items"):
        for item in items:
            li(item["text"], id=f"item-{item['id']}", key=item["id"])


def prose_page(text: str) -> None:
    p(text)


def render_target(template: Callable[..., None], *args: Any) -> Element:
    """Render ``template(*args)`` into the target ``<div id="content">`` and return that element."""
    with rendering():
        with div(id="content") as target:
            template(*args)
    return target


# -- the scenarios ---------------------------------------------------------------------------


class Scenario(NamedTuple):
    name: str
    title: str
    render_a: Callable[[], Element]
    render_b: Callable[[], Element]


def _todo_states(h: Handlers) -> dict[str, tuple[Callable[[], Element], Callable[[], Element]]]:
    data = load_data()
    todos: list[dict[str, Any]] = data["todos"]
    added = [*todos, {"id": max(t["id"] for t in todos) + 1, "text": data["new_todo_text"], "done": False}]
    toggled = [{**t, "done": not t["done"]} if t["id"] == 50 else t for t in todos]
    deleted = [t for t in todos if t["id"] != 50]

    def page(items: list[dict[str, Any]]) -> Callable[[], Element]:
        return lambda: render_target(todo_page, items, h.add, h.toggle, h.delete)

    return {
        "S2a": (page(todos), page(added)),
        "S2b": (page(todos), page(toggled)),
        "S2c": (page(todos), page(deleted)),
    }


def _table_states(h: Handlers) -> dict[str, tuple[Callable[[], Element], Callable[[], Element]]]:
    data = load_data()
    rows: list[dict[str, Any]] = data["rows"]
    by_score = sorted(rows, key=lambda row: -row["score"])  # stable: ties keep id order
    one_cell = [{**r, "score": data["s3b_new_score"]} if r["id"] == data["s3b_row_id"] else r for r in rows]
    filtered = [r for r in rows if "an" in r["name"]]

    def page(items: list[dict[str, Any]]) -> Callable[[], Element]:
        return lambda: render_target(table_page, items, h.sort)

    return {
        "S3a": (page(rows), page(by_score)),
        "S3b": (page(rows), page(one_cell)),
        "S3c": (page(rows), page(filtered)),
    }


def scenarios(handlers: Handlers | None = None) -> list[Scenario]:
    h = handlers or Handlers()
    data = load_data()
    chat: list[dict[str, Any]] = data["chat"]
    items: list[dict[str, Any]] = data["items"]
    todo = _todo_states(h)
    tables = _table_states(h)
    return [
        Scenario(
            "S1",
            "counter",
            lambda: render_target(counter_page, 1, h.increment),
            lambda: render_target(counter_page, 2, h.increment),
        ),
        Scenario("S2a", "todo add", *todo["S2a"]),
        Scenario("S2b", "todo toggle", *todo["S2b"]),
        Scenario("S2c", "todo delete", *todo["S2c"]),
        Scenario("S3a", "table sort", *tables["S3a"]),
        Scenario("S3b", "table one cell", *tables["S3b"]),
        Scenario("S3c", "table filter", *tables["S3c"]),
        Scenario(
            "S4",
            "chat append",
            lambda: render_target(chat_page, chat, h.send),
            lambda: render_target(chat_page, [*chat, data["chat_new"]], h.send),
        ),
        Scenario(
            "S5",
            "keyed move",
            lambda: render_target(items_page, items),
            lambda: render_target(items_page, [items[-1], *items[:-1]]),
        ),
        Scenario(
            "S6",
            "one word in 5 KB",
            lambda: render_target(prose_page, data["prose_a"]),
            lambda: render_target(prose_page, data["prose_b"]),
        ),
    ]


SCENARIOS = [s.name for s in scenarios()]


def scenario(name: str, handlers: Handlers | None = None) -> Scenario:
    for candidate in scenarios(handlers):
        if candidate.name == name:
            return candidate
    raise KeyError(f"No scenario {name!r}; there are {SCENARIOS}")
