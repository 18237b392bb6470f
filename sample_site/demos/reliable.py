"""``/reliable/``: a slow server, and a connection that drops while it works (diff mode).

"Place an order" takes the server 0.8 s (the handler sleeps, standing in for a slow payment API)
and then stores one row in the database. Drop the connection while it runs (switch the wifi off
and on, or restart the server): the client sends the click again after reconnecting, and the
server, which remembers which events it applied, places the order exactly once.

"Ping" is answered at once, also while another tab waits for its order: handlers run in a pool of
threads, so one connection's slow handler never holds up another's.
"""

from __future__ import annotations

import time
from typing import Any

from django.http import HttpRequest

from hypergen_vdom import *  # noqa: F403

from .base import demo_layout
from .models import Order

base_template = demo_layout("/reliable/")
SLOW_SECONDS = 0.8


def template(request: HttpRequest, pings: int) -> None:
    orders = Order.objects.filter(session_key=request.session.session_key or "")
    h2("A slow server")
    p(f"Placing an order takes the server {SLOW_SECONDS} s. Drop your connection while it works:"
      " the order is still placed exactly once.")
    button("Place an order", id="order", onclick=callback(place_order))
    p(f"{len(orders)} order(s) placed", id="order-count")
    with ol(id="orders"):
        for order in orders:
            li(f"Order {order.pk}, placed at {order.created:%H:%M:%S}", key=order.pk)
    h2("A fast handler")
    p("Answered at once, even while another tab waits for its order.")
    button("Ping", id="ping", onclick=callback(ping))
    p(f"{pings} ping(s) answered", id="pings")


@liveview(perm=NO_PERM_REQUIRED, base_template=base_template, diff=True)
def reliable(request: HttpRequest) -> None:
    template(request, 0)


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def place_order(consumer: Any, request: HttpRequest) -> None:
    time.sleep(SLOW_SECONDS)  # a slow payment API
    Order.objects.create(session_key=request.session.session_key or "")
    template(request, getattr(consumer, "pings", 0))


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def ping(consumer: Any, request: HttpRequest) -> None:
    consumer.pings = getattr(consumer, "pings", 0) + 1
    template(request, consumer.pings)
