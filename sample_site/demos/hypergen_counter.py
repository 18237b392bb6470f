"""``/hg/counter/``: Hypergen's "hello hypergen" counter, written as a Hypergen 1.5.6 app — only the
import line differs (``hypergen_vdom.compat.imports`` for ``hypergen.imports``)."""

from __future__ import annotations

from hypergen_vdom.compat.imports import *  # noqa: F403


@liveview(perm=NO_PERM_REQUIRED, path="counter/")
def counter(request):
    doctype()
    with html():
        with head():
            title("Hypergen counter")
        with body():
            with div(id_="content"):
                template(1)


def template(n):
    h2("Hypergen counter")
    p("Click increment: the server renders the new value and", "the page is updated in place.", sep=" ")
    with p():
        label("Current value: ", for_="value")
        input_(id_="value", type_="number", value=n)
        button("Increment", id_="increment", onclick=callback(increment, n))


@action(perm=NO_PERM_REQUIRED, target_id="content", path="increment/")
def increment(request, n):
    template(n + 1)
