"""S1 counter, S2b todo toggle, S3a/S3b table in Hypergen 1.5.6's own idiom.

A page is a ``@liveview`` rendering into the base template's ``#content``; an event is a
``callback(...)`` to an ``@action``, which Hypergen's client POSTs (``hypergen_data``: the
arguments as JSON) and which answers with the commands that re-render the target:
``setClientState`` (every event handler of the new HTML), ``hypergen.morph("content", html)`` and
``onpushstate``. Elements that carry callbacks need ids (``id_=``), as Hypergen requires.

Hypergen keeps no state per page: its examples keep theirs in the database. Here the "database"
is ``DB`` in memory, set to state A (``bench/scenario_data.json``) each time a page is served, so
every event starts from state A like the other frameworks' fresh pages.
"""

from __future__ import annotations

import copy
import json
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypergen.imports import (
    NO_PERM_REQUIRED,
    action,
    body,
    button,
    callback,
    div,
    doctype,
    footer,
    form,
    head,
    html,
    input_,
    label,
    li,
    liveview,
    meta,
    table,
    tbody,
    td,
    th,
    thead,
    title,
    tr,
    ul,
)

DATA = json.loads((Path(__file__).resolve().parents[2] / "scenario_data.json").read_text(encoding="utf-8"))
DB: dict[str, Any] = {}


def reset() -> None:
    """State A in the "database"."""
    DB["todos"] = copy.deepcopy(DATA["todos"])
    DB["rows"] = list(DATA["rows"])


reset()


@contextmanager
def base_template():  # type: ignore[no-untyped-def]
    doctype()
    with html(lang="en"):
        with head():
            meta(charset="utf-8")
            title("Hypergen benchmark")
        with body(), div(id_="content"):
            yield


base_template.target_id = "content"  # type: ignore[attr-defined]


# -- templates --------------------------------------------------------------------------------


def counter_template(n: int) -> None:
    count = input_(id_="count", value=n, disabled=True, coerce_to=int)
    button("Increment", id_="increment", onclick=callback(increment, count))


def todo_template(todos: list[dict[str, Any]]) -> None:
    text = input_(name="text", placeholder="What needs to be done?", id_="new-todo")
    form(text, id_="new-todo-form", onsubmit=callback(add_todo, text, clear=True))
    with ul(id_="todo-list"):
        for todo in todos:
            li(
                input_(
                    type_="checkbox",
                    checked=todo["done"],
                    id_=("toggle", todo["id"]),
                    onchange=callback(toggle_todo, todo["id"]),
                ),
                label(todo["text"]),
                button("x", id_=("delete", todo["id"]), onclick=callback(delete_todo, todo["id"])),
                sep=" ",
                class_="completed" if todo["done"] else None,
            )
    footer(f"{sum(not todo['done'] for todo in todos)} items left")


def table_template(rows: list[dict[str, Any]]) -> None:
    with table():
        with thead():
            with tr():
                th("ID", id_="sort-id", onclick=callback(sort_rows, "id"))
                th("Name")
                th("Email")
                th("Score", id_="sort-score", onclick=callback(sort_rows, "score"))
                th("Date")
        with tbody():
            for row in rows:
                with tr():
                    td(row["id"])
                    td(row["name"])
                    td(row["email"])
                    td(row["score"])
                    td(row["date"])


# -- pages ------------------------------------------------------------------------------------


@liveview(perm=NO_PERM_REQUIRED, base_template=base_template, path="s1/")
def counter(request):  # type: ignore[no-untyped-def]
    counter_template(1)


@liveview(perm=NO_PERM_REQUIRED, base_template=base_template, path="s2/")
def todo(request):  # type: ignore[no-untyped-def]
    reset()
    todo_template(DB["todos"])


@liveview(perm=NO_PERM_REQUIRED, base_template=base_template, path="s3/")
def rows(request):  # type: ignore[no-untyped-def]
    reset()
    table_template(DB["rows"])


# -- actions ----------------------------------------------------------------------------------


@action(perm=NO_PERM_REQUIRED, base_template=base_template)
def increment(request, n):  # type: ignore[no-untyped-def]
    counter_template(n + 1)


@action(perm=NO_PERM_REQUIRED, base_template=base_template)
def add_todo(request, text):  # type: ignore[no-untyped-def]
    todos = DB["todos"]
    todos.append({"id": max((t["id"] for t in todos), default=0) + 1, "text": text, "done": False})
    todo_template(todos)


@action(perm=NO_PERM_REQUIRED, base_template=base_template)
def toggle_todo(request, todo_id):  # type: ignore[no-untyped-def]
    for todo in DB["todos"]:
        if todo["id"] == todo_id:
            todo["done"] = not todo["done"]
    todo_template(DB["todos"])


@action(perm=NO_PERM_REQUIRED, base_template=base_template)
def delete_todo(request, todo_id):  # type: ignore[no-untyped-def]
    DB["todos"] = [todo for todo in DB["todos"] if todo["id"] != todo_id]
    todo_template(DB["todos"])


@action(perm=NO_PERM_REQUIRED, base_template=base_template)
def sort_rows(request, column):  # type: ignore[no-untyped-def]
    if column == "score":
        DB["rows"] = sorted(DB["rows"], key=lambda row: -row["score"])
    elif column == "id":
        DB["rows"] = sorted(DB["rows"], key=lambda row: row["id"])
    table_template(DB["rows"])


@action(perm=NO_PERM_REQUIRED, base_template=base_template)
def set_score(request, row_id, score):  # type: ignore[no-untyped-def]
    DB["rows"] = [{**row, "score": score} if row["id"] == row_id else row for row in DB["rows"]]
    table_template(DB["rows"])
