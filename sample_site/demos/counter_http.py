"""``/counter-http/``: the canonical counter, with an HTTP ``@action`` instead of a ``@consumer``."""

from __future__ import annotations

from typing import Any

from hypergen_vdom import NO_PERM_REQUIRED, action, button, callback, input_, liveview, p

from .base import demo_template


def template(n: int) -> None:
    p("Each click is one POST; the answer morphs this box.")
    count = input_(id="count", value=n, disabled=True)
    button("Increment", id="increment", onclick=callback(increment_http, count))


@liveview(perm=NO_PERM_REQUIRED, base_template=demo_template, path="counter-http/")
def counter_http(request: Any) -> None:
    template(1)


@action(perm=NO_PERM_REQUIRED, base_template=demo_template)
def increment_http(request: Any, count: int) -> None:
    template(count + 1)
