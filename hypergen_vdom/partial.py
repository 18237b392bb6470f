"""Partial loading: a link to another page of the same base template loads into the target.

The client (hypergen-compat.min.js, ``js/src/compat/partial.js``) fetches the link's URL with
``X-Hypergen-Partial: 1`` and ``X-Hypergen-Base: <key>``, the key of the page it is on. The request
is an ordinary GET through Django's whole stack — middleware, the view's decorators, ``perm=`` —
so a partial load shows exactly what a full load would; only the answer's shape differs:

- the page has the same key (same base template, target and mode): JSON
  ``{"target", "html", "title", "data", "commands"}``, the target's inner HTML, the ``<title>``
  text, the client script's ``data-*`` (the new page's token: the client reconnects with it) and
  the commands the page queued with ``command()`` (run after the swap, as on a full load);
- another key, or no target: JSON ``{"full": true}``; the client loads the URL in full.

Anything else (a login redirect, a non-liveview page) is not this JSON either, and the client
loads the URL in full, where Django decides again.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.http import HttpRequest, JsonResponse

from .html import to_html
from .tree import Element, RenderState, find_element

__all__ = ["PARTIAL_HEADER", "base_key", "is_partial", "partial_mismatch", "partial_response"]

PARTIAL_HEADER = "X-Hypergen-Partial"
BASE_HEADER = "X-Hypergen-Base"


def base_key(spec: Any) -> str | None:
    """What two pages must share for one to load into the other: base template, target id and
    mode (a diff page and a classic page run different clients). None: no partial loading."""
    base = spec.base_template
    if base is None or not spec.target_id:
        return None
    name = f"{base.__module__}.{base.__qualname__}|{spec.target_id}|{int(bool(spec.diff))}"
    # a digest, not the name: the page needn't show its module layout
    return hashlib.blake2s(name.encode(), digest_size=8).hexdigest()


def is_partial(request: HttpRequest) -> bool:
    return request.method == "GET" and request.headers.get(PARTIAL_HEADER) == "1"


def _json(body: dict[str, Any]) -> JsonResponse:
    response = JsonResponse(body)
    # the same URL answers HTML or JSON by this header: caches must keep them apart
    response["Vary"] = PARTIAL_HEADER
    response["Cache-Control"] = "no-store"
    return response


def partial_mismatch(spec: Any, request: HttpRequest) -> JsonResponse | None:
    """``{"full": true}`` when the page can't load into the client's page; None when it can.
    Asked before rendering (after the permission check), so a mismatch costs no render."""
    key = base_key(spec)
    if key is None or request.headers.get(BASE_HEADER) != key:
        return _json({"full": True})
    return None


def partial_response(spec: Any, state: RenderState, data: dict[str, str]) -> JsonResponse:
    """The target's inner HTML, the title and the client script's data of a rendered page."""
    target = find_element(state.root, lambda element: element.attrs.get("id") == spec.target_id)
    if target is None:
        return _json({"full": True})
    title = find_element(state.root, lambda element: element.tag == "title")
    return _json({
        "target": spec.target_id,
        "html": to_html(target.children),
        "title": _text(title) if title is not None else None,
        "data": data,
        "commands": state.commands,
    })


def _text(element: Element) -> str:
    return "".join(child if isinstance(child, str) else _text(child) for child in element.children)
