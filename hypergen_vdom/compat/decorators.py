"""Hypergen's ``@liveview`` and ``@action``, built on hypergen_vdom's decorators.

The core decorator does the work (permission, rendering into the base template, the client
script, the action's JSON commands); the compat layer adds Hypergen's keywords and conventions:

- ``@liveview`` and ``@action`` work bare and with arguments; ``perm=`` is required;
- ``login_url=``, ``raise_exception=``, ``redirect_field_name=`` (liveview), ``autourl=``,
  ``appstate=``, ``user_plugins=`` and ``base_view=`` with the page's URL arguments are honoured;
  ``partial=`` is recorded in the spec (``spec.options.extra["partial"]``) for partial loading;
- an ``@action`` may return a list of commands (sent instead of its render) or an
  ``HttpResponse`` (sent as is); a redirect becomes ``hypergen.redirect`` as in the core;
- ``context.request`` is set during the view, also without ``context_middleware``.

Any other keyword is a ``TypeError`` when the function is decorated.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, JsonResponse
from django.http.response import HttpResponseBase, HttpResponseRedirectBase
from django.urls import Resolver404, ResolverMatch, resolve

from ..action import action as core_action
from ..callbacks import PermissionDeniedError
from ..html import to_html
from ..liveview import liveview as core_liveview
from ..perms import NO_PERM_REQUIRED, has_perms
from ..signature import BadArgumentsError
from ..spec import spec_of
from ..tree import current_state
from .context import context
from .plugins import AppstatePlugin, LiveviewPlugin
from .render import render_context, run_plugins

__all__ = ["NO_PERM_REQUIRED", "action", "compat_client", "liveview", "page_match"]


def compat_client() -> Any:
    """``hypergen_vdom.compat.client`` (the compat client's server side), None where it isn't part
    of this install. Looked up, not imported at the top: it is optional for the server-side layer."""
    try:
        return importlib.import_module("hypergen_vdom.compat.client")
    except ModuleNotFoundError as error:
        if error.name != "hypergen_vdom.compat.client":
            raise
        return None


def _page_decorator() -> Callable[..., Any]:
    """The core ``@liveview``, or the compat client's (``client.compat_liveview``: it also loads
    the compat bundle — Hypergen's extra events, client commands, partial loading — and runs the
    commands a page queues at render) when that module is part of this install."""
    client = compat_client()
    return core_liveview if client is None else client.compat_liveview


# Our own decorator keywords a compat view may use too.
_CORE_LIVEVIEW_KEYWORDS = frozenset(("diff", "groups", "consumers"))
_RESULT = "_hypergen_compat_result"


def page_match(request: HttpRequest) -> ResolverMatch | None:
    """The page a request belongs to: its own URL for a GET, the page that posted it for an
    action (``X-Pathname`` or the ``Referer``, Hypergen's order)."""
    if request.method == "GET":
        return request.resolver_match
    for header in ("HTTP_X_PATHNAME", "HTTP_REFERER"):
        value = request.META.get(header)
        if value:
            try:
                return resolve(urlparse(value).path)
            except Resolver404:
                return None
    return None


def _need_perm(kind: str, perm: Any) -> None:
    if perm is None:
        raise TypeError(f"@{kind} needs perm=: a permission name, a list of them, or NO_PERM_REQUIRED")


def _plugins(view: Any, func: Callable[..., Any], appstate: Any, user_plugins: Any) -> list[Any]:
    plugins: list[Any] = [LiveviewPlugin()]
    if appstate is not None:
        routable = view.hypergen.routable
        namespace = getattr(appstate, "namespace", None) or (routable.namespace if routable else None)
        plugins.append(AppstatePlugin(namespace or func.__module__, appstate))
    plugins.extend(user_plugins or ())
    return plugins


def _base_view_page(request: HttpRequest, base_view: Any) -> ResolverMatch:
    """The page a ``base_view`` action re-renders: the one that posted it, which must be that view
    and one the user may see — the action's own permission doesn't open another page's content."""
    match = page_match(request)
    if match is None or match.func is not base_view:
        raise BadArgumentsError(
            f"{base_view.__name__} re-renders the page that posted this action, and that is not it"
            " (X-Pathname / Referer)"
        )
    spec = spec_of(base_view)
    assert spec is not None  # checked when the action was decorated
    options = spec.options
    if not has_perms(getattr(request, "user", None), options.perms, options.any_perm):
        raise PermissionDeniedError(f"Permission denied for {base_view.__name__}")
    return match


def _request_facts(request: HttpRequest, perms: tuple[str, ...] | None) -> dict[str, Any]:
    """What Hypergen keeps in ``context.hypergen`` about the request: the required permissions the
    user has (``any_perm=True``: which of them), and the page it belongs to."""
    user = getattr(request, "user", None)
    matched = {perm for perm in perms or () if user is not None and user.has_perm(perm)}
    return {"matched_perms": matched, "liveview_resolver_match": page_match(request)}


def _finish(view: Any, core_view: Any, func: Callable[..., Any], autourl: bool) -> None:
    spec = core_view.hypergen
    view.hypergen = spec if autourl else dataclasses.replace(spec, routable=None)
    view.reverse = core_view.reverse
    view.original_func = func


def liveview(
    func: Callable[..., Any] | None = None,
    *,
    path: str | None = None,
    re_path: str | None = None,
    base_template: Callable[..., Any] | None = None,
    perm: Any = None,
    any_perm: bool = False,
    login_url: str | None = None,
    raise_exception: bool = False,
    redirect_field_name: str | None = None,
    autourl: bool = True,
    partial: bool = True,
    target_id: str | None = None,
    appstate: Callable[[], Any] | None = None,
    user_plugins: list[Any] | None = None,
    **core_keywords: Any,
) -> Any:
    """Hypergen's ``@liveview``: ``func(request, *url_args)`` renders the page."""
    unknown = set(core_keywords) - _CORE_LIVEVIEW_KEYWORDS
    if unknown:
        raise TypeError(f"@liveview got unexpected keyword argument(s) {sorted(unknown)}")
    if func is not None and not callable(func):
        raise TypeError(f"@liveview() takes keyword arguments only, got {func!r}")
    _need_perm("liveview", perm)  # a bare @liveview has no perm= either
    if target_id is None:
        target_id = getattr(base_template, "target_id", None)
    if base_template is not None and partial and not target_id:
        raise TypeError(
            "@liveview(base_template=..., partial=True) needs a target_id: set base_template.target_id"
            " or pass target_id="
        )

    def decorate(func: Callable[..., Any]) -> Any:
        @functools.wraps(func)
        def page(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            state = current_state()
            assert state is not None  # the core view renders
            with render_context(
                state, None, _plugins(view, func, appstate, user_plugins), **_request_facts(request, perms)
            ):
                run_plugins("template_before")
                result = func(request, *args, **kwargs)
                run_plugins("template_after", template_result=result)
            return result

        core_view = _page_decorator()(
            perm=perm,
            any_perm=any_perm,
            base_template=base_template,
            target_id=target_id,
            path=path,
            re_path=re_path,
            partial=partial,
            **core_keywords,
        )(page)
        perms = core_view.hypergen.options.perms

        @functools.wraps(func)
        def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not has_perms(getattr(request, "user", None), perms, any_perm):
                if raise_exception:
                    raise PermissionDenied
                from django.contrib.auth import REDIRECT_FIELD_NAME
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(
                    request.get_full_path(), login_url, redirect_field_name or REDIRECT_FIELD_NAME
                )
            with context(request=request, user=getattr(request, "user", None)):
                response: HttpResponseBase = core_view(request, *args, **kwargs)
            return response

        _finish(view, core_view, func, autourl)
        view.hypergen_page = page  # type: ignore[attr-defined]  # base_view= renders it into an action
        view.is_hypergen_liveview = True  # type: ignore[attr-defined]
        return view

    return decorate(func) if func is not None else decorate


def action(
    func: Callable[..., Any] | None = None,
    *,
    path: str | None = None,
    re_path: str | None = None,
    base_template: Callable[..., Any] | None = None,
    target_id: str | None = None,
    perm: Any = None,
    any_perm: bool = False,
    login_url: str | None = None,
    raise_exception: bool = False,
    redirect_field_name: str | None = None,
    autourl: bool = True,
    partial: bool = True,
    base_view: Any = None,
    appstate: Callable[[], Any] | None = None,
    user_plugins: list[Any] | None = None,
) -> Any:
    """Hypergen's ``@action``: ``func(request, *callback_args)``, called by ``callback(func, ...)``."""
    if func is not None and not callable(func):
        raise TypeError(f"@action() takes keyword arguments only, got {func!r}")
    _need_perm("action", perm)  # a bare @action has no perm= either
    if login_url is not None or redirect_field_name is not None:
        raise TypeError(
            "@action(login_url=/redirect_field_name=): an action without permission answers 403;"
            " the login redirect belongs on the @liveview"
        )
    # raise_exception=True: a denied action answers 403 either way (Hypergen's HttpResponseForbidden).
    if target_id is None:
        target_id = getattr(base_template, "target_id", None)
    if base_view is not None and not hasattr(base_view, "hypergen_page"):
        raise TypeError(f"@action(base_view={base_view!r}): base_view must be a compat @liveview")
    if target_id is None and base_view is not None:
        target_id = base_view.hypergen.options.target_id

    def decorate(func: Callable[..., Any]) -> Any:
        @functools.wraps(func)
        def run(request: HttpRequest, *args: Any) -> Any:
            state = current_state()
            assert state is not None  # the core action renders
            page = _base_view_page(request, base_view) if base_view is not None else None
            facts = _request_facts(request, core_view.hypergen.options.perms)
            with render_context(
                state, target_id, _plugins(view, func, appstate, user_plugins), **facts
            ) as into:
                run_plugins("template_before")
                result = func(request, *args)
                plain = not isinstance(result, (list, HttpResponseBase))
                if page is not None and plain:
                    state.discard_output()  # the page's template renders the whole target afresh
                    base_view.hypergen_page(request, *page.args, **page.kwargs)
                run_plugins("template_after", template_result=result)
                # Multi-target: each other target's content is morphed in, before the commands.
                for index, (other, fragment) in enumerate(into.extra_targets().items()):
                    state.commands.insert(index, ["hypergen.morph", other, to_html(fragment)])
            if isinstance(result, list) or (
                isinstance(result, HttpResponseBase) and not isinstance(result, HttpResponseRedirectBase)
            ):
                setattr(request, _RESULT, result)
            return result

        core_view = core_action(
            perm=perm,
            any_perm=any_perm,
            base_template=base_template,
            target_id=target_id,
            path=path,
            re_path=re_path,
            partial=partial,
        )(run)

        @functools.wraps(func)
        def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            with context(request=request, user=getattr(request, "user", None)):
                response: HttpResponseBase = core_view(request, *args, **kwargs)
            result = request.__dict__.pop(_RESULT, None)
            if isinstance(result, list):
                return JsonResponse(result, safe=False, encoder=DjangoJSONEncoder)
            if isinstance(result, HttpResponseBase):
                return result
            return response

        _finish(view, core_view, func, autourl)
        view.supports_hypergen_callback = True  # type: ignore[attr-defined]
        return view

    return decorate(func) if func is not None else decorate
