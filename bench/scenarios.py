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
from hypergen_vdom.memo import MemoCache, memo
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
    "MEMO_SCENARIOS",
    "SCENARIOS",
    "Handlers",
    "Scenario",
    "StandIn",
    "chat_page",
    "chat_page_memo",
    "counter_page",
    "items_page",
    "items_page_memo",
    "load_data",
    "memo_scenarios",
    "prose_page",
    "render_target",
    "scenario",
    "table_page",
    "table_page_memo",
    "todo_page",
    "todo_page_memo",
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

    def memo_key(self) -> str:
        """A stand-in is a constant: its id is all a ``@memo`` row that binds it depends on."""
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


def _table_head(sort: Any) -> None:
    """The header both table pages share: sorting by id and by score."""
    with thead():
        with tr():
            th("ID", onclick=callback(sort, "id"))
            th("Name")
            th("Email")
            th("Score", onclick=callback(sort, "score"))
            th("Date")


def table_page(rows: list[dict[str, Any]], sort: Any) -> None:
    with table():
        _table_head(sort)
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


# -- the same templates with memoized rows (``@memo``: a row renders only when its values change) --
#
# Same output, node for node, as the templates above: the rows take the values they show (a todo
# dict may be changed in place by its handler, so it is never the argument itself).


@memo
def todo_row(todo_id: int, text: str, done: bool, toggle: Any, delete: Any) -> None:
    li(
        input_(type="checkbox", checked=done, onchange=callback(toggle, todo_id)),
        label(text),
        button("x", onclick=callback(delete, todo_id)),
        sep=" ",
        class_="completed" if done else None,
        key=todo_id,
    )


def todo_page_memo(todos: list[dict[str, Any]], add: Any, toggle: Any, delete: Any) -> None:
    text = input_(name="text", placeholder="What needs to be done?", id_="new-todo")
    form(text, onsubmit=callback(add, text, clear=True))
    with ul(id="todo-list"):
        for todo in todos:
            todo_row(todo["id"], todo["text"], todo["done"], toggle, delete)
    footer(f"{sum(not todo['done'] for todo in todos)} items left")


@memo
def table_row(row_id: int, name: str, email: str, score: int, date: str) -> None:
    with tr(key=row_id):
        td(row_id)
        td(name)
        td(email)
        td(score)
        td(date)


def table_page_memo(rows: list[dict[str, Any]], sort: Any) -> None:
    with table():
        _table_head(sort)
        with tbody():
            for row in rows:
                table_row(row["id"], row["name"], row["email"], row["score"], row["date"])


@memo
def chat_message(message_id: int, author: str, text: str, time: str) -> None:
    div(b(author), span(text), time_(time), sep=" ", class_="msg", key=message_id)


def chat_page_memo(messages: list[dict[str, Any]], send: Any) -> None:
    with div(id="messages"):
        for message in messages:
            chat_message(message["id"], message["author"], message["text"], message["time"])
    body = input_(name="body", id_="chat-body")
    form(body, onsubmit=callback(send, body, clear=True))


@memo
def item_row(item_id: int, text: str) -> None:
    li(text, id=f"item-{item_id}", key=item_id)


def items_page_memo(items: list[dict[str, Any]]) -> None:
    with ul(id="items"):
        for item in items:
            item_row(item["id"], item["text"])


def render_target(template: Callable[..., None], *args: Any, memo: MemoCache | None = None) -> Element:
    """Render ``template(*args)`` into the target ``<div id="content">`` and return that element
    (``memo``: the ``@memo`` cache the render reuses and fills, as a connection's would)."""
    with rendering(memo):
        with div(id="content") as target:
            template(*args)
    return target


# -- the scenarios ---------------------------------------------------------------------------


class Scenario(NamedTuple):
    name: str
    title: str
    render_a: Callable[..., Element]  # memo_scenarios() take an optional MemoCache
    render_b: Callable[..., Element]


_States = dict[str, tuple[Callable[..., Element], Callable[..., Element]]]


def _todo_states(h: Handlers, template: Callable[..., None] = todo_page) -> _States:
    data = load_data()
    todos: list[dict[str, Any]] = data["todos"]
    added = [*todos, {"id": max(t["id"] for t in todos) + 1, "text": data["new_todo_text"], "done": False}]
    toggled = [{**t, "done": not t["done"]} if t["id"] == 50 else t for t in todos]
    deleted = [t for t in todos if t["id"] != 50]

    def page(items: list[dict[str, Any]]) -> Callable[..., Element]:
        return lambda memo=None: render_target(template, items, h.add, h.toggle, h.delete, memo=memo)

    return {
        "S2a": (page(todos), page(added)),
        "S2b": (page(todos), page(toggled)),
        "S2c": (page(todos), page(deleted)),
    }


def _table_states(h: Handlers, template: Callable[..., None] = table_page) -> _States:
    data = load_data()
    rows: list[dict[str, Any]] = data["rows"]
    by_score = sorted(rows, key=lambda row: -row["score"])  # stable: ties keep id order
    one_cell = [{**r, "score": data["s3b_new_score"]} if r["id"] == data["s3b_row_id"] else r for r in rows]
    filtered = [r for r in rows if "an" in r["name"]]

    def page(items: list[dict[str, Any]]) -> Callable[..., Element]:
        return lambda memo=None: render_target(template, items, h.sort, memo=memo)

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


def memo_scenarios(handlers: Handlers | None = None) -> list[Scenario]:
    """S2–S5 with memoized rows (``todo_page_memo`` …): the same states, the same output.
    ``render_a(memo)`` and ``render_b(memo)`` take the ``MemoCache`` a connection would keep
    (None: a render that reuses nothing from before)."""
    h = handlers or Handlers()
    data = load_data()
    chat: list[dict[str, Any]] = data["chat"]
    items: list[dict[str, Any]] = data["items"]
    todo = _todo_states(h, todo_page_memo)
    tables = _table_states(h, table_page_memo)
    plain = {s.name: s for s in scenarios(h)}
    return [
        *(Scenario(name, plain[name].title, *todo[name]) for name in ("S2a", "S2b", "S2c")),
        *(Scenario(name, plain[name].title, *tables[name]) for name in ("S3a", "S3b", "S3c")),
        Scenario(
            "S4",
            "chat append",
            lambda memo=None: render_target(chat_page_memo, chat, h.send, memo=memo),
            lambda memo=None: render_target(chat_page_memo, [*chat, data["chat_new"]], h.send, memo=memo),
        ),
        Scenario(
            "S5",
            "keyed move",
            lambda memo=None: render_target(items_page_memo, items, memo=memo),
            lambda memo=None: render_target(items_page_memo, [items[-1], *items[:-1]], memo=memo),
        ),
    ]


SCENARIOS = [s.name for s in scenarios()]
MEMO_SCENARIOS = ["S2a", "S2b", "S2c", "S3a", "S3b", "S3c", "S4", "S5"]


def scenario(name: str, handlers: Handlers | None = None) -> Scenario:
    for candidate in scenarios(handlers):
        if candidate.name == name:
            return candidate
    raise KeyError(f"No scenario {name!r}; there are {SCENARIOS}")
