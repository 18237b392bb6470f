"""Serving a page: render the template inside its base template, add the client script."""

from __future__ import annotations

from typing import Any

from django.middleware.csrf import get_token
from django.templatetags.static import static

from .tree import Element, Fragment

__all__ = ["CLIENT_SCRIPT", "DIFF_CLIENT_SCRIPT", "MORPH_SCRIPT", "add_client_script", "find_element"]

CLIENT_SCRIPT = "hypergen_vdom/hypergen.min.js"
# Diff-mode pages load the patcher instead of the morphing library; that one is fetched on demand
# (``data-morph``) the first time such a page gets a morph command.
DIFF_CLIENT_SCRIPT = "hypergen_vdom/hypergen-diff.min.js"
MORPH_SCRIPT = "hypergen_vdom/hypergen-morph.min.js"


def find_element(root: Element, predicate: Any) -> Element | None:
    """Depth-first search; the first element for which ``predicate(element)`` is true."""
    stack = [root]
    while stack:
        node = stack.pop()
        if predicate(node):
            return node
        stack.extend(reversed([c for c in node.children if isinstance(c, Element)]))
    return None


def add_client_script(root: Fragment, request: Any, data: dict[str, str]) -> None:
    """End ``<body>`` (or the document) with the client ``<script>``; no inline script, so a
    strict Content-Security-Policy works. ``data`` becomes ``data-*`` attributes it reads."""
    diff = "diff" in data
    attrs: dict[str, str | bool] = {
        "src": static(DIFF_CLIENT_SCRIPT if diff else CLIENT_SCRIPT),
        "defer": True,
        "id": "hypergen-client",
        "data-csrf": get_token(request),
    }
    attrs.update({f"data-{name}": value for name, value in data.items()})
    if diff:
        attrs["data-morph"] = static(MORPH_SCRIPT)
    script = Element("script", attrs)
    body = find_element(root, lambda e: e.tag == "body")
    (body if body is not None else root).children.append(script)
