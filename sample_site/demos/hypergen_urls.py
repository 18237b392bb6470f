"""URLs of the Hypergen-style demo pages (``/hg/…``), written with the compat imports."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from hypergen_vdom import autourls

from . import hypergen_counter, hypergen_todomvc

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "hg/",
        include(
            ([*autourls(hypergen_counter, "hg"), *autourls(hypergen_todomvc, "hg")], "hg"),
            namespace="hg",
        ),
    ),
]
