"""``/reorder/``: keyed rows that move while you type in them (diff mode).

Each row has a note field the server never renders a value for; "Rotate" — or a push from
``/reorder/push/`` — moves the last row to the top. The row you are typing in moves (MOVE op,
``moveBefore`` where the browser has it) and keeps your focus, caret and text.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from hypergen_vdom import (
    NO_PERM_REQUIRED,
    a,
    button,
    callback,
    consumer,
    group_send,
    input_,
    label,
    li,
    liveview,
    ol,
    p,
)

from .base import demo_layout

base_template = demo_layout("/reorder/")
GROUP = "demo-reorder"
NAMES = ["Write the report", "Call the plumber", "Book tickets", "Water the plants", "Fix the bike"]


def order_of(consumer: Any) -> list[int]:
    order: list[int] = getattr(consumer, "order", list(range(len(NAMES))))
    return order


def template(order: list[int]) -> None:
    p("Type in a note, then rotate (or open ", a("/reorder/push/", href="/reorder/push/", target="_blank"),
      " in another tab): the rows move, your typing stays.")
    button("Rotate", id="rotate", onclick=callback(rotate))
    with ol(id="rows"):
        for index in order:
            with li(key=index, id=f"row-{index}"):
                label(NAMES[index], for_=f"note-{index}")
                input_(id=f"note-{index}", placeholder="note", autocomplete="off")


@liveview(perm=NO_PERM_REQUIRED, base_template=base_template, diff=True, groups=[GROUP])
def reorder(request: HttpRequest) -> None:
    template(list(range(len(NAMES))))


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def rotate(consumer: Any, request: HttpRequest) -> None:
    order = order_of(consumer)
    consumer.order = [order[-1], *order[:-1]]
    template(consumer.order)


def push(request: HttpRequest) -> HttpResponse:
    group_send(GROUP, rotate)
    return HttpResponse("Rotated every open /reorder/ page.", content_type="text/plain")
