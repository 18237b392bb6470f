"""``/state/``: app state kept on the consumer instance, shared by several handlers and kept
across reconnects (pickled with the page's state)."""

from __future__ import annotations

from typing import Any

from hypergen_vdom import (
    NO_PERM_REQUIRED,
    button,
    callback,
    consumer,
    div,
    input_,
    li,
    liveview,
    p,
    ul,
)

from .base import demo_template


def template(items: list[str]) -> None:
    p("The list lives on the websocket's consumer instance, kept with the page's state:"
      " it survives a dropped connection (and, with Redis, a server restart).")
    entry = input_(id="entry", placeholder="Something to remember")
    with div():
        button("Add", id="add", onclick=callback(add_item, entry, clear=True))
        button("Clear", id="clear", onclick=callback(clear_items))
    with ul(id="items"):
        for item in items:
            li(item)
    p(f"{len(items)} item(s)", id="count")


@liveview(perm=NO_PERM_REQUIRED, base_template=demo_template)
def state(request: Any) -> None:
    template([])


@consumer(perm=NO_PERM_REQUIRED, base_template=demo_template)
def add_item(consumer: Any, request: Any, text: str) -> None:
    consumer.items = [*getattr(consumer, "items", []), text.strip() or "(empty)"]
    template(consumer.items)


@consumer(perm=NO_PERM_REQUIRED, base_template=demo_template)
def clear_items(consumer: Any, request: Any) -> None:
    consumer.items = []
    template(consumer.items)
