"""Registering a served page's server-side state, so its websocket can find it by token."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from .conf import setting
from .consumer import resolve_groups
from .diffmode import baseline
from .store import PageState, new_token, page_store
from .tree import RenderState

__all__ = ["page_state_for", "recover_page", "register_page", "user_key"]


def user_key(user: Any) -> Any:
    """Who the page was served to; a websocket of someone else can't take the page over."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.pk


def page_state_for(spec: Any, request: Any, state: RenderState) -> PageState | None:
    """The state a page needs server-side, or None when it uses no websocket at all."""
    consumers = state.extra.get("consumers", {})
    if not consumers and not spec.groups and not spec.diff:
        return None
    tree, next_id = None, 0
    if spec.diff:
        found = baseline(state.root, spec.target_id)
        if found is None:
            raise ImproperlyConfigured(
                f"@liveview(diff=True) {spec.func.__qualname__}: no element with id {spec.target_id!r}"
                " (the target: set base_template.target_id or target_id=)"
            )
        tree, next_id = found
    groups = resolve_groups(spec.groups, request)
    for options in consumers.values():
        for group in resolve_groups(options.extra.get("groups"), request):
            if group not in groups:
                groups.append(group)
    return PageState(
        path=request.get_full_path(),
        user_key=user_key(getattr(request, "user", None)),
        groups=groups,
        diff=spec.diff,
        target_id=spec.target_id,
        tree=tree,
        next_id=next_id,
    )


def register_page(spec: Any, request: Any, state: RenderState) -> dict[str, str]:
    """Store the page's state; the client script's ``data-*`` attributes that point to it."""
    page = page_state_for(spec, request, state)
    if page is None:
        return {}
    token = new_token()
    page_store().put(token, page)
    data = {"ws": setting("HYPERGEN_WEBSOCKET_PATH"), "token": token}
    if page.diff:
        data.update({"diff": "1", "next-id": str(page.next_id)})
    return data


def recover_page(request: Any) -> PageState | None:
    """The state of the page at ``request.path`` when its token is unknown (expired, or the
    server restarted with an in-process store): render that liveview once more, server-side.
    None when the path is not a liveview the user may see."""
    from django.conf import settings
    from django.urls import Resolver404, resolve

    from .perms import has_perms

    try:
        # The URLconf named explicitly: this runs in a worker thread whose thread-local URLconf
        # may be left over from whatever request that thread served last.
        match = resolve(request.path, urlconf=getattr(request, "urlconf", None) or settings.ROOT_URLCONF)
    except Resolver404:
        return None
    spec = getattr(match.func, "hypergen", None)
    if spec is None or not hasattr(spec, "render_page"):
        return None
    if not has_perms(getattr(request, "user", None), spec.perms, spec.any_perm):
        return None
    state, response = spec.render_page(request, match.args, match.kwargs)
    if response is not None:
        return None
    return page_state_for(spec, request, state)
