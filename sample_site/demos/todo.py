"""``/todo/``: a TodoMVC-style list in diff mode (the benchmark's S2 markup).

The list lives in the session, so it survives reconnects and server restarts; each event sends
only the ops that change the page (watch the meter under the list).
"""

from __future__ import annotations

from typing import Any

from bench.scenarios import load_data, todo_page
from hypergen_vdom import NO_PERM_REQUIRED, consumer, liveview

from .base import demo_template

SESSION_KEY = "demo_todos"


def todos_of(request: Any) -> list[dict[str, Any]]:
    todos: list[dict[str, Any]] | None = request.session.get(SESSION_KEY)
    if todos is None:
        todos = [dict(todo) for todo in load_data()["todos"][:20]]
    return todos


def save(request: Any, todos: list[dict[str, Any]]) -> None:
    request.session[SESSION_KEY] = todos
    request.session.save()  # a websocket has no response to save the session on


def template(todos: list[dict[str, Any]]) -> None:
    todo_page(todos, add_todo, toggle_todo, delete_todo)


@liveview(perm=NO_PERM_REQUIRED, base_template=demo_template, diff=True)
def todo(request: Any) -> None:
    todos = todos_of(request)
    save(request, todos)
    template(todos)


@consumer(perm=NO_PERM_REQUIRED, base_template=demo_template)
def add_todo(consumer: Any, request: Any, text: str) -> None:
    todos = todos_of(request)
    text = text.strip()[:200]
    if text:
        todos.append({"id": max((t["id"] for t in todos), default=0) + 1, "text": text, "done": False})
        save(request, todos)
    template(todos)


@consumer(perm=NO_PERM_REQUIRED, base_template=demo_template)
def toggle_todo(consumer: Any, request: Any, todo_id: int) -> None:
    todos = [{**t, "done": not t["done"]} if t["id"] == todo_id else t for t in todos_of(request)]
    save(request, todos)
    template(todos)


@consumer(perm=NO_PERM_REQUIRED, base_template=demo_template)
def delete_todo(consumer: Any, request: Any, todo_id: int) -> None:
    todos = [t for t in todos_of(request) if t["id"] != todo_id]
    save(request, todos)
    template(todos)
