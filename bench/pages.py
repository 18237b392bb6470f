"""The benchmark scenarios S1–S6 as real pages (served under ``/bench/`` by ``bench/urls.py``).

Each scenario family has a diff-mode page (``/bench/s3/``) and the same page in classic mode
(``/bench/s3-classic/``); both render state A from ``scenario_data.json`` with the templates of
``bench/scenarios.py``, and share the ``@consumer`` handlers below, whose invocation renders
state B. The handlers keep what they change on the consumer (``consumer.bench``, per
connection), starting from state A, so an event repeated on one connection keeps changing the
page (the load test toggles todo 50 on and off).

The families S2–S5 also have a diff-mode page with memoized rows (``/bench/s3-memo/``: the
``*_page_memo`` templates, rows as ``@memo`` functions); the same handlers render it, choosing
the template by the page's path, and answer with the same frame, byte for byte.

``EVENTS`` names, for every scenario, the page, the handler and the arguments exactly as the
client sends them (element values arrive as ``{"$v": …}``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

from hypergen_vdom import NO_PERM_REQUIRED, body, consumer, div, doctype, head, html, liveview, meta, title

from .scenarios import (
    MEMO_SCENARIOS,
    chat_page,
    chat_page_memo,
    counter_page,
    items_page,
    items_page_memo,
    load_data,
    prose_page,
    table_page,
    table_page_memo,
    todo_page,
    todo_page_memo,
)

__all__ = ["EVENTS", "MEMO_SCENARIOS", "SCENARIO_PAGES", "Event", "bench_template", "state_a"]


@contextmanager
def bench_template() -> Iterator[None]:
    doctype()
    with html(lang="en"):
        with head():
            meta(charset="utf-8")
            title("hypergen_vdom benchmark")
        with body(), div(id="content"):
            yield


bench_template.target_id = "content"  # type: ignore[attr-defined]


def state_a(family: str) -> Any:
    """A fresh copy of the data a page family starts from (state A)."""
    data = load_data()
    if family == "todo":
        return [dict(todo) for todo in data["todos"]]
    if family == "table":
        return list(data["rows"])  # rows are never mutated in place: an edit copies the row
    if family == "chat":
        return list(data["chat"])
    if family == "items":
        return list(data["items"])
    if family == "prose":
        return data["prose_a"]
    raise KeyError(family)


def _states(consumer: Any) -> dict[str, Any]:
    states: dict[str, Any] = consumer.__dict__.setdefault("bench", {})
    return states


def _state(consumer: Any, family: str) -> Any:
    """This connection's data for ``family``, state A on first use."""
    states = _states(consumer)
    if family not in states:
        states[family] = state_a(family)
    return states[family]


def _set(consumer: Any, family: str, value: Any) -> None:
    _states(consumer)[family] = value


# -- templates with the real handlers --------------------------------------------------------


def _memoized(request: Any) -> bool:
    """Whether the event is for a page with memoized rows (``/bench/s<n>-memo/``)."""
    return bool(getattr(request, "path", "").endswith("-memo/"))


def todo_template(todos: list[dict[str, Any]], memoized: bool = False) -> None:
    (todo_page_memo if memoized else todo_page)(todos, add_todo, toggle_todo, delete_todo)


def table_template(rows: list[dict[str, Any]], memoized: bool = False) -> None:
    (table_page_memo if memoized else table_page)(rows, sort_rows)


def chat_template(messages: list[dict[str, Any]], memoized: bool = False) -> None:
    (chat_page_memo if memoized else chat_page)(messages, send_message)


# -- handlers (shared by the diff and classic pages) -----------------------------------------


@consumer(perm=NO_PERM_REQUIRED, base_template=bench_template)
def increment(consumer: Any, request: Any, count: int) -> None:
    counter_page(count + 1, increment)


@consumer(perm=NO_PERM_REQUIRED, base_template=bench_template)
def add_todo(consumer: Any, request: Any, text: str) -> None:
    todos = _state(consumer, "todo")
    todos.append({"id": max((t["id"] for t in todos), default=0) + 1, "text": text, "done": False})
    todo_template(todos, _memoized(request))


@consumer(perm=NO_PERM_REQUIRED, base_template=bench_template)
def toggle_todo(consumer: Any, request: Any, todo_id: int) -> None:
    todos = _state(consumer, "todo")
    for todo in todos:
        if todo["id"] == todo_id:
            todo["done"] = not todo["done"]
    todo_template(todos, _memoized(request))


@consumer(perm=NO_PERM_REQUIRED, base_template=bench_template)
def delete_todo(consumer: Any, request: Any, todo_id: int) -> None:
    todos = [todo for todo in _state(consumer, "todo") if todo["id"] != todo_id]
    _set(consumer, "todo", todos)
    todo_template(todos, _memoized(request))


@consumer(perm=NO_PERM_REQUIRED, base_template=bench_template)
def sort_rows(consumer: Any, request: Any, column: str) -> None:
    rows = _state(consumer, "table")
    if column == "score":  # best first; sorted() is stable, so ties keep their order
        rows = sorted(rows, key=lambda row: -row["score"])
    elif column == "id":
        rows = sorted(rows, key=lambda row: row["id"])
    _set(consumer, "table", rows)
    table_template(rows, _memoized(request))


@consumer(perm=NO_PERM_REQUIRED, base_template=bench_template)
def set_score(consumer: Any, request: Any, row_id: int, score: int) -> None:
    rows = [{**row, "score": score} if row["id"] == row_id else row for row in _state(consumer, "table")]
    _set(consumer, "table", rows)
    table_template(rows, _memoized(request))


@consumer(perm=NO_PERM_REQUIRED, base_template=bench_template)
def filter_rows(consumer: Any, request: Any, text: str) -> None:
    # Filters state A (what a filter box does): the rows whose name contains the text.
    rows = [row for row in state_a("table") if text in row["name"]]
    _set(consumer, "table", rows)
    table_template(rows, _memoized(request))


@consumer(perm=NO_PERM_REQUIRED, base_template=bench_template)
def send_message(consumer: Any, request: Any, text: str) -> None:
    messages = _state(consumer, "chat")
    template = load_data()["chat_new"]  # the fixture's author and time; the id follows the last
    messages.append({**template, "id": messages[-1]["id"] + 1 if messages else 1, "text": text})
    chat_template(messages, _memoized(request))


@consumer(perm=NO_PERM_REQUIRED, base_template=bench_template)
def move_last_to_front(consumer: Any, request: Any) -> None:
    items = _state(consumer, "items")
    items = [items[-1], *items[:-1]] if items else items
    _set(consumer, "items", items)
    (items_page_memo if _memoized(request) else items_page)(items)


@consumer(perm=NO_PERM_REQUIRED, base_template=bench_template)
def change_text(consumer: Any, request: Any, text: str) -> None:
    _set(consumer, "prose", text)
    prose_page(text)


# -- pages -----------------------------------------------------------------------------------

RENDER_A: dict[str, Callable[[], None]] = {
    "counter": lambda: counter_page(1, increment),
    "todo": lambda: todo_template(state_a("todo")),
    "table": lambda: table_template(state_a("table")),
    "chat": lambda: chat_template(state_a("chat")),
    "items": lambda: items_page(state_a("items")),
    "prose": lambda: prose_page(state_a("prose")),
}
MEMO_RENDER_A: dict[str, Callable[[], None]] = {
    "todo": lambda: todo_template(state_a("todo"), memoized=True),
    "table": lambda: table_template(state_a("table"), memoized=True),
    "chat": lambda: chat_template(state_a("chat"), memoized=True),
    "items": lambda: items_page_memo(state_a("items")),
}


_OPTIONS: dict[str, Any] = {"perm": NO_PERM_REQUIRED, "base_template": bench_template}


def _pages(family: str, number: int, handlers: list[Any]) -> tuple[Any, Any]:
    """The diff-mode page ``/bench/s<number>/`` and its classic twin ``/bench/s<number>-classic/``.

    Both declare the family's handlers (``consumers=``): a websocket may only invoke handlers its
    page bound, and some scenarios' events (a filter box, an edit, a reorder) come from no
    rendered binding of state A."""
    render = RENDER_A[family]

    def page(request: Any) -> None:
        render()

    page.__name__ = family
    diff_page = liveview(**_OPTIONS, diff=True, path=f"s{number}/", consumers=handlers)(page)

    def classic(request: Any) -> None:
        render()

    classic.__name__ = f"{family}_classic"
    classic_page = liveview(**_OPTIONS, path=f"s{number}-classic/", consumers=handlers)(classic)
    return diff_page, classic_page


def _memo_page(family: str, number: int, handlers: list[Any]) -> Any:
    """The diff-mode page with memoized rows, ``/bench/s<number>-memo/``."""
    render = MEMO_RENDER_A[family]

    def memoized(request: Any) -> None:
        render()

    memoized.__name__ = f"{family}_memo"
    return liveview(**_OPTIONS, diff=True, path=f"s{number}-memo/", consumers=handlers)(memoized)


counter, counter_classic = _pages("counter", 1, [increment])
todo, todo_classic = _pages("todo", 2, [add_todo, toggle_todo, delete_todo])
table, table_classic = _pages("table", 3, [sort_rows, set_score, filter_rows])
chat, chat_classic = _pages("chat", 4, [send_message])
items, items_classic = _pages("items", 5, [move_last_to_front])
prose, prose_classic = _pages("prose", 6, [change_text])
todo_memo = _memo_page("todo", 2, [add_todo, toggle_todo, delete_todo])
table_memo = _memo_page("table", 3, [sort_rows, set_score, filter_rows])
chat_memo = _memo_page("chat", 4, [send_message])
items_memo = _memo_page("items", 5, [move_last_to_front])


# -- the events ------------------------------------------------------------------------------


class Event(NamedTuple):
    """What the client sends for a scenario: on which page, to which handler, with which args."""

    scenario: str
    number: int  # the page: /bench/s<number>/ (diff) and /bench/s<number>-classic/
    handler: Any
    args: list[Any]

    @property
    def path(self) -> str:
        return f"/bench/s{self.number}/"

    @property
    def classic_path(self) -> str:
        return f"/bench/s{self.number}-classic/"

    @property
    def memo_path(self) -> str:
        """The page with memoized rows (S2–S5: ``scenario in MEMO_SCENARIOS``)."""
        return f"/bench/s{self.number}-memo/"


def _events() -> dict[str, Event]:
    data = load_data()
    return {
        "S1": Event("S1", 1, increment, [{"$v": "1", "as": "int"}]),
        "S2a": Event("S2a", 2, add_todo, [{"$v": data["new_todo_text"]}]),
        "S2b": Event("S2b", 2, toggle_todo, [50]),
        "S2c": Event("S2c", 2, delete_todo, [50]),
        "S3a": Event("S3a", 3, sort_rows, ["score"]),
        "S3b": Event("S3b", 3, set_score, [data["s3b_row_id"], data["s3b_new_score"]]),
        "S3c": Event("S3c", 3, filter_rows, ["an"]),
        "S4": Event("S4", 4, send_message, [{"$v": data["chat_new"]["text"]}]),
        "S5": Event("S5", 5, move_last_to_front, []),
        "S6": Event("S6", 6, change_text, [data["prose_b"]]),
    }


EVENTS = _events()
SCENARIO_PAGES = {"counter": 1, "todo": 2, "table": 3, "chat": 4, "items": 5, "prose": 6}
