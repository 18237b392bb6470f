"""``/table/`` (diff mode) and ``/table-classic/`` (the same page, classic morphing): 1000 rows × 5,
sort by column, filter by name, edit a score. The view state lives in the session. Rows are
``@memo`` functions: the diff page's connection keeps them, so an event renders only the rows
whose values changed (the classic page, with no connection, renders them all)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from functools import cache
from typing import Any

from django.http import HttpRequest

from hypergen_vdom import (
    NO_PERM_REQUIRED,
    THIS,
    button,
    callback,
    consumer,
    div,
    input_,
    label,
    liveview,
    p,
    table,
    tbody,
    td,
    th,
    thead,
    tr,
)
from hypergen_vdom.memo import memo

from .base import demo_layout

FIRST_NAMES = ["Anna", "Andrew", "Daniel", "Hannah", "Ryan", "Sofia", "Oliver", "Emma", "Liam", "Mia",
               "Noah", "Grace", "Ethan", "Chloe", "Jan", "Ingrid", "Omar", "Yuki", "Pablo", "Zoe"]
LAST_NAMES = ["Smith", "Wilson", "Brown", "King", "Jensen", "Hansen", "Garcia", "Lee", "Novak", "Sato",
              "Martin", "Clark", "Evans", "Moreau", "Rossi", "Olsen"]


@cache
def people() -> list[dict[str, Any]]:
    """1000 made-up people, the same ones on every run."""
    rng = random.Random(1)
    rows: list[dict[str, Any]] = []
    for n in range(1, 1001):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        rows.append({
            "id": n,
            "name": f"{first} {last}",
            "email": f"{first}.{last}{n}@example.com".lower(),
            "score": rng.randint(10, 9999),
            "date": (date(2020, 1, 1) + timedelta(days=rng.randrange(4 * 365))).isoformat(),
        })
    return rows


SESSION_KEY = "demo_table"
# One layout per page (each has its own title); the handlers serve both and need only the target.
diff_layout = demo_layout("/table/")
classic_layout = demo_layout("/table-classic/")


def state_of(request: HttpRequest) -> dict[str, Any]:
    state: dict[str, Any] = request.session.get(SESSION_KEY) or {}
    return {"sort": "id", "desc": False, "filter": "", "edits": {}, **state}


def save(request: HttpRequest, state: dict[str, Any]) -> None:
    request.session[SESSION_KEY] = state
    request.session.save()


def rows_for(state: dict[str, Any]) -> list[dict[str, Any]]:
    edits: dict[str, int] = state["edits"]  # JSON session: keys are strings
    rows = [{**row, "score": edits.get(str(row["id"]), row["score"])} for row in people()]
    if state["filter"]:
        needle = state["filter"].lower()
        rows = [row for row in rows if needle in row["name"].lower()]
    return sorted(rows, key=lambda row: row[state["sort"]], reverse=state["desc"])


def template(state: dict[str, Any]) -> None:
    rows = rows_for(state)
    with div(class_="controls"):
        label("Filter by name", for_="filter")
        input_(id="filter", value=state["filter"], placeholder="e.g. an",
               oninput=callback(filter_rows, THIS, debounce=150))
    with div(class_="controls"):
        label("Row", for_="edit-id")
        row_id = input_(id="edit-id", type_="number", value=1, min=1, max=1000)
        label("New score", for_="edit-score")
        score = input_(id="edit-score", type_="number", value=0)
        button("Set score", id="edit", onclick=callback(edit_score, row_id, score))
    p(f"{len(rows)} rows, sorted by {state['sort']}{' descending' if state['desc'] else ''}", id="summary")
    with table():
        with thead():
            with tr():
                th("ID", class_="sortable", onclick=callback(sort_rows, "id"))
                th("Name")
                th("Email")
                th("Score", class_="sortable", onclick=callback(sort_rows, "score"))
                th("Date")
        with tbody():
            for row in rows:
                person_row(row["id"], row["name"], row["email"], row["score"], row["date"])


@memo  # on the diff page a row renders only when its values change (a sort reuses all 1000)
def person_row(row_id: int, name: str, email: str, score: int, day: str) -> None:
    with tr(key=row_id):  # diff mode moves rows by key: a sort is one ORDER op
        td(row_id)
        td(name)
        td(email)
        td(score)
        td(day)


def page(request: HttpRequest) -> None:
    state = state_of(request)
    # Saved on the page's own request so the browser gets its session cookie: a websocket can't
    # set one, and the handlers keep the view state in this session.
    save(request, state)
    template(state)


@liveview(perm=NO_PERM_REQUIRED, base_template=diff_layout, diff=True, path="table/")
def table_diff(request: HttpRequest) -> None:  # not `table`: that is the <table> element
    page(request)


@liveview(perm=NO_PERM_REQUIRED, base_template=classic_layout, path="table-classic/")
def table_classic(request: HttpRequest) -> None:
    page(request)


@consumer(perm=NO_PERM_REQUIRED, base_template=diff_layout)
def sort_rows(consumer: Any, request: HttpRequest, column: str) -> None:
    state = state_of(request)
    if column in ("id", "score"):
        # the first click on Score sorts best first; clicking the same column again reverses
        desc = not state["desc"] if state["sort"] == column else column == "score"
        state.update(sort=column, desc=desc)
        save(request, state)
    template(state)


@consumer(perm=NO_PERM_REQUIRED, base_template=diff_layout)
def filter_rows(consumer: Any, request: HttpRequest, text: str | None) -> None:
    state = {**state_of(request), "filter": (text or "")[:100]}  # a cleared field arrives as None
    save(request, state)
    template(state)


@consumer(perm=NO_PERM_REQUIRED, base_template=diff_layout)
def edit_score(consumer: Any, request: HttpRequest, row_id: int | None, score: int | None) -> None:
    state = state_of(request)
    if row_id is not None and score is not None and 1 <= row_id <= len(people()):
        state["edits"] = {**state["edits"], str(row_id): score}
        save(request, state)
    template(state)
