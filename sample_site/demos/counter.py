"""``/counter/``: the README's example, as a user would write it under ``mypy --strict``.

Only the base template differs from the README's: it is the demos' layout (``base.py``), which has
the same shape (``doctype``, ``html``, ``body``, a ``div(id="content")`` target) with a stylesheet,
the header and this source around it. The input has a label, as every input should.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from hypergen_vdom import *  # noqa: F403

from .base import demo_layout

base_template = demo_layout("/counter/")


def template(n: int) -> None:
    label("Count", for_="count")
    count = input(id="count", value=n, disabled=True)
    button("Increment", onclick=callback(increment, count))


@liveview(perm=NO_PERM_REQUIRED, base_template=base_template)
def counter(request: HttpRequest) -> None:
    template(1)


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def increment(consumer: Any, request: HttpRequest, count: int) -> None:
    template(count + 1)
