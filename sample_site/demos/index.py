"""``/``: what each demo shows, with a link to it (the list is ``catalog.DEMOS``)."""

from __future__ import annotations

from django.http import HttpRequest

from hypergen_vdom import NO_PERM_REQUIRED, a, code, h1, h2, li, liveview, p, section, span, ul

from .base import site_layout
from .catalog import DEMOS


@liveview(perm=NO_PERM_REQUIRED, base_template=site_layout, path="")
def index(request: HttpRequest) -> None:
    with section(class_="hero"):
        h1("Live Django pages in pure Python")
        p("Pages are Python functions calling element functions; a click calls a Python function on"
          " the server over one websocket per page, and only what changed goes back. No JavaScript"
          " to write, no template language, no inline script (these pages run under a strict"
          " Content-Security-Policy).", class_="lede")
        p("Every demo shows its own source under the page, a connection indicator and, in the"
          " header, how many bytes the last update cost.")
    h2("Demos")
    with ul(id="demos", class_="cards"):
        for demo in DEMOS:
            with li(class_="card"):
                a(demo.title, href=demo.path, class_="card-title")
                span(code(demo.path), " · ", "HTTP" if demo.transport == "http" else "websocket",
                     class_="card-meta")
                p(demo.shows)
