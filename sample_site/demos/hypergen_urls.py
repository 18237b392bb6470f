"""URLs of the Hypergen-style demo pages (``/hg/…``), written with the compat imports."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from hypergen_vdom import autourls

from . import hypergen_counter, hypergen_inputs, hypergen_todomvc

_pages = [
    pattern
    for module in (hypergen_counter, hypergen_inputs, hypergen_todomvc)
    for pattern in autourls(module, "hg")
]
urlpatterns: list[URLPattern | URLResolver] = [path("hg/", include((_pages, "hg"), namespace="hg"))]
