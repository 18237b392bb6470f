"""``/hg/todomvc/``: TodoMVC as a Hypergen 1.5.6 app would write it, through the compat imports.

The features of Hypergen's todomvc example: a base template with a target, ``@liveview`` with a
``re_path`` argument (the filter), ``@action(base_view=...)`` re-rendering the page with that
argument, ``appstate`` (here it holds the items too, so each visitor has a list of their own),
``clear=True``, a command list returned from an action, id tuples and class sets.
"""

from __future__ import annotations

from contextlib import contextmanager

from hypergen_vdom.compat.imports import *  # noqa: F403

ALL, ACTIVE, COMPLETED = "", "active", "completed"
MAX_ITEMS = 100


def initial_state():
    return {"items": [], "next_pk": 1, "edit_pk": None}


@contextmanager
def base():
    doctype()
    with html():
        with head():
            title("Hypergen • TodoMVC")
        with body():
            with section(id_="todoapp", class_="todoapp"):
                yield


base.target_id = "todoapp"
SETTINGS = dict(perm=NO_PERM_REQUIRED, base_template=base, appstate=initial_state)


def state():
    return context.hypergen.appstate


@liveview(re_path=r"^todomvc/(active|completed|)$", **SETTINGS)
def todomvc(request, filtering):
    items = state()["items"]
    shown = [i for i in items if filtering == ALL or i["done"] == (filtering == COMPLETED)]
    with header(class_="header"):
        h1("todos")
        new = input_(id_="new-todo", placeholder="What needs to be done?", autofocus=True)
        form(new, id_="new-form", onsubmit=callback(add, new, clear=True))
    with section(class_="main"):
        with ul(id_="todo-list", class_="todo-list"):
            for item in shown:
                todo_item(item)
    with footer(class_="footer"):
        left = sum(not i["done"] for i in items)
        span(strong(left), " item" if left == 1 else " items", " left", id_="todo-count")
        with ul(class_="filters"):
            for name, label_ in ((ALL, "All"), (ACTIVE, "Active"), (COMPLETED, "Completed")):
                li(
                    a(
                        label_,
                        href=todomvc.reverse(name),
                        class_="selected" if name == filtering else None,
                        id_=("filter", name or "all"),
                    )
                )
        if any(i["done"] for i in items):
            button("Clear completed", id_="clear-completed", onclick=callback(clear_completed))


def todo_item(item):
    pk = item["pk"]
    classes = {"completed"} if item["done"] else set()
    if state()["edit_pk"] == pk:
        with li(class_=classes | {"editing"}, id_=("item", pk)):
            field = input_(id_=("edit", pk), value=item["text"], class_="edit")
            form(field, id_=("edit-form", pk), onsubmit=callback(submit_edit, pk, field))
        return
    with li(class_=classes, id_=("item", pk)):
        with div(class_="view"):
            input_(
                class_="toggle",
                type_="checkbox",
                checked=item["done"],
                id_=("toggle", pk),
                onchange=callback(toggle, pk),
            )
            label(item["text"], id_=("label", pk), ondblclick=callback(start_edit, pk))
            button("×", class_="destroy", id_=("destroy", pk), onclick=callback(delete, pk))


def find(pk):
    return next(i for i in state()["items"] if i["pk"] == pk)


@action(base_view=todomvc, **SETTINGS)
def add(request, text):
    if text is None:
        return [["alert", "Please write something to do"]]
    appstate = state()
    if len(appstate["items"]) >= MAX_ITEMS:  # the list lives in the visitor's session: bounded
        return [["alert", f"At most {MAX_ITEMS} things to do"]]
    appstate["items"].append({"pk": appstate["next_pk"], "text": text[:200], "done": False})
    appstate["next_pk"] += 1


@action(base_view=todomvc, **SETTINGS)
def toggle(request, pk: int):
    item = find(pk)
    item["done"] = not item["done"]


@action(base_view=todomvc, **SETTINGS)
def delete(request, pk: int):
    state()["items"] = [i for i in state()["items"] if i["pk"] != pk]


@action(base_view=todomvc, **SETTINGS)
def clear_completed(request):
    state()["items"] = [i for i in state()["items"] if not i["done"]]


@action(base_view=todomvc, **SETTINGS)
def start_edit(request, pk: int):
    state()["edit_pk"] = pk


@action(base_view=todomvc, **SETTINGS)
def submit_edit(request, pk: int, text):
    if text:
        find(pk)["text"] = text[:200]
    else:
        state()["items"] = [i for i in state()["items"] if i["pk"] != pk]
    state()["edit_pk"] = None
