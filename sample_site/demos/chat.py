"""``/chat/``: a message typed in one tab appears in every open tab (a channel group).

``/chat/push/`` shows a push from the server: a plain Django view calls ``group_send``.
Messages are rows of ``Message``, so every server process behind a Redis channel layer sees them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse

from hypergen_vdom import (
    NO_PERM_REQUIRED,
    a,
    b,
    button,
    callback,
    consumer,
    div,
    form,
    group_send,
    input_,
    label,
    liveview,
    p,
    span,
    time_,
)

from .base import demo_layout
from .models import Message

base_template = demo_layout("/chat/")
GROUP = "demo-chat"


def template() -> None:
    latest = reversed(Message.objects.order_by("-id")[:50])
    with div(id="messages"):
        for said in latest:
            with div(class_="msg", key=said.pk):
                b(said.author)
                span(said.text)
                time_(f"{said.created:%H:%M:%S}")
    message = input_(id="message", name="body", placeholder="Say something", autocomplete="off")
    form(
        label("Message", for_="message", class_="visually-hidden"),
        message,
        button("Send", id="send"),
        class_="row",
        onsubmit=callback(send_message, message, clear=True),
    )
    p(a("Push a message from the server", href="/chat/push/", target="_blank"))


@liveview(perm=NO_PERM_REQUIRED, base_template=base_template, groups=[GROUP])
def chat(request: HttpRequest) -> None:
    template()


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def send_message(consumer: Any, request: HttpRequest, text: str | None) -> None:
    text = (text or "").strip()[:500]  # an empty field arrives as None
    if text:
        Message.objects.create(author="someone", text=text)
        group_send(GROUP, refresh)  # every tab re-renders, this one included
    else:
        template()


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def refresh(consumer: Any, request: HttpRequest) -> None:
    template()


def push(request: HttpRequest) -> HttpResponse:
    """A plain Django view pushing to every open chat tab."""
    Message.objects.create(author="server", text=f"pushed at {datetime.now():%H:%M:%S}")
    group_send(GROUP, refresh)
    return HttpResponse("Pushed a message to every open /chat/ tab.", content_type="text/plain")
