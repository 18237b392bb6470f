"""``/todo/``: a TodoMVC-style list in diff mode.

The list lives in the session, so it survives reconnects and server restarts; each event sends
only the ops that change the page (watch the meter under the list). Rows are ``@memo`` functions:
an event renders only the rows whose values changed.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from hypergen_vdom import (
    NO_PERM_REQUIRED,
    button,
    callback,
    consumer,
    footer,
    form,
    input_,
    label,
    li,
    liveview,
    ul,
)
from hypergen_vdom.memo import memo

from .base import demo_layout

base_template = demo_layout("/todo/")
SESSION_KEY = "demo_todos"
FIRST_TODOS = [
    "Buy milk", "Water the plants", "Call the plumber", "Book train tickets", "Fix the bike",
    "Write the report", "Answer Anna's email", "Renew the passport", "Clean the oven", "Pay the rent",
    "Return the library books", "Plan the weekend", "Back up the laptop", "Bake bread", "Walk the dog",
    "Mend the fence", "Order printer ink", "Call grandma", "Sort the photos", "Learn a new song",
]  # fmt: skip


def todos_of(request: HttpRequest) -> list[dict[str, Any]]:
    todos: list[dict[str, Any]] | None = request.session.get(SESSION_KEY)
    if todos is None:
        todos = [{"id": n, "text": text, "done": False} for n, text in enumerate(FIRST_TODOS, 1)]
    return todos


def save(request: HttpRequest, todos: list[dict[str, Any]]) -> None:
    request.session[SESSION_KEY] = todos
    request.session.save()  # a websocket has no response to save the session on


@memo  # a row renders only when its values change; the others are reused as they are
def todo_row(todo_id: int, text: str, done: bool) -> None:
    li(
        input_(type_="checkbox", id=f"todo-{todo_id}", checked=done, onchange=callback(toggle_todo, todo_id)),
        label(text, for_=f"todo-{todo_id}"),
        button("x", aria_label=f"Delete {text}", onclick=callback(delete_todo, todo_id)),
        sep=" ",
        class_="completed" if done else None,
        key=todo_id,  # diff mode moves, inserts and removes rows by key
    )


def template(todos: list[dict[str, Any]]) -> None:
    new_todo = input_(id="new-todo", name="text", placeholder="What needs to be done?")
    form(
        label("New todo", for_="new-todo", class_="visually-hidden"),
        new_todo,
        onsubmit=callback(add_todo, new_todo, clear=True),
    )
    with ul(id="todo-list"):
        for todo in todos:
            # The values the row shows, not the dict: @memo refuses what could change in place.
            todo_row(todo["id"], todo["text"], todo["done"])
    footer(f"{sum(not todo['done'] for todo in todos)} items left")


@liveview(perm=NO_PERM_REQUIRED, base_template=base_template, diff=True)
def todo(request: HttpRequest) -> None:
    todos = todos_of(request)
    save(request, todos)
    template(todos)


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def add_todo(consumer: Any, request: HttpRequest, text: str | None) -> None:
    todos = todos_of(request)
    text = (text or "").strip()[:200]  # an empty field arrives as None
    if text:
        todos.append({"id": max((t["id"] for t in todos), default=0) + 1, "text": text, "done": False})
        save(request, todos)
    template(todos)


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def toggle_todo(consumer: Any, request: HttpRequest, todo_id: int) -> None:
    todos = [{**t, "done": not t["done"]} if t["id"] == todo_id else t for t in todos_of(request)]
    save(request, todos)
    template(todos)


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def delete_todo(consumer: Any, request: HttpRequest, todo_id: int) -> None:
    todos = [t for t in todos_of(request) if t["id"] != todo_id]
    save(request, todos)
    template(todos)
