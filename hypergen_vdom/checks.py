"""Django system checks: the set-up mistakes that otherwise fail silently in the browser.

Run by ``manage.py check`` and every ``runserver``/``migrate``. A page whose websocket route is
missing just shows dead buttons; these name the problem and the fix instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.utils.module_loading import import_string

from .groups import GROUPS_DECLARED_BY
from .websocket import HypergenConsumer

__all__ = ["check_setup"]

def _children(app: Any) -> Iterator[Any]:
    """The applications an ASGI router or middleware passes to (Channels' and Django's shapes)."""
    mapping = getattr(app, "application_mapping", None)
    if isinstance(mapping, dict):
        yield from mapping.values()
    for name in ("inner", "application", "app"):
        child = getattr(app, name, None)
        if child is not None and child is not app:
            yield child
    for route in getattr(app, "routes", ()) or ():
        yield getattr(route, "callback", route)


def _routes_hypergen(app: Any, depth: int = 0) -> bool:
    if depth > 20:
        return False
    if getattr(app, "consumer_class", None) is not None and issubclass(app.consumer_class, HypergenConsumer):
        return True
    return any(_routes_hypergen(child, depth + 1) for child in _children(app))


def _websocket_app(application: Any) -> Any:
    mapping = getattr(application, "application_mapping", None)
    return mapping.get("websocket") if isinstance(mapping, dict) else None


@register(Tags.compatibility)
def check_setup(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    asgi_path = getattr(settings, "ASGI_APPLICATION", None)
    if not asgi_path:
        messages.append(Error(
            "ASGI_APPLICATION is not set: hypergen_vdom's websockets need an ASGI server.",
            hint="Set ASGI_APPLICATION = 'yourproject.asgi.application' (see the README's asgi.py).",
            id="hypergen_vdom.E001",
        ))
    else:
        try:
            application = import_string(asgi_path)
        except Exception as error:  # the check must report, not crash manage.py
            messages.append(Error(
                f"ASGI_APPLICATION {asgi_path!r} can't be imported: {error}",
                id="hypergen_vdom.E002",
            ))
        else:
            websocket = _websocket_app(application)
            if websocket is None or not _routes_hypergen(websocket):
                messages.append(Error(
                    f"{asgi_path} does not route websockets to hypergen_vdom: live pages will not work.",
                    hint="Use ProtocolTypeRouter({'http': ..., 'websocket': AuthMiddlewareStack("
                    "URLRouter(hypergen_vdom.routing.websocket_urlpatterns))}) as in the README.",
                    id="hypergen_vdom.E002",
                ))
    if not getattr(settings, "CHANNEL_LAYERS", None):
        if GROUPS_DECLARED_BY:
            messages.append(Error(
                f"groups= is used ({', '.join(sorted(set(GROUPS_DECLARED_BY))[:3])}) but CHANNEL_LAYERS"
                " is not configured: group messages would never arrive.",
                hint="CHANNEL_LAYERS = {'default': {'BACKEND': 'channels.layers.InMemoryChannelLayer'}}"
                " for one process, channels_redis for several.",
                id="hypergen_vdom.E003",
            ))
        else:
            messages.append(Warning(
                "CHANNEL_LAYERS is not configured: group_send() fails, and a logout can't close the"
                " user's open live pages.",
                hint="Configure a channel layer (see the README).",
                id="hypergen_vdom.W003",
            ))
    apps = list(settings.INSTALLED_APPS)
    if "daphne" not in apps:
        messages.append(Warning(
            "'daphne' is not in INSTALLED_APPS: `manage.py runserver` serves no websockets.",
            hint="Put 'daphne' first in INSTALLED_APPS, or serve with `daphne yourproject.asgi:application`.",
            id="hypergen_vdom.W004",
        ))
    elif "django.contrib.staticfiles" in apps and apps.index("daphne") > apps.index(
        "django.contrib.staticfiles"
    ):
        messages.append(Error(
            "'daphne' comes after 'django.contrib.staticfiles' in INSTALLED_APPS: runserver is not"
            " daphne's, so it serves no websockets.",
            hint="Put 'daphne' first in INSTALLED_APPS.",
            id="hypergen_vdom.E004",
        ))
    if "django.contrib.sessions.middleware.SessionMiddleware" not in getattr(settings, "MIDDLEWARE", []):
        messages.append(Warning(
            "SessionMiddleware is not installed: page tokens can't be bound to a session, so an"
            " anonymous page token is a bearer token.",
            hint="Add 'django.contrib.sessions.middleware.SessionMiddleware' to MIDDLEWARE.",
            id="hypergen_vdom.W005",
        ))
    threshold = getattr(settings, "HYPERGEN_GC_THRESHOLD", None)
    if threshold is not None and not (
        isinstance(threshold, (tuple, list))
        and 1 <= len(threshold) <= 3
        and all(type(value) is int and value >= 0 for value in threshold)
    ):
        messages.append(Error(
            f"HYPERGEN_GC_THRESHOLD is {str(threshold)[:80]!r}: gc.set_threshold() takes one to three"
            " non-negative ints.",
            hint="Use a tuple like (50_000, 10, 10), or None for Python's own thresholds.",
            id="hypergen_vdom.E005",
        ))
    return messages
