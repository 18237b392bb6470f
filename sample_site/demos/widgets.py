"""``/widgets/``: a client-side widget inside a server-rendered page, and a slow form (diff mode).

The bar chart is drawn by ``static/demos/widget.js``, a stand-in for any third-party library, in
an ``hv_ignore`` region: the server renders its container once and never touches what is inside,
so the chart survives every frame, and a resync too. ``hv_hook="BarChart"`` wires it to the page:
the hook draws the chart when its container appears (``mounted``), redraws it when the server
changes the container's ``data-values`` (``updated``) and removes it when the server drops the
container (``destroyed``). A click on a bar goes to the ``pick_bar`` consumer (the hook's
``this.pushEvent``, with the handler id the server renders into ``data-pick``), which re-renders
the caption outside the widget.

Under DEBUG (the sample site's default) the buttons at the bottom show the client's error overlay:
a consumer's error message, and Django's debug page for an ``@action`` that raises.

The guestbook form is sent whole (``callback(sign, THIS)`` on the ``<form>``: a ``{name: value}``
dict that a Django ``Form`` validates as it is) to a slow handler: while it works the form has the
class ``hypergen-loading`` and its button says "Signing…" (``disable_with``).
"""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.http import HttpRequest
from django.templatetags.static import static

from hypergen_vdom import (
    NO_PERM_REQUIRED,
    THIS,
    action,
    button,
    callback,
    consumer,
    div,
    form,
    h2,
    input_,
    label,
    li,
    liveview,
    p,
    ul,
)

from .base import demo_layout

SLOW_SECONDS = 0.7
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
FIRST_SALES = [3, 5, 2, 7]


# The demos' layout, with the widget's script in <head>: it runs before the hypergen client, so the
# hook is registered when the page is hydrated. Outside the target, so a resync never builds it again.
widgets_template = demo_layout("/widgets/", head_scripts=[static("demos/widget.js")])


class GuestbookForm(forms.Form):
    name = forms.CharField(max_length=40)
    subscribe = forms.BooleanField(required=False)


def fresh_state() -> dict[str, Any]:
    return {"sales": list(FIRST_SALES), "picked": None, "shown": True, "signed": [], "errors": {}}


def state_of(consumer: Any) -> dict[str, Any]:
    """The page's state, kept on the consumer (its attributes outlive reconnects)."""
    if not hasattr(consumer, "widgets"):
        consumer.widgets = fresh_state()
    state: dict[str, Any] = consumer.widgets
    return state


def template(state: dict[str, Any]) -> None:
    sales = state["sales"]
    h2("A widget the server doesn't render")
    p("The chart is drawn by the page's own JavaScript inside an hv_ignore region; click a bar.")
    if state["shown"]:
        div(
            id="chart",
            class_="chart",
            hv_ignore=True,
            hv_hook="BarChart",
            data_values=",".join(str(value) for value in sales),
            data_labels=",".join(MONTHS[: len(sales)]),
            data_pick=pick_bar.hypergen.handler_id,
        )
    picked = state["picked"]
    if picked is None:
        p("No bar picked yet.", id="picked")
    else:
        p(f"You picked {MONTHS[picked]}: {sales[picked]} sold.", id="picked")
    if len(sales) < len(MONTHS):
        button("Another month", id="more", onclick=callback(add_month))
    toggle = "Hide the chart" if state["shown"] else "Show the chart"
    button(toggle, id="toggle", onclick=callback(toggle_chart))

    h2("A slow form")
    p(f"Signing takes the server {SLOW_SECONDS} s: the form is busy meanwhile.")
    errors = state["errors"]
    with form(id="guestbook", onsubmit=callback(sign, THIS, disable_with="Signing…")):
        label("Name", for_="name")
        input_(id="name", name="name", autocomplete="off")
        label(input_(type_="checkbox", id="subscribe", name="subscribe"), " subscribe")
        button("Sign", id="sign", type_="submit")
    p(" ".join(errors.get("name", [])), id="errors")
    with ul(id="signed"):
        for entry in state["signed"]:
            li(entry)

    h2("Errors")
    p("With DEBUG on, a handler that raises shows its error over the page; an @action's error shows"
      " Django's debug page there.")
    button("Break something", id="break", onclick=callback(break_something))
    button("Break something over HTTP", id="break-http", onclick=callback(break_over_http))


@consumer(perm=NO_PERM_REQUIRED, base_template=widgets_template)
def pick_bar(consumer: Any, request: HttpRequest, index: int) -> None:
    state = state_of(consumer)
    if 0 <= index < len(state["sales"]):
        state["picked"] = index
    template(state)


@consumer(perm=NO_PERM_REQUIRED, base_template=widgets_template)
def add_month(consumer: Any, request: HttpRequest) -> None:
    state = state_of(consumer)
    sales = state["sales"]
    if len(sales) < len(MONTHS):
        sales.append((sales[-1] * 7 + 3) % 10 + 1)  # made-up numbers, the same every time
    template(state)


@consumer(perm=NO_PERM_REQUIRED, base_template=widgets_template)
def toggle_chart(consumer: Any, request: HttpRequest) -> None:
    state = state_of(consumer)
    state["shown"] = not state["shown"]
    template(state)


@consumer(perm=NO_PERM_REQUIRED, base_template=widgets_template)
def sign(consumer: Any, request: HttpRequest, data: dict[str, Any]) -> None:
    time.sleep(SLOW_SECONDS)  # a slow server
    state = state_of(consumer)
    guestbook = GuestbookForm(data)
    if guestbook.is_valid():
        subscribed = " (subscribed)" if guestbook.cleaned_data["subscribe"] else ""
        state["signed"].append(guestbook.cleaned_data["name"] + subscribed)
        state["errors"] = {}
    else:
        state["errors"] = {field: list(messages) for field, messages in guestbook.errors.items()}
    template(state)


@consumer(perm=NO_PERM_REQUIRED, base_template=widgets_template)
def break_something(consumer: Any, request: HttpRequest) -> None:
    raise ZeroDivisionError("a handler that fails, on purpose")


@action(perm=NO_PERM_REQUIRED, base_template=widgets_template)
def break_over_http(request: HttpRequest) -> None:
    raise ZeroDivisionError("an @action that fails, on purpose")


# pick_bar is bound by no rendered callback(): the hook sends to it, so the page declares it.
@liveview(perm=NO_PERM_REQUIRED, base_template=widgets_template, diff=True, consumers=[pick_bar])
def widgets(request: HttpRequest) -> None:
    template(fresh_state())
