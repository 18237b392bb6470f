"""``/hg/inputs/``: Hypergen's input types and how their values arrive in an action, through the
compat imports (text trimmed, "" as None, numbers, range as float, month/week dicts, dates,
checkbox, select multiple with ``coerce_to=int``, a file input's name)."""

from __future__ import annotations

from contextlib import contextmanager

from hypergen_vdom.compat.imports import *  # noqa: F403


@contextmanager
def base():
    doctype()
    with html():
        with head():
            title("Hypergen inputs")
        with body():
            with div(id_="content"):
                yield


base.target_id = "content"

FIELDS = (
    ("text", lambda: input_(id_="text", value="  padded  ")),
    ("number", lambda: input_(id_="number", type_="number", value=3)),
    ("range", lambda: input_(id_="range", type_="range", min=0, max=10, value=4)),
    ("month", lambda: input_(id_="month", type_="month", value={"year": 2024, "month": 5})),
    ("week", lambda: input_(id_="week", type_="week", value={"year": 2024, "week": 7})),
    ("date", lambda: input_(id_="date", type_="date")),
    ("checkbox", lambda: input_(id_="checkbox", type_="checkbox")),
    ("file", lambda: input_(id_="file", type_="file")),
    (
        "select",
        lambda: select([option(n, value=n) for n in (1, 2, 3)], id_="select", multiple=True, coerce_to=int),
    ),
)


def template(result=None):
    for name, make in FIELDS:
        with div(class_="field"):
            label(name, " ")
            field = make()
            button("send", id_=("send", name), onclick=callback(received, name, field))
    pre("" if result is None else result, id_="result")


@liveview(perm=NO_PERM_REQUIRED, base_template=base, path="inputs/")
def inputs(request):
    template()


@action(perm=NO_PERM_REQUIRED, base_template=base, path="inputs/received/")
def received(request, name, value):
    template(f"{name}: {value!r}")
