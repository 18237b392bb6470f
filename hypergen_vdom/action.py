"""``@action``: a callback over HTTP POST that answers with client commands (classic mode)."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, cast

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from .callbacks import CallbackOptions, PermissionDeniedError, result_commands, run_callback
from .clip import clip_text
from .coerce import CoercionError, decode_args
from .conf import setting
from .signature import BadArgumentsError
from .spec import Action, HypergenSpec
from .urls import Routable

__all__ = ["action"]

logger = logging.getLogger("hypergen_vdom")

P = ParamSpec("P")


def _error(status: int, message: str, request: HttpRequest) -> JsonResponse:
    # Both the path and the message can carry client data: one line each, bounded.
    logger.warning("hypergen action %s: %s (%s)", clip_text(request.path), clip_text(message), status)
    return JsonResponse({"error": message}, status=status)


class UploadTooBigError(ValueError):
    pass


def _payload(request: HttpRequest) -> str | bytes:
    """The JSON body; a multipart post (file uploads: the compat bundle's ``upload``) carries it
    in the field ``hypergen_data`` and its files in ``request.FILES``, bounded by
    ``HYPERGEN_MAX_UPLOAD_BYTES`` before Django parses any of it (a browser always sends the
    length of a FormData post: none counts as too big). Django's own
    ``DATA_UPLOAD_MAX_NUMBER_FILES`` bounds the number of files."""
    if request.content_type != "multipart/form-data":
        return request.body or b"{}"
    limit = setting("HYPERGEN_MAX_UPLOAD_BYTES")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or limit + 1)
    except ValueError:
        length = limit + 1
    if length > limit:
        raise UploadTooBigError(f"upload of {length} bytes is over HYPERGEN_MAX_UPLOAD_BYTES ({limit})")
    return request.POST.get("hypergen_data", "{}")


def action(
    perm: Any = None,
    any_perm: bool = False,
    base_template: Callable[..., Any] | None = None,
    target_id: str | None = None,
    base_view: Any = None,
    path: str | None = None,
    re_path: str | None = None,
    **extra: Any,
) -> Callable[[Callable[Concatenate[Any, P], Any]], Action[P]]:
    """Turn ``func(request, *args)`` into a POST endpoint that ``callback(func, ...)`` calls."""

    def decorate(func: Callable[Concatenate[Any, P], Any]) -> Action[P]:
        options = CallbackOptions.build(
            func, "action", perm, any_perm, base_template, target_id, base_view, **extra
        )

        @functools.wraps(func)
        @require_POST
        def view(request: HttpRequest, *url_args: Any, **url_kwargs: Any) -> JsonResponse:
            try:
                payload = json.loads(_payload(request))
                args = decode_args(payload.get("args", []) if isinstance(payload, dict) else None)
            # ValueError covers JSONDecodeError and UnicodeDecodeError; json's parser raises
            # RecursionError for deeply nested input ("[" * 100000).
            except UploadTooBigError as error:
                return _error(413, str(error), request)
            except (ValueError, RecursionError, CoercionError) as error:
                return _error(400, f"Bad request: {error}", request)
            try:
                result = run_callback(options, request, (request, *url_args), args)
            except PermissionDeniedError as error:
                return _error(403, str(error), request)
            except BadArgumentsError as error:
                return _error(400, str(error), request)
            return JsonResponse(result_commands(result), safe=False)

        routable = Routable(func.__name__, path, re_path)
        cached_url: list[str] = []

        def callback_target() -> str:
            if not cached_url:
                cached_url.append(routable.reverse())
            return cached_url[0]

        endpoint = cast(Action[P], view)
        qualified_name = f"{func.__module__}.{func.__qualname__}"
        endpoint.hypergen = HypergenSpec("action", qualified_name, options, routable, None, callback_target)
        endpoint.reverse = routable.reverse  # type: ignore[method-assign]
        return endpoint

    return decorate
