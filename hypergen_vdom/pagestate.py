"""A served page's server-side state: registered by the HTTP render, rebuilt for a valid token.

The HTTP render is the one access decision (DESIGN §8): only it registers a page and issues its
signed token, after the view's decorators, the middleware and ``perm=`` let the request through.
``rebuild_page`` serves a valid token whose state is gone (a restart with the in-process store,
an evicted entry): it renders the page again for the same user, re-checking ``perm=``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from .conf import setting
from .diffmode import DiffSession, baseline
from .groups import resolve_groups
from .html import to_html
from .spec import handler_id_of, spec_of
from .store import PageState, page_store
from .tokens import issue_token
from .tree import RenderState, find_element

__all__ = ["RebuiltPage", "page_state_for", "rebuild_page", "register_page"]


def page_state_for(
    spec: Any, request: Any, state: RenderState, session: DiffSession | None = None
) -> PageState | None:
    """The state a page needs server-side, or None when it uses no websocket at all. ``session``:
    the diff session a diff page continues (a partial load diffed against the client's page,
    ``partial.continue_diff``) instead of its target numbered from 0."""
    consumers = state.consumers
    declared = frozenset(handler_id_of(func) for func in spec.consumers)
    if not consumers and not declared and not spec.groups and not spec.diff:
        return None
    if spec.diff and session is None:
        session = baseline(state.root, spec.target_id)
        if session is None:
            raise ImproperlyConfigured(
                f"@liveview(diff=True) {spec.func.__qualname__}: no element with id {spec.target_id!r}"
                " (the target: set base_template.target_id or target_id=)"
            )
    groups = resolve_groups(spec.groups, request)
    for options in consumers.values():
        for group in resolve_groups(options.extra.get("groups"), request):
            if group not in groups:
                groups.append(group)
    return PageState(
        groups=groups,
        target_id=spec.target_id,
        handlers=frozenset(consumers) | declared,
        session=session,
    )


def register_page(
    spec: Any, request: Any, state: RenderState, session: DiffSession | None = None
) -> dict[str, str]:
    """Store the page's state under a new signed token; the client script's ``data-*``
    attributes that point to it. ``session``: as ``page_state_for``'s."""
    page = page_state_for(spec, request, state, session)
    if page is None:
        return {}
    token, claims = issue_token(request)
    page_store().put(claims.key, page, connected=False)
    data = {"ws": setting("HYPERGEN_WEBSOCKET_PATH"), "token": token}
    if page.session is not None:
        data.update({"diff": "1", "next-id": str(page.session.next_id)})
    return data


@dataclass
class RebuiltPage:
    state: PageState
    # Classic pages: the target's new inner HTML (None without a target); diff pages send the
    # session's tree instead.
    target_html: str | None


def rebuild_page(request: Any) -> RebuiltPage | None:
    """The page at ``request.path`` rendered afresh for ``request.user``; None when that path is
    no longer a liveview this user may see (the client then reloads over HTTP, where Django's
    whole stack decides)."""
    from django.conf import settings
    from django.urls import Resolver404, resolve

    from .perms import has_perms

    try:
        # The URLconf named explicitly: this runs in a worker thread whose thread-local URLconf
        # may be left over from whatever request that thread served last.
        match = resolve(request.path, urlconf=getattr(request, "urlconf", None) or settings.ROOT_URLCONF)
    except Resolver404:
        return None
    found = spec_of(match.func)
    if found is None or found.kind != "liveview":
        return None
    spec = found.options
    if not has_perms(getattr(request, "user", None), spec.perms, spec.any_perm):
        return None
    rendered, response = spec.render_page(request, match.args, match.kwargs)
    if response is not None:
        return None
    page = page_state_for(spec, request, rendered)
    if page is None:
        return None
    target_html = None
    if page.session is None and spec.target_id:
        target = find_element(rendered.root, lambda element: element.attrs.get("id") == spec.target_id)
        target_html = to_html(target.children) if target is not None else None
    return RebuiltPage(page, target_html)
