"""``/counter/``: the canonical websocket example of the design, verbatim."""

from __future__ import annotations

from contextlib import contextmanager

from hypergen_vdom import *  # noqa: F403


@contextmanager
def base_template():
    doctype()
    with html():
        with body():
            with div(id="content"):
                yield

base_template.target_id = "content"

def template(n):
    count = input(id="count", value=n, disabled=True)
    button("Increment", onclick=callback(increment, count))

@liveview(perm=NO_PERM_REQUIRED, base_template=base_template)
def counter(request):
    template(1)

@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def increment(consumer, request, count):
    template(count + 1)
