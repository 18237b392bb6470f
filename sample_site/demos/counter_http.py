"""``/counter-http/``: the canonical counter, with an HTTP ``@action`` instead of a ``@consumer``."""

from __future__ import annotations

from django.http import HttpRequest

from hypergen_vdom import NO_PERM_REQUIRED, action, button, callback, input_, label, liveview, p

from .base import demo_layout

base_template = demo_layout("/counter-http/")


def template(n: int) -> None:
    p("Each click is one POST; the answer morphs this box.")
    label("Count", for_="count")
    count = input_(id="count", value=n, disabled=True)
    button("Increment", id="increment", onclick=callback(increment_http, count))


@liveview(perm=NO_PERM_REQUIRED, base_template=base_template, path="counter-http/")
def counter_http(request: HttpRequest) -> None:
    template(1)


@action(perm=NO_PERM_REQUIRED, base_template=base_template)
def increment_http(request: HttpRequest, count: int) -> None:
    template(count + 1)
