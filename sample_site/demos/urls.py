"""URLs of the demo pages, included by ``sample_site.urls`` at the site root."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from hypergen_vdom import autourls

from . import (
    books,
    chat,
    compat_chat,
    compat_client,
    counter,
    counter_http,
    forms,
    index,
    notes,
    private,
    reliable,
    reorder,
    state,
    table,
    todo,
    widgets,
)

app_name = "demos"
urlpatterns: list[URLPattern | URLResolver] = [
    path("chat/push/", chat.push, name="chat-push"),
    path("reorder/push/", reorder.push, name="reorder-push"),
    *[
        pattern
        for module in (
            index, counter, counter_http, state, chat, todo, table, reorder, reliable, notes, private,
            widgets, forms, books, compat_client, compat_chat,
        )
        for pattern in autourls(module, "demos")
    ],
]
