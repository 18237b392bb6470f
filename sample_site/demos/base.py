"""The layout every demo page shares."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from hypergen_vdom import a, body, div, doctype, head, html, link, meta, nav, p, script, title

__all__ = ["demo_template"]


@contextmanager
def demo_template(page_title: str = "hypergen_vdom demos") -> Iterator[None]:
    doctype()
    with html(lang="en"):
        with head():
            meta(charset="utf-8")
            meta(name="viewport", content="width=device-width, initial-scale=1")
            title(page_title)
            link(rel="stylesheet", href="/static/demos/demos.css")
        with body():
            nav(a("hypergen_vdom demos", href="/"))
            with div(id="content"):
                yield
            # Outside the target: diff mode owns every node inside it.
            p("last update: –", id="meter", class_="meter")
            script(src="/static/demos/meter.js", defer=True)


demo_template.target_id = "content"  # type: ignore[attr-defined]
