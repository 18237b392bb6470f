"""URLs of the demo pages, included by ``sample_site.urls`` at the site root."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from hypergen_vdom import autourls

from . import chat, counter, counter_http, index, state, table, todo

app_name = "demos"
urlpatterns: list[URLPattern | URLResolver] = [
    path("chat/push/", chat.push, name="chat-push"),
    *[
        pattern
        for module in (index, counter, counter_http, state, chat, todo, table)
        for pattern in autourls(module, "demos")
    ],
]
