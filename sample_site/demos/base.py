"""The layout every demo page shares: a header with the connection indicator and the bytes meter,
the demo's title and what it shows, its live target, and the page's own source.

A demo's base template is ``demo_layout("/its-path/")``: the path picks the demo's entry in
``catalog.DEMOS``, which names the module whose source the page shows. Nothing a request sends
chooses a file: the source panel can show only modules the catalog names.
"""

from __future__ import annotations

import functools
import importlib
import inspect
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.templatetags.static import static

from hypergen_vdom import (
    BaseTemplate,
    a,
    body,
    code,
    details,
    div,
    doctype,
    h1,
    head,
    header,
    html,
    link,
    main,
    meta,
    nav,
    p,
    pre,
    script,
    span,
    summary,
    targets,
    title,
)

from .catalog import Demo, demo_for

__all__ = ["SOURCE_MAX_CHARS", "demo_layout", "site_layout", "source_of"]

# A demo module is a page of code; past this it is cut (the panel is for reading, not a download).
SOURCE_MAX_CHARS = 20_000


# One read per module and process (the source of a running module doesn't change). Bounded: the
# keys are the modules catalog.DEMOS names, never a value from a request.
@functools.cache
def source_of(module: str) -> str:
    """The source of ``module`` (one the catalog names), at most ``SOURCE_MAX_CHARS`` long."""
    text = inspect.getsource(importlib.import_module(module))
    if len(text) > SOURCE_MAX_CHARS:
        text = text[:SOURCE_MAX_CHARS] + "\n# … (cut: the rest is in the file)\n"
    return text


@contextmanager
def _page(page_title: str, head_scripts: Sequence[str] = ()) -> Iterator[None]:
    doctype()
    with html(lang="en"):
        with head():
            meta(charset="utf-8")
            meta(name="viewport", content="width=device-width, initial-scale=1")
            title(f"{page_title} – hypergen_vdom")
            link(rel="stylesheet", href=static("demos/demos.css"))
            for src in head_scripts:  # before the hypergen client, e.g. a hook it must find registered
                script(src=src, defer=True)
        with body():
            yield


def _status(demo: Demo) -> None:
    """The connection indicator and the bytes meter; ``status.js`` keeps them up to date."""
    with div(class_="status"):
        if demo.transport == "http":
            span("HTTP", id="connection", class_="connection", data_state="http",
                 title="This page's events are HTTP POSTs: it opens no websocket.")
        else:
            span("connecting…", id="connection", class_="connection", data_state="connecting",
                 role="status")
        span("last update: –", id="meter", class_="meter", data_transport=demo.transport)


def _source(demo: Demo) -> None:
    path = demo.module.replace(".", "/") + ".py"
    text = source_of(demo.module)
    with details(id="source", class_="source", open=True):
        summary("Source of this page: ", code(path), f" ({text.count(chr(10))} lines)")
        pre(code(text))  # text: escaped like any other


def demo_layout(path: str, *, head_scripts: Sequence[str] = ()) -> BaseTemplate:
    """The base template of the demo served at ``path``; ``head_scripts`` load before the client."""
    demo = demo_for(path)

    @targets("content")
    @contextmanager
    def layout() -> Iterator[None]:
        with _page(demo.title, head_scripts):
            with header(class_="site-header"):
                nav(a("hypergen_vdom", href="/", class_="brand"), span(demo.title, class_="crumb"),
                    aria_label="Site")
                _status(demo)
            with main():
                h1(demo.title)
                p(demo.shows, class_="lede")
                # The target: a consumer's render replaces its content (diff mode: owns every node
                # inside). The rest of the page is rendered once, by the HTTP GET.
                with div(id="content", class_="demo"):
                    yield
                _source(demo)
            script(src=static("demos/status.js"), defer=True)

    return layout


@targets("content")
@contextmanager
def site_layout() -> Iterator[None]:
    """The index's layout: no live status, no source panel."""
    with _page("Demos"):
        with header(class_="site-header"):
            nav(a("hypergen_vdom", href="/", class_="brand"), aria_label="Site")
        with main(id="content"):
            yield
