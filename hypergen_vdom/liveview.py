"""``@liveview``: a page rendered from a Python template inside its base template."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Concatenate, ParamSpec, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.middleware.csrf import get_token
from django.templatetags.static import static

from .groups import note_groups
from .html import to_html
from .pagestate import register_page
from .partial import continue_diff, is_partial, partial_mismatch, partial_response
from .perms import has_perms, normalize_perms
from .spec import HypergenSpec, LiveView, spec_of
from .tree import Element, Fragment, RenderState, current_state, find_element, rendering
from .urls import Routable

__all__ = [
    "CLIENT_SCRIPT",
    "DIFF_CLIENT_SCRIPT",
    "MORPH_SCRIPT",
    "LiveviewSpec",
    "add_client_script",
    "liveview",
]

P = ParamSpec("P")

CLIENT_SCRIPT = "hypergen_vdom/hypergen.min.js"
# Diff-mode pages load the patcher instead of the morphing library; that one is fetched on demand
# (``data-morph``) the first time such a page gets a morph command.
DIFF_CLIENT_SCRIPT = "hypergen_vdom/hypergen-diff.min.js"
MORPH_SCRIPT = "hypergen_vdom/hypergen-morph.min.js"


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


@dataclass
class LiveviewSpec:
    func: Callable[..., Any]
    perms: tuple[str, ...] | None
    any_perm: bool
    base_template: Callable[..., Any] | None
    target_id: str | None
    diff: bool
    groups: Any
    # @consumer functions the page may invoke without a rendered binding (e.g. from client JS).
    consumers: tuple[Callable[..., Any], ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def render_page(
        self, request: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> tuple[RenderState, HttpResponseBase | None]:
        """Render the whole page tree; a response the page function returned wins."""
        with rendering() as state:
            if self.base_template is not None:
                with self.base_template():
                    result = self.func(request, *args, **kwargs)
            else:
                result = self.func(request, *args, **kwargs)
        return state, result if isinstance(result, HttpResponseBase) else None

    def render_content(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        """Run the page template (without the base template) into the current render."""
        if current_state() is None:
            raise RuntimeError("render_content() needs an active render")
        return self.func(request, *args, **kwargs)


def liveview(
    perm: Any = None,
    any_perm: bool = False,
    base_template: Callable[..., Any] | None = None,
    target_id: str | None = None,
    path: str | None = None,
    re_path: str | None = None,
    diff: bool = False,
    groups: Any = None,
    consumers: Iterable[Callable[..., Any]] = (),
    **extra: Any,
) -> Callable[[Callable[Concatenate[Any, P], Any]], LiveView[P]]:
    """Turn ``func(request, *args)`` into a Django view serving the whole page."""

    declared = tuple(consumers)
    for handler in declared:
        handler_spec = spec_of(handler)
        if handler_spec is None or handler_spec.kind != "consumer":
            raise TypeError(f"@liveview(consumers=...) takes @consumer functions, got {handler!r}")

    def decorate(func: Callable[Concatenate[Any, P], Any]) -> LiveView[P]:
        perms = normalize_perms(perm, f"@liveview {func.__module__}.{func.__qualname__}")
        if groups is not None:
            note_groups(func)
        spec = LiveviewSpec(
            func,
            perms,
            any_perm,
            base_template,
            target_id if target_id is not None else getattr(base_template, "target_id", None),
            diff,
            groups,
            declared,
            extra,
        )

        @functools.wraps(func)
        def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not has_perms(getattr(request, "user", None), spec.perms, spec.any_perm):
                # Imported here: django.contrib.auth needs configured settings at import time,
                # and the package must import without them (the pure core is tested that way).
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            partial = is_partial(request)
            if partial and (mismatch := partial_mismatch(spec, request)) is not None:
                return mismatch
            state, response = spec.render_page(request, args, kwargs)
            if response is not None:
                return response
            data: dict[str, str] = {}
            if spec.target_id:
                data["target"] = spec.target_id
            continuation = continue_diff(spec, request, state) if partial else None
            session = continuation.session if continuation is not None else None
            data.update(register_page(spec, request, state, session))
            if settings.DEBUG:
                data["debug"] = "1"  # the client shows errors in an overlay and logs frames
            if partial:
                response = partial_response(spec, state, data, continuation)
            else:
                add_client_script(state.root, request, data)
                # more scripts after the client's (the compat bundle: hypergen_vdom.compat.client)
                for add_script in spec.extra.get("page_scripts", ()):
                    add_script(state, request, spec)
                response = HttpResponse(to_html(state.root))
            if state.memo is not None:
                state.memo.seal_opened()  # the kept rows, once written (sealed.py)
            return response

        routable = Routable(func.__name__, path, re_path)
        page = cast(LiveView[P], view)
        page.hypergen = HypergenSpec("liveview", f"{func.__module__}.{func.__qualname__}", spec, routable)
        page.reverse = routable.reverse  # type: ignore[method-assign]
        return page

    return decorate
