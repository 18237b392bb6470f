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

In diff mode the client also sends ``X-Hypergen-Token`` (its page's token) and ``X-Hypergen-Seq``
(the last diff frame it applied). When the token is valid for this very session and user (read as
the websocket reads it, ``tokens.read_token``) and its page's kept tree is still stored at that
frame, the new page's target is diffed against it (``continue_diff``): the answer carries
``"patch"``, one diff frame in base64 (the seq after the client's, ids continuing from its
counter), instead of ``"html"``, and the new page's token names a diff session that continues
that one, so the websocket's hello with it resumes without a payload. Anything that doesn't fit
(a token of another session, expired, forged; state gone; the client past that frame) gets the
HTML as before — the other page's tree never shapes the answer then.

Anything else (a login redirect, a non-liveview page) is not this JSON either, and the client
loads the URL in full, where Django decides again.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, JsonResponse

from .diff import diff
from .diffmode import DiffSession
from .html import to_html
from .store import page_store
from .tokens import TokenError, read_token
from .tree import Element, RenderState, find_element
from .wire import encode_frame

__all__ = [
    "PARTIAL_HEADER",
    "Continuation",
    "base_key",
    "continue_diff",
    "is_partial",
    "partial_mismatch",
    "partial_response",
]

logger = logging.getLogger("hypergen_vdom")

PARTIAL_HEADER = "X-Hypergen-Partial"
BASE_HEADER = "X-Hypergen-Base"
TOKEN_HEADER = "X-Hypergen-Token"
SEQ_HEADER = "X-Hypergen-Seq"
_SEQ = re.compile(r"[0-9]{1,15}")  # a frame seq; anything else is no claim to a diff


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


@dataclass(frozen=True)
class Continuation:
    """A diff-mode partial load diffed against the client's page: the new page's diff session
    (registered under the new token) and the frame that takes the client there."""

    session: DiffSession
    frame: bytes


def continue_diff(spec: Any, request: HttpRequest, state: RenderState) -> Continuation | None:
    """The frame from the page the client shows (its token and last frame in the headers) to the
    target of ``state``, a rendered diff page; None: answer with the HTML instead."""
    if not spec.diff or not is_partial(request):
        return None
    token, seq = request.headers.get(TOKEN_HEADER), request.headers.get(SEQ_HEADER, "")
    if not token or not _SEQ.fullmatch(seq):
        return None
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    try:
        claims = read_token(token, session_key, getattr(request, "user", None))
    except TokenError as error:
        # someone else's or a stale page: no diff against it (the HTML answer shows nothing of it)
        logger.info("hypergen partial load of %s: no diff, %s", request.path[:100], error)
        return None
    stored = page_store().get(claims.key)
    old = stored.session if stored is not None else None
    if old is None or stored is None or stored.target_id != spec.target_id or old.seq != int(seq):
        return None  # gone, a classic page, another target, or frames the client hasn't (or has)
    target = find_element(state.root, lambda element: element.attrs.get("id") == spec.target_id)
    if target is None:
        return None
    # ``old.tree`` is never modified (diff.py): the stored page stays valid for its own socket
    patch = diff(old.tree, target, old.next_id)
    # the render's @memo outputs, numbered now: the next event reuses them (as diffmode.baseline)
    session = DiffSession(target, patch.next_id, old.seq + 1, memo=state.memo)
    # acked event 0: the frame answers no event (the client's pending events were none, see js)
    return Continuation(session, encode_frame(session.seq, 0, session.next_id, patch.ops))


def partial_response(
    spec: Any, state: RenderState, data: dict[str, str], continuation: Continuation | None = None
) -> JsonResponse:
    """The target's inner HTML (or, continuing a diff, the frame), the title and the client
    script's data of a rendered page."""
    target = find_element(state.root, lambda element: element.attrs.get("id") == spec.target_id)
    if target is None:
        return _json({"full": True})
    title = find_element(state.root, lambda element: element.tag == "title")
    body: dict[str, Any] = {"target": spec.target_id}
    if continuation is not None:
        body["patch"] = base64.b64encode(continuation.frame).decode("ascii")
    else:
        body["html"] = to_html(target.children)
    body.update({
        "title": _text(title) if title is not None else None,
        "data": data,
        "commands": state.commands,
    })
    return _json(body)


def _text(element: Element) -> str:
    return "".join(child if isinstance(child, str) else _text(child) for child in element.children)
