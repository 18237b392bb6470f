"""``/state/``: app state kept on the consumer instance, shared by several handlers and kept
across reconnects (pickled with the page's state)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from hypergen_vdom import (
    NO_PERM_REQUIRED,
    button,
    callback,
    consumer,
    div,
    input_,
    label,
    li,
    liveview,
    p,
    ul,
)

from .base import demo_layout

base_template = demo_layout("/state/")


def template(items: list[str]) -> None:
    p("The list lives on the websocket's consumer instance, kept with the page's state:"
      " it survives a dropped connection (and, with Redis, a server restart).")
    with div(class_="row"):
        label("Item", for_="entry")
        entry = input_(id="entry", placeholder="Something to remember")
        button("Add", id="add", onclick=callback(add_item, entry, clear=True))
        button("Clear", id="clear", onclick=callback(clear_items))
    with ul(id="items"):
        for item in items:
            li(item)
    p(f"{len(items)} item(s)", id="count")


@liveview(perm=NO_PERM_REQUIRED, base_template=base_template)
def state(request: HttpRequest) -> None:
    template([])


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def add_item(consumer: Any, request: HttpRequest, text: str | None) -> None:
    consumer.items = [*getattr(consumer, "items", []), (text or "").strip() or "(empty)"]
    template(consumer.items)


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def clear_items(consumer: Any, request: HttpRequest) -> None:
    consumer.items = []
    template(consumer.items)
