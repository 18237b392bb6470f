"""The list of demos: the index's cards, each demo page's title and lede, and its source panel.

One entry per demo page, in the index's order. A new demo adds one ``Demo(...)`` here and uses
``demo_layout("/its-path/")`` (``base.py``) as its base template. The source panel shows only
modules named here: the page's request never chooses a file.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["DEMOS", "Demo", "demo_for"]


class Demo(NamedTuple):
    path: str  # where the page is served
    module: str  # the module whose source the page shows
    title: str
    shows: str  # one or two sentences: what the demo shows
    transport: str = "websocket"  # or "http": an @action page, no websocket


DEMOS: tuple[Demo, ...] = (
    Demo("/counter/", "sample_site.demos.counter", "Counter",
         "The README's example: a @liveview page and a @consumer handler. The input's value goes"
         " to the server as an int and the page is re-rendered there; no JavaScript written."),
    Demo("/counter-http/", "sample_site.demos.counter_http", "Counter over HTTP",
         "The same counter with an @action: each click is one POST, whose answer morphs the box.",
         transport="http"),
    Demo("/state/", "sample_site.demos.state", "State on the connection",
         "Two handlers share a list kept on the consumer instance; it survives a dropped"
         " connection (and, with Redis, a server restart)."),
    Demo("/chat/", "sample_site.demos.chat", "Chat",
         "Every open tab sees each message: a channel group and group_send, also from a plain"
         " Django view."),
    Demo("/todo/", "sample_site.demos.todo", "Todo list",
         "Diff mode: each event sends only the patch ops that change the page, and @memo rows"
         " render only when their values change."),
    Demo("/table/", "sample_site.demos.table", "A 1000-row table",
         "Sort, filter and edit 1000 rows in diff mode: a sort is one ORDER op, a filter a few"
         " removes."),
    Demo("/table-classic/", "sample_site.demos.table", "The same table, classic mode",
         "The table page without diff mode: each event sends the target's HTML, which the client"
         " morphs in. Compare the meter with /table/."),
    Demo("/reorder/", "sample_site.demos.reorder", "Rows that move while you type",
         "Keyed rows move (MOVE ops) under your cursor: focus, caret and typed text survive."),
    Demo("/reliable/", "sample_site.demos.reliable", "A slow server, a flaky network",
         "A click made while the connection drops is re-sent after reconnecting and applied exactly"
         " once; slow handlers never hold up other tabs."),
    Demo("/notes/", "sample_site.demos.notes", "Text and links users typed",
         "CRLF text patched in place with SPLICE_TEXT ops; javascript: links neutralised."),
    Demo("/private/", "sample_site.demos.private", "Login-only notes",
         "Django's @login_required decides, the websocket obeys: logging out closes every open tab"
         " of the page. Log in at /admin/login/ (manage.py createsuperuser makes a user)."),
    Demo("/forms/", "sample_site.demos.forms", "A Django form",
         "A ModelForm in diff mode, sent whole as a dict: errors appear under their fields and what"
         " you typed elsewhere stays; an empty date arrives as None. A long list below costs nothing."),
    Demo("/books/", "sample_site.demos.books", "A reading list, filtered and sorted",
         "240 unkeyed rows with ids: a filter or a sort is one compact ORDER op (a keep-bitmap or a"
         " packed permutation), a few dozen bytes instead of a list of ids."),
    Demo("/widgets/", "sample_site.demos.widgets", "Client widgets and slow forms",
         "A JavaScript chart the server never touches (hv_ignore, hv_hook), a form busy while a slow"
         " handler works (disable_with), and the error overlay."),
)  # fmt: skip


def demo_for(path: str) -> Demo:
    """The demo served at ``path`` (a KeyError names a path missing from ``DEMOS``)."""
    for demo in DEMOS:
        if demo.path == path:
            return demo
    raise KeyError(f"no demo at {path!r} in sample_site.demos.catalog.DEMOS")
