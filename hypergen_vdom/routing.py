"""The websocket route: include ``websocket_urlpatterns`` in your ASGI ``URLRouter``."""

from __future__ import annotations

from django.urls import URLPattern, path

from .conf import setting
from .websocket import HypergenConsumer

__all__ = ["websocket_urlpatterns"]

websocket_urlpatterns: list[URLPattern] = [
    path(setting("HYPERGEN_WEBSOCKET_PATH").lstrip("/"), HypergenConsumer.as_asgi()),
]
