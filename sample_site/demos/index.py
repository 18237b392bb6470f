"""``/``: links to every demo."""

from __future__ import annotations

from typing import Any

from hypergen_vdom import NO_PERM_REQUIRED, a, h1, li, liveview, p, ul

from .base import demo_template

DEMOS = [
    ("/counter/", "Counter (websocket @consumer, the canonical example)"),
    ("/counter-http/", "Counter over HTTP (@action)"),
    ("/state/", "State kept on the consumer across handlers and reconnects"),
    ("/chat/", "Chat: every open tab sees each message (groups, group_send)"),
    ("/todo/", "Todo list in diff mode (minimal patch ops)"),
    ("/table/", "1000-row table in diff mode: sort, filter, edit"),
    ("/table-classic/", "The same table, classic mode (the target's HTML morphed in)"),
    ("/reorder/", "Rows that move while you type in them (focus and caret survive)"),
    ("/books/", "240 unkeyed rows filtered and sorted: each change is one compact ORDER op"),
    ("/reliable/", "A slow server: a click during a dropped connection is applied exactly once"),
    ("/notes/", "Text and links users typed: CRLF notes patched in place, javascript: links neutralised"),
    ("/private/", "Login-only notes (log in at /admin/login/): logging out closes every open tab's page"),
    ("/widgets/", "A JS chart widget kept by the client (hv_ignore, hv_hook) and a slow form (disable_with)"),
]


@liveview(perm=NO_PERM_REQUIRED, base_template=demo_template, path="")
def index(request: Any) -> None:
    h1("hypergen_vdom demos")
    p("Live Django pages in pure Python.")
    with ul(id="demos"):
        for href, label in DEMOS:
            li(a(label, href=href))
