"""The benchmark server's urlconf: the sample site, plus the benchmark pages under ``/bench/``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from sample_site.urls import urlpatterns as site_urlpatterns

from .gc_view import gc_pause_view

urlpatterns: list[URLPattern | URLResolver] = [
    path("bench/", include("bench.urls")),
    path("bench-gc/", gc_pause_view),  # the server's own GC pause (bench/memory.py)
    *site_urlpatterns,
]
